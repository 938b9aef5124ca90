#include "http/request.hpp"

#include <gtest/gtest.h>

using namespace qorgan;
using namespace qorgan::http;

TEST(Query, DecodesPercentAndPlus) {
  auto q = parse_query("q=%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B+city&x&bad=%zz");
  EXPECT_EQ(q.find("q")->second, "Алматы city");
  EXPECT_EQ(q.find("x")->second, "");
  EXPECT_EQ(q.find("bad")->second, "%zz");
}

TEST(Cookie, FindsByName) {
  Request r;
  r.headers = {{"cookie", "a=1; qorgan_session=abc; b=2"}};
  EXPECT_EQ(r.cookie("qorgan_session"), "abc");
  EXPECT_EQ(r.cookie("c"), std::nullopt);
}

TEST(Problem, ValidationErrorsListFields) {
  auto r = problem(core::Error::invalid("bad", {{"iin", "has a wrong check digit"}}), "rid1");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.get_header("content-type"), "application/problem+json");
  auto j = core::Json::parse(r.body);
  EXPECT_EQ(j["errors"][0]["field"], "iin");
  EXPECT_EQ(j["request_id"], "rid1");
}

TEST(Problem, RetryAfterHeaderAndBodySayTheSameNumber) {
  auto r = problem(core::Error::too_many("Try again in 17 seconds.", 17));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.get_header("retry-after"), "17");
  auto j = core::Json::parse(r.body);
  EXPECT_EQ(j["retry_after"], 17);
  EXPECT_EQ(j["detail"], "Try again in 17 seconds.");
  EXPECT_EQ(problem(core::Error::invalid("bad")).get_header("retry-after"), "");
}
