// Runs on a real SQLite file, and on PostgreSQL too when QORGAN_TEST_PG names a server
// (the test script starts a throwaway cluster and sets it).
#include "storage/database.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "storage/migrations.hpp"

using namespace qorgan;
using namespace qorgan::storage;

class Engines : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() /
             ("qorgan-storage-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
      std::filesystem::remove_all(dir_);
      url = "sqlite:" + (dir_ / "t.db").string();
    } else {
      const char* pg = std::getenv("QORGAN_TEST_PG");
      if (!pg || !*pg) GTEST_SKIP() << "QORGAN_TEST_PG not set: no PostgreSQL server to test";
      url = pg;
    }
    auto db = open_database(url);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    db_->write([](Tx& tx) -> core::Status {
      tx.script(
          "DROP TABLE IF EXISTS t_items; CREATE TABLE t_items (id BIGINT PRIMARY KEY, "
          "name TEXT UNIQUE, score DOUBLE PRECISION)");
      return {};
    });
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_P(Engines, WriteCommitsAndReadsBackTypedValues) {
  auto r = db_->write([](Tx& tx) -> core::Result<std::int64_t> {
    return tx.exec("INSERT INTO t_items (id, name, score) VALUES ($1, $2, $3), ($4, $5, NULL)",
                   {1, "Ақсай", 2.5, 2, std::optional<std::string>{}});
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 2);
  auto rows =
      db_->read([](Tx& tx) { return tx.query("SELECT id, name, score FROM t_items ORDER BY id"); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].i64(0), 1);
  EXPECT_EQ(rows[0].str(1), "Ақсай");
  EXPECT_DOUBLE_EQ(rows[0].f64(2), 2.5);
  EXPECT_TRUE(rows[1].null(1));
  EXPECT_TRUE(rows[1].null(2));
}

TEST_P(Engines, FailedResultRollsBackEverything) {
  auto r = db_->write([](Tx& tx) -> core::Status {
    tx.exec("INSERT INTO t_items (id, name) VALUES ($1, $2)", {1, "a"});
    return core::fail(core::Error::invalid("no"));
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(db_->read([](Tx& tx) { return tx.one("SELECT COUNT(*) FROM t_items").i64(0); }), 0);
}

TEST_P(Engines, ConstraintViolationBecomesConflictAndRollsBack) {
  auto r = db_->write([](Tx& tx) -> core::Status {
    tx.exec("INSERT INTO t_items (id, name) VALUES ($1, $2)", {1, "a"});
    tx.exec("INSERT INTO t_items (id, name) VALUES ($1, $2)", {2, "a"});
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::conflict);
  EXPECT_EQ(db_->read([](Tx& tx) { return tx.one("SELECT COUNT(*) FROM t_items").i64(0); }), 0);
}

TEST_P(Engines, RepeatedPlaceholderBindsSameValue) {
  auto n = db_->read([](Tx& tx) {
    return tx.one("SELECT CAST($1 AS BIGINT) + CAST($1 AS BIGINT) + CAST($2 AS BIGINT)", {20, 2})
        .i64(0);
  });
  EXPECT_EQ(n, 42);
}

TEST_P(Engines, MigrationsApplyOnceAndSchemaIsCurrent) {
  auto first = migrate(*db_);
  ASSERT_TRUE(first) << first.error().message;
  auto second = migrate(*db_);
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->empty());
  EXPECT_TRUE(schema_current(*db_));
}

INSTANTIATE_TEST_SUITE_P(Storage, Engines, ::testing::Values("sqlite", "postgres"));
