#pragma once
// For unit tests only (it uses GoogleTest; header-only, so any module's tests may use it without
// linking core): a directory of the test's own for the files it writes, named after the running
// test, so that tests and test binaries never share one.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace qorgan::core {

// <tmp>/<prefix>-<pid>-<test name>, emptied.
inline std::filesystem::path fresh_test_directory(const std::string& prefix) {
  auto dir = std::filesystem::temp_directory_path() /
             (prefix + "-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace qorgan::core
