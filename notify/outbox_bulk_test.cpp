// Many messages enqueued together on a real SQLite file: all of them in order with their ids, or
// none when one is invalid (named by its position).
#include "notify/outbox_bulk.hpp"

#include <gtest/gtest.h>

#include "core/test_directory.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;

TEST(OutboxBulk, EnqueuesAllInOrderOrNone) {
  auto dir = core::fresh_test_directory("notify-bulk");
  auto db = storage::open_test_database(dir);
  ASSERT_TRUE(db) << db.error().message;
  std::vector<notify::NewMessage> ms{
      {"sms", "+77010000001", "", "Әуе дабылы", std::nullopt, "alert:1:Alert:sms:1", "real"},
      {"email", "a@example.kz", "Паводок", "Угроза паводка.", std::nullopt, "alert:1:Alert:email:2",
       "exercise"}};
  auto ids = (*db)->write([&](storage::Tx& tx) { return notify::enqueue_all(tx, ms); });
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_LT((*ids)[0], (*ids)[1]);
  auto rows = (*db)->read([](storage::Tx& tx) {
    return tx.query("SELECT recipient, subject, body, kind, status FROM notify_outbox ORDER BY id");
  });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].str(0), "a@example.kz");
  EXPECT_EQ(rows[1].str(1), "Паводок");
  EXPECT_EQ(rows[1].str(3), "exercise");
  EXPECT_EQ(rows[0].str(4), "queued");

  ms.push_back({"sms", "not a phone", "", "x", std::nullopt, "r", "real"});
  auto bad = (*db)->write([&](storage::Tx& tx) { return notify::enqueue_all(tx, ms); });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.at(0).field, "messages[2].recipient");
  EXPECT_EQ((*db)->read([](storage::Tx& tx) {
    return tx.one("SELECT COUNT(*) FROM notify_outbox").i64(0);
  }),
            2);
}
