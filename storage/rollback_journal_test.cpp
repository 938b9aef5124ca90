// A load through a rollback journal (storage/rollback_journal.hpp), on real SQLite files.
#include "storage/rollback_journal.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>

#include "core/test_directory.hpp"

using namespace qorgan;
using namespace qorgan::storage;

namespace {

namespace fs = std::filesystem;

constexpr int kRows = 4000;  // of 4 KB each: 16 MB, more than a small cache holds

std::unique_ptr<Database> open_file(const fs::path& file) {
  auto db = open_database("sqlite:" + file.string());
  if (!db) throw std::runtime_error(db.error().message);
  return std::move(*db);
}

// The rows (id, 4 KB of text) from `first` on, in one write; `during` runs before the commit.
void load(Database& db, int first, const std::function<void(Tx&)>& during = {}) {
  auto written = db.write([&](Tx& tx) -> core::Status {
    for (int i = first; i < first + kRows; ++i)
      tx.exec("INSERT INTO t_load (id, body) VALUES ($1, $2)",
              {i, std::string(4096, 'a' + i % 26)});
    if (during) during(tx);
    return {};
  });
  if (!written) throw std::runtime_error(written.error().message);
}

std::int64_t rows(Database& db) {
  return db.read([](Tx& tx) { return tx.one("SELECT COUNT(*) FROM t_load").i64(0); });
}

std::uintmax_t size_or_zero(const fs::path& file) {
  std::error_code missing;
  auto n = fs::file_size(file, missing);
  return missing ? 0 : n;
}

class RollbackJournalLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = core::fresh_test_directory("qorgan-rollback-journal") / "t.db";
    auto db = open_file(file_);
    db->write([](Tx& tx) -> core::Status {
      tx.script("CREATE TABLE t_load (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
      return {};
    });
  }
  fs::path file_;
};

}  // namespace

TEST_F(RollbackJournalLoad, AFileNobodyElseHasOpenGetsTheLoadOnceWithNoWal) {
  auto db = open_file(file_);
  auto before = fs::file_size(file_);
  {
    RollbackJournal journal(*db);
    EXPECT_TRUE(journal.on());
    load(*db, 1);
    // Committed: the 16 MB are in the file itself, and no copy of them waits in a WAL.
    EXPECT_GT(fs::file_size(file_), before + kRows * 4096);
    EXPECT_LT(size_or_zero(file_.string() + "-wal"), 1u << 20) << "bytes in the WAL";
    EXPECT_FALSE(fs::exists(file_.string() + "-journal"));
  }
  // Back in WAL mode: another connection reads the rows while this one writes.
  auto other = open_file(file_);
  EXPECT_EQ(other->read([](Tx& tx) { return tx.one("PRAGMA journal_mode").str(0); }), "wal");
  load(*db, kRows + 1);
  EXPECT_EQ(rows(*other), 2 * kRows);
}

TEST_F(RollbackJournalLoad, AFileAnotherConnectionHasOpenStaysInWalMode) {
  auto db = open_file(file_);
  auto other = open_file(file_);
  EXPECT_EQ(rows(*other), 0);
  RollbackJournal journal(*db);
  EXPECT_FALSE(journal.on());
  // The other connection keeps reading the committed state during the load, as in WAL mode.
  load(*db, 1, [&](Tx&) { EXPECT_EQ(rows(*other), 0); });
  EXPECT_EQ(rows(*other), kRows);
}

TEST_F(RollbackJournalLoad, AProcessKilledDuringTheLoadLeavesTheFileAsItWas) {
  {
    auto db = open_file(file_);
    load(*db, 1);
  }
  auto before = fs::file_size(file_);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A cache of 50 pages: the load's pages are written into the file before the commit.
    auto db = open_file(file_);
    RollbackJournal journal(*db);
    if (!journal.on()) _exit(2);
    load(*db, kRows + 1, [](Tx& tx) {
      tx.script("PRAGMA cache_size=50");
      tx.exec("UPDATE t_load SET body = 'changed' WHERE id <= 100");
      tx.exec("INSERT INTO t_load (id, body) SELECT id + 100000, body FROM t_load");
      std::raise(SIGKILL);
    });
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child exited with " << WEXITSTATUS(status);
  // The killed load had written into the file in place and left its journal.
  EXPECT_GT(fs::file_size(file_), before);
  EXPECT_TRUE(fs::exists(file_.string() + "-journal"));

  auto db = open_file(file_);
  EXPECT_EQ(rows(*db), kRows);
  EXPECT_EQ(db->read([](Tx& tx) {
    return tx.one("SELECT COUNT(*) FROM t_load WHERE body = 'changed'").i64(0);
  }),
            0);
  EXPECT_EQ(db->read([](Tx& tx) { return tx.one("PRAGMA integrity_check").str(0); }), "ok");
  EXPECT_EQ(db->read([](Tx& tx) { return tx.one("PRAGMA journal_mode").str(0); }), "wal");
  EXPECT_EQ(fs::file_size(file_), before);
}

TEST_F(RollbackJournalLoad, AProcessOpeningTheFileDuringTheLoadIsToldWhoHoldsIt) {
  auto db = open_file(file_);
  RollbackJournal journal(*db);
  ASSERT_TRUE(journal.on());
  load(*db, 1, [&](Tx&) {
    auto other = open_database("sqlite:" + file_.string(), 2, std::chrono::milliseconds(300));
    ASSERT_FALSE(other) << "the file opened during the load";
    EXPECT_NE(other.error().message.find("held by another process that is writing to it"),
              std::string::npos)
        << other.error().message;
  });
  EXPECT_EQ(rows(*db), kRows);
}
