#pragma once
// For unit tests only (it uses GoogleTest; header-only, so any module's tests may use it without
// linking core): a directory of the test's own for the files it writes, named after the running
// test, so that tests and test binaries never share one. It is removed when its test passes and
// kept when it fails, for whoever looks into the failure.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace qorgan::core {

namespace detail {

// Fires after the test's fixture is destroyed (GoogleTest's order), so the databases and files a
// fixture held are closed by then.
class RemoveWhenPassed : public ::testing::EmptyTestEventListener {
 public:
  void add(std::filesystem::path dir) { dirs_.push_back(std::move(dir)); }
  void OnTestEnd(const ::testing::TestInfo& test) override {
    if (test.result()->Passed())
      for (const auto& dir : dirs_) {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
      }
    dirs_.clear();
  }

 private:
  std::vector<std::filesystem::path> dirs_;
};

// Registered with GoogleTest (which owns it) the first time a test asks for a directory.
inline RemoveWhenPassed& remove_when_passed() {
  static RemoveWhenPassed* listener = [] {
    auto* made = new RemoveWhenPassed;
    ::testing::UnitTest::GetInstance()->listeners().Append(made);
    return made;
  }();
  return *listener;
}

}  // namespace detail

// <tmp>/<prefix>-<pid>-<test name>, emptied; removed after the test if it passes. A
// parameterised test's name ("Case/1") gives one directory, not a directory inside another.
inline std::filesystem::path fresh_test_directory(const std::string& prefix) {
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(test.begin(), test.end(), '/', '-');
  auto dir = std::filesystem::temp_directory_path() /
             (prefix + "-" + std::to_string(::getpid()) + "-" + test);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  detail::remove_when_passed().add(dir);
  return dir;
}

}  // namespace qorgan::core
