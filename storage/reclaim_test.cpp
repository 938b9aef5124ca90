// The server's vacuum worker (storage::Reclaimer) on a real PostgreSQL: reclaim_rolled_back()
// hands it the vacuum and returns at once, and the worker gives way to a statement that waits
// for its lock (as autovacuum does), so that a bulk load's DROP INDEX is not held up behind it.
#include "storage/reclaim.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/outage.hpp"
#include "storage/test_database.hpp"

namespace qorgan::storage {
namespace {

class ReclaimerOnPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = test_postgres_server();
    if (!server) GTEST_SKIP() << "QORGAN_TEST_PG is not set";
    auto db = open_test_postgres(*server, "reclaimer", 0);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    auto name = db_->read([](Tx& tx) { return tx.one("SELECT current_database()").str(0); });
    auto q = server->find('?');
    auto slash = server->rfind('/', q == std::string::npos ? server->size() : q);
    // The worker's own connection throttles its vacuum, so that it is still running when the
    // writer comes.
    url_ = server->substr(0, slash + 1) + name +
           (q == std::string::npos ? "?" : server->substr(q) + "&") +
           "options=-c%20vacuum_cost_delay%3D50%20-c%20vacuum_cost_limit%3D20";
  }
  bool vacuum_running() {
    return db_->read([](Tx& tx) {
      return tx.one(
                   "SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'VACUUM%t_dead%' "
                   "AND state = 'active'")
                 .i64(0) > 0;
    });
  }

  std::unique_ptr<Database> db_;
  std::string url_;
};

TEST_F(ReclaimerOnPostgres, GivesWayToAWriterThatWaitsForItsLock) {
  db_->write([](Tx& tx) -> core::Status {
    tx.script("CREATE TABLE t_dead (id BIGINT PRIMARY KEY, pad TEXT NOT NULL)");
    return {};
  });
  auto rolled_back = db_->write([](Tx& tx) -> core::Status {
    tx.exec("INSERT INTO t_dead SELECT n, repeat('x', 200) FROM generate_series(1, 20000) n");
    return core::fail(core::Error::invalid("a dry run"));
  });
  ASSERT_FALSE(rolled_back);
  Reclaimer reclaimer(*db_, url_);
  EXPECT_TRUE(reclaim_rolled_back(*db_, {"t_dead"}));
  bool running = false;
  for (int i = 0; i < 100 && !(running = vacuum_running()); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(running) << "the worker's vacuum did not start";
  // Without giving way the throttled vacuum would hold the table well past the writer's wait.
  EXPECT_NO_THROW(db_->write([](Tx& tx) -> core::Status {
    tx.script("SET LOCAL lock_timeout = '5s'");
    tx.script("LOCK TABLE t_dead IN ACCESS EXCLUSIVE MODE");
    return {};
  }));
  EXPECT_FALSE(vacuum_running());
}

}  // namespace
}  // namespace qorgan::storage
