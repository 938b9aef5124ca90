#include "core/private_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "core/test_directory.hpp"

namespace qorgan::core {
namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

TEST(PrivateFile, NewFilesAreOwnerOnlyWhateverTheUmask) {
  auto dir = fresh_test_directory("private");
  auto old = ::umask(0022);
  EXPECT_TRUE(make_private(dir / "new.csv"));
  ::umask(old);
  EXPECT_EQ(mode_of(dir / "new.csv"), 0600u);
  EXPECT_EQ(std::filesystem::file_size(dir / "new.csv"), 0u);
}

TEST(PrivateFile, ExistingFilesKeepTheirContentAndLoseOthersAccess) {
  auto dir = fresh_test_directory("private");
  { std::ofstream(dir / "db") << "content"; }
  ::chmod((dir / "db").c_str(), 0644);
  EXPECT_TRUE(make_private(dir / "db", IfMissing::skip));
  EXPECT_EQ(mode_of(dir / "db"), 0600u);
  std::ifstream in(dir / "db");
  std::string s;
  in >> s;
  EXPECT_EQ(s, "content");
}

TEST(PrivateFile, MissingFilesAreLeftMissingWhenAskedAndErrorsNameThePath) {
  auto dir = fresh_test_directory("private");
  EXPECT_TRUE(make_private(dir / "db-wal", IfMissing::skip));
  EXPECT_FALSE(std::filesystem::exists(dir / "db-wal"));
  auto bad = make_private(dir / "no-such-dir" / "x.csv");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("no-such-dir/x.csv"), std::string::npos);
}

}  // namespace
}  // namespace qorgan::core
