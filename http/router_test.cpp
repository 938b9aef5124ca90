#include "http/router.hpp"

#include <gtest/gtest.h>

using namespace qorgan::http;

static Request req(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(Router, MatchesTypedIdsAndNamesTheRoute) {
  Router router;
  router.add("GET", "/api/v1/units/{id:id}",
             [](Request& r) { return Response::text(std::to_string(r.id())); });
  auto r = req("GET", "/api/v1/units/42");
  auto m = router.match(r);
  ASSERT_TRUE(m.handler);
  EXPECT_EQ(m.route, "/api/v1/units/{id:id}");
  EXPECT_EQ((*m.handler)(r).body, "42");
}

TEST(Router, RejectsNonNumericAndZeroIds) {
  Router router;
  router.add("GET", "/units/{id:id}", [](Request&) { return Response::text("x"); });
  for (auto path : {"/units/abc", "/units/0", "/units/-1", "/units/1x", "/units/"}) {
    auto r = req("GET", path);
    EXPECT_FALSE(router.match(r).handler) << path;
  }
}

TEST(Router, WrongMethodIsReportedAsKnownPath) {
  Router router;
  router.add("GET", "/a", [](Request&) { return Response::text("x"); });
  auto r = req("DELETE", "/a");
  auto m = router.match(r);
  EXPECT_FALSE(m.handler);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allowed, "GET, HEAD");
  router.add("PATCH", "/a", [](Request&) { return Response::text("y"); });
  auto again = req("DELETE", "/a");
  EXPECT_EQ(router.match(again).allowed, "GET, HEAD, PATCH");
  auto h = req("HEAD", "/a");
  EXPECT_TRUE(router.match(h).handler);
}
