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

TEST(Router, AHeavyRouteSaysSoWhenMatched) {
  Router router;
  router.add("GET", "/plans/{id:id}", [](Request&) { return Response::text("plan"); });
  router.add(
      "GET", "/plans/{id:id}/orders", [](Request&) { return Response::text("orders"); },
      Cost::heavy);
  auto light = req("GET", "/plans/7");
  EXPECT_EQ(router.match(light).cost, Cost::light);
  auto heavy = req("GET", "/plans/7/orders");
  auto m = router.match(heavy);
  ASSERT_TRUE(m.handler);
  EXPECT_EQ(m.cost, Cost::heavy);
  auto head = req("HEAD", "/plans/7/orders");
  EXPECT_EQ(router.match(head).cost, Cost::heavy);
}

TEST(Router, TrailingSlashMovesToTheSlashlessPageKeepingTheQuery) {
  auto at = [](std::string method, std::string target) {
    Request r;
    r.method = std::move(method);
    set_target(r, std::move(target));
    return r;
  };
  Router router;
  router.add("GET", "/ru", [](Request&) { return Response::text("home"); });
  router.add("GET", "/ru/{page}", [](Request&) { return Response::text("page"); });
  router.add("POST", "/api/v1/things", [](Request&) { return Response::text("made"); });
  auto r = at("GET", "/ru/?q=%D0%B0&x=1");
  auto m = router.match(r);
  ASSERT_TRUE(m.handler);
  EXPECT_EQ(m.route, "trailing slash");
  auto res = (*m.handler)(r);
  EXPECT_EQ(res.status, 301);
  EXPECT_EQ(res.get_header("Location"), "/ru?q=%D0%B0&x=1");
  auto deep = at("HEAD", "/ru/news//");
  ASSERT_TRUE(router.match(deep).handler);
  EXPECT_EQ((*router.match(deep).handler)(deep).get_header("Location"), "/ru/news");
  // No page there, another method, or a path that would leave the site: no redirect.
  for (auto [method, path] : std::vector<std::pair<const char*, const char*>>{
           {"GET", "/en/"}, {"POST", "/api/v1/things/"}, {"GET", "//ru/"}, {"GET", "/ru/a/b/"}}) {
    auto x = at(method, path);
    EXPECT_FALSE(router.match(x).handler) << method << " " << path;
  }
}

TEST(Router, APatternOfMoreThanSixteenSegmentsIsRefusedAndALongerPathMatchesNothing) {
  Router router;
  std::string sixteen, seventeen;
  for (int i = 0; i < 16; ++i) sixteen += "/s" + std::to_string(i);
  seventeen = sixteen + "/{id:id}";
  router.add("GET", sixteen, [](Request&) { return Response::text("deep"); });
  EXPECT_THROW(router.add("GET", seventeen, [](Request&) { return Response::text("x"); }),
               std::logic_error);
  auto deep = req("GET", sixteen);
  EXPECT_TRUE(router.match(deep).handler);
  auto longer = req("GET", sixteen + "/1/2/3/4/5");
  auto m = router.match(longer);
  EXPECT_FALSE(m.handler);
  EXPECT_FALSE(m.path_known);
  EXPECT_EQ(m.route, "unmatched");
}
