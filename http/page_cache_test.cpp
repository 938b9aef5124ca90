#include "http/page_cache.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace qorgan::http {

namespace {

Request get(std::string target, Headers headers = {}) {
  Request r;
  r.method = "GET";
  r.target = std::move(target);
  r.headers = std::move(headers);
  return r;
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
  EXPECT_FALSE(not_modified(get("/", {{"If-None-Match", "\"x\""}, {"If-Modified-Since", lm}}),
                            etag, lm));
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
  auto first = cache.serve(get("/ru", {{"Accept-Encoding", "gzip, br"}}), 0, make);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.get_header("Content-Encoding"), "gzip");
  EXPECT_EQ(gunzip(first.body), std::string(1000, 'x'));
  std::string etag(first.get_header("ETag"));
  auto again = cache.serve(get("/ru", {{"If-None-Match", etag}}), 0, make);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(renders, 1);
  cache.clear();
  EXPECT_EQ(cache.serve(get("/ru"), 0, make).body, std::string(1000, 'x'));
  EXPECT_EQ(renders, 2);
}

TEST(HttpCaching, OnlySuccessIsKeptAndOtherAnswersPassThrough) {
  PageCache cache;
  int renders = 0;
  auto missing = [&] {
    ++renders;
    return Response::html("gone", 404);
  };
  EXPECT_EQ(cache.serve(get("/x"), 0, missing).get_header("Cache-Control"), "no-cache");
  cache.serve(get("/x"), 0, missing);
  EXPECT_EQ(renders, 2);
  auto redirect = cache.serve(get("/y"), 0, [] { return Response::redirect("/z", 301); });
  EXPECT_EQ(redirect.status, 301);
  EXPECT_TRUE(redirect.get_header("ETag").empty());
}

}  // namespace qorgan::http
