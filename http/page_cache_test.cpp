#include "http/page_cache.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace qorgan::http {

namespace {

Request get(std::string target, Headers headers = {}) {
  Request r;
  r.method = "GET";
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = parse_query(std::string_view(target).substr(q + 1));
  r.target = std::move(target);
  r.headers = std::move(headers);
  return r;
}

// serve() under the request's own key, the page varying by `cursor` only.
Response serve(PageCache& cache, const Request& req, const std::function<Response()>& make) {
  return cache.serve(req, cache_key(req, {"cursor"}), 0, make);
}

std::string gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = uInt(in.size());
  std::string out(1 << 16, '\0');
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = uInt(out.size());
  inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

}  // namespace

TEST(HttpCaching, DatesAreImfFixdate) {
  EXPECT_EQ(http_date(1749297240LL * 1000000), "Sat, 07 Jun 2025 11:54:00 GMT");
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(HttpCaching, ConditionalRequests) {
  auto etag = etag_of("body");
  EXPECT_EQ(etag, etag_of("body"));
  EXPECT_NE(etag, etag_of("other"));
  EXPECT_TRUE(not_modified(get("/", {{"If-None-Match", etag}}), etag));
  EXPECT_TRUE(not_modified(get("/", {{"If-None-Match", "\"x\", " + etag}}), etag));
  EXPECT_TRUE(not_modified(get("/", {{"If-None-Match", "*"}}), etag));
  EXPECT_FALSE(not_modified(get("/", {{"If-None-Match", "\"x\""}}), etag));
  EXPECT_FALSE(not_modified(get("/"), etag));
  auto lm = http_date(0);
  EXPECT_TRUE(not_modified(get("/", {{"If-Modified-Since", lm}}), etag, lm));
  EXPECT_FALSE(not_modified(get("/", {{"If-Modified-Since", lm}}), etag));
  // If-None-Match decides when both are sent.
  EXPECT_FALSE(
      not_modified(get("/", {{"If-None-Match", "\"x\""}, {"If-Modified-Since", lm}}), etag, lm));
}

TEST(HttpCaching, GzipRoundTrips) {
  std::string text(5000, 'q');
  auto gz = gzip(text);
  EXPECT_LT(gz.size(), text.size());
  EXPECT_EQ(gunzip(gz), text);
}

TEST(HttpCaching, PageCacheRendersOnceUntilCleared) {
  PageCache cache;
  int renders = 0;
  auto make = [&] {
    ++renders;
    return Response::html(std::string(1000, 'x'));
  };
  auto first = serve(cache, get("/ru", {{"Accept-Encoding", "gzip, br"}}), make);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.get_header("Content-Encoding"), "gzip");
  EXPECT_EQ(gunzip(std::string(first.payload())), std::string(1000, 'x'));
  std::string etag(first.get_header("ETag"));
  auto again = serve(cache, get("/ru", {{"If-None-Match", etag}}), make);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.payload().empty());
  EXPECT_EQ(renders, 1);
  cache.clear();
  EXPECT_EQ(serve(cache, get("/ru"), make).payload(), std::string(1000, 'x'));
  EXPECT_EQ(renders, 2);
}

// On an I/O thread (inside CachedOnly) a kept page is answered and a missing one is deferred
// without rendering; outside, the same request renders and keeps it.
TEST(HttpCaching, CachedOnlyAnswersWhatIsKeptAndDefersTheRest) {
  PageCache cache;
  int renders = 0;
  auto make = [&] {
    ++renders;
    return Response::html("<p>front page</p>");
  };
  {
    CachedOnly io_thread;
    auto missing = serve(cache, get("/ru"), make);
    EXPECT_TRUE(deferred(missing));
    EXPECT_EQ(renders, 0);
  }
  auto rendered = serve(cache, get("/ru"), make);
  EXPECT_EQ(rendered.status, 200);
  EXPECT_EQ(renders, 1);
  {
    CachedOnly io_thread;
    { CachedOnly nested; }
    auto kept = serve(cache, get("/ru"), make);
    EXPECT_FALSE(deferred(kept));
    EXPECT_EQ(kept.payload(), "<p>front page</p>");
    EXPECT_TRUE(deferred(serve(cache, get("/kk"), make)));
  }
  EXPECT_EQ(renders, 1);
  EXPECT_EQ(serve(cache, get("/kk"), make).status, 200);
  EXPECT_EQ(renders, 2);
}

