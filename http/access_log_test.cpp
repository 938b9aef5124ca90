#include "http/access_log.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/json.hpp"

using namespace qorgan;

namespace {

// The line as the server printed it before it was written without a JSON tree.
std::string tree_line(const http::AccessEntry& e) {
  core::Json line{{"ts", core::format_rfc3339(e.at)},
                  {"rid", std::string(e.request_id)},
                  {"remote", std::string(e.remote)},
                  {"method", std::string(e.method)},
                  {"path", std::string(e.path)},
                  {"route", std::string(e.route)},
                  {"status", e.status},
                  {"bytes", e.bytes},
                  {"ms", std::round(e.seconds * 100000.0) / 100.0}};
  return line.dump(-1, ' ', false, core::Json::error_handler_t::replace) + "\n";
}

std::string line(const http::AccessEntry& e) {
  std::string out;
  http::append_access_line(out, e);
  return out;
}

}  // namespace

TEST(AccessLog, LineIsTheJsonObjectOfTheRequest) {
  http::AccessEntry e{1'796'000'000'123'456,
                      "Ab-_0123456789xy",
                      "127.0.0.1",
                      "GET",
                      "/api/v1/people/12",
                      "/api/v1/people/{id:id}",
                      200,
                      1234,
                      0.0012345};
  EXPECT_EQ(line(e),
            "{\"bytes\":1234,\"method\":\"GET\",\"ms\":1.23,\"path\":\"/api/v1/people/12\","
            "\"remote\":\"127.0.0.1\",\"rid\":\"Ab-_0123456789xy\",\"route\":\"/api/v1/people/"
            "{id:id}\",\"status\":200,\"ts\":\"2026-11-30T00:53:20Z\"}\n");
  EXPECT_EQ(line(e), tree_line(e));
}

TEST(AccessLog, HostilePathsAndTimesAreWrittenAsTheJsonTreeWroteThem) {
  const std::string paths[] = {
      "/a\"b\\c",  "/ctl\x01\x1f\x7f", "/\xd0\x90\xd2\x9b",       "/bad\xff\xfe utf8",
      "/half\xd0", "/tab\there\nline", std::string("/nul\0x", 6), ""};
  const double times[] = {0, 0.000004, 0.000005, 0.0000149, 0.123456, 1.5, 12.345678, 3600.25};
  for (const auto& path : paths)
    for (double seconds : times) {
      http::AccessEntry e{0, "", "::1", "POST", path, "unmatched", 404, 0, seconds};
      EXPECT_EQ(line(e), tree_line(e)) << path << " " << seconds;
    }
}
