#include "http/file_limit.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

using namespace qorgan::http;

TEST(FileLimit, DefaultConnectionsLeaveTheReserveAndStopAt16384) {
  EXPECT_EQ(default_max_connections(1'048'576), 16384);
  EXPECT_EQ(default_max_connections(20000), 16384);
  EXPECT_EQ(default_max_connections(4096), 4096 - 256);
  EXPECT_EQ(default_max_connections(1024), 768);
  EXPECT_EQ(default_max_connections(300), 150);  // a tiny limit: half of it
}

TEST(FileLimit, RaisingSetsTheSoftLimitToTheHardOne) {
  auto got = raise_file_limit();
  rlimit now{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &now), 0);
  EXPECT_EQ(got.soft, long(now.rlim_cur));
  if (now.rlim_max != RLIM_INFINITY) {
    EXPECT_EQ(got.soft, got.hard);
  }
  EXPECT_GE(got.soft, 64);
}