// A page rendered from data read before a change, and finished after the change cleared the
// cache (another server's publication arrives mid-render), is served but not kept.
TEST(HttpCaching, APageRenderedAcrossAClearIsNotKept) {
  PageCache cache;
  int renders = 0;
  auto stale = [&] {
    ++renders;
    cache.clear();  // the change lands while this render runs
    return Response::html("old news");
  };
  EXPECT_EQ(serve(cache, get("/en"), stale).payload(), "old news");
  auto fresh = [&] {
    ++renders;
    return Response::html("new news");
  };
  EXPECT_EQ(serve(cache, get("/en"), fresh).payload(), "new news");
  EXPECT_EQ(serve(cache, get("/en"), fresh).payload(), "new news");
  EXPECT_EQ(renders, 2) << "the fresh render is kept, the stale one was not";
}

TEST(HttpCaching, OnlySuccessIsKeptAndOtherAnswersPassThrough) {
  PageCache cache;
  int renders = 0;
  auto missing = [&] {
    ++renders;
    return Response::html("gone", 404);
  };
  EXPECT_EQ(serve(cache, get("/x"), missing).get_header("Cache-Control"), "no-cache");
  serve(cache, get("/x"), missing);
  EXPECT_EQ(renders, 2);
  auto redirect = serve(cache, get("/y"), [] { return Response::redirect("/z", 301); });
  EXPECT_EQ(redirect.status, 301);
  EXPECT_TRUE(redirect.get_header("ETag").empty());
}

TEST(HttpCaching, MadeUpQueryParametersShareOneEntry) {
  PageCache cache;
  int renders = 0;
  auto make = [&] {
    ++renders;
    return Response::html("page");
  };
  for (int i = 0; i < 100; ++i) serve(cache, get("/ru?junk=" + std::to_string(i) + "&x=y"), make);
  EXPECT_EQ(renders, 1);
  EXPECT_EQ(cache.entries(), 1u);
  // The parameter the page reads does make another entry; the order of parameters does not.
  serve(cache, get("/ru?cursor=abc&junk=1"), make);
  serve(cache, get("/ru?junk=2&cursor=abc"), make);
  EXPECT_EQ(renders, 2);
  EXPECT_EQ(cache_key(get("/ru?z=1&cursor=a%20b"), {"cursor"}), "/ru?cursor=a%20b");
}

TEST(HttpCaching, KeptAnswersStayWithinTheByteBudgetOldestFirst) {
  const std::size_t budget = 200 * 1024;
  PageCache cache(std::chrono::seconds(30), budget);
  auto big = [] { return Response::text(std::string(10 * 1024, 'a')); };  // 10 kB, gzip ~ 50 B
  for (int i = 0; i < 1000; ++i) {
    serve(cache, get("/ru?cursor=" + std::to_string(i)), big);
    ASSERT_LE(cache.bytes(), budget);
  }
  EXPECT_GT(cache.entries(), 10u);
  EXPECT_LT(cache.entries(), 21u);
  // The newest is kept, the oldest went.
  int renders = 0;
  auto counted = [&] {
    ++renders;
    return big();
  };
  serve(cache, get("/ru?cursor=999"), counted);
  EXPECT_EQ(renders, 0);
  serve(cache, get("/ru?cursor=0"), counted);
  EXPECT_EQ(renders, 1);
  // An answer larger than the whole budget is served but not kept.
  PageCache small(std::chrono::seconds(30), 1024);
  serve(small, get("/ru"), big);
  EXPECT_EQ(small.entries(), 0u);
}

}  // namespace qorgan::http
