// The fan-out of an alert on a real SQLite file, and on PostgreSQL when QORGAN_TEST_PG names a
// server, as the outbox's sender hands the messages to the channels: who is reached (the area,
// its sub-regions and the regions containing it; confirmed subscribers only; once each), the
// language fallback, Exercise only to the test recipients, idempotency per alert and message
// type, a fan-out stopped between batches that resumes without sending anyone twice, no address
// in the outbox before sending, and nothing to a subscriber who left after the fan-out.
#include "alerts/fan_out.hpp"

#include <gtest/gtest.h>

#include <set>

#include "alerts/sms.hpp"
#include "alerts/subscriber_address.hpp"
#include "alerts/subscriber_message.hpp"
#include "alerts/subscription_store.hpp"
#include "auth/audit.hpp"
#include "core/test_directory.hpp"
#include "notify/sender.hpp"
#include "registry/regions.hpp"
#include "storage/migrations.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::alerts;

namespace {

class FanOutTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = core::fresh_test_directory("alerts");
      auto db = storage::open_test_database(dir_);
      ASSERT_TRUE(db) << db.error().message;
      db_ = std::move(*db);
    } else {
      auto pg = storage::test_postgres_server();
      if (!pg) GTEST_SKIP() << "QORGAN_TEST_PG not set: no PostgreSQL server to test";
      auto db = storage::open_test_postgres(
          *pg, std::string("fan_out_") +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
      ASSERT_TRUE(db) << db.error().message;
      db_ = std::move(*db);
    }
    regions_ = std::make_unique<registry::Regions>(*db_);
    auto who = auth::system_principal("test");
    auto make = [&](std::string code, std::string level, std::optional<std::int64_t> parent) {
      core::Json body = {
          {"code", code}, {"level", level}, {"name", {{"kk", code}, {"ru", code}, {"en", code}}}};
      if (parent) body["parent_id"] = *parent;
      auto r = regions_->create(who, auth::Actor::cli("test"), body);
      EXPECT_TRUE(r) << r.error().message;
      return r ? r->id : 0;
    };
    auto oblast = make("190000000", "oblast", std::nullopt);
    auto district = make("193200000", "district", oblast);
    make("193230100", "settlement", district);
    make("194400000", "district", oblast);
    make("750000000", "city", std::nullopt);
  }

  // A subscriber in `status` following `code`; returns the id.
  std::int64_t subscriber(const std::string& address, const std::string& code,
                          const std::string& language, const std::string& status = "confirmed") {
    auto a = read_address(address);
    EXPECT_TRUE(a);
    subscription_store::Row r;
    r.channel = a->channel;
    r.address_sealed = seal_address(key_, *a);
    r.address_index = address_index(key_, *a);
    r.language = language;
    r.status = status;
    r.codes = {code};
    r.confirmation_sent_at = r.created_at = r.updated_at = 1;
    if (status == "confirmed") r.confirmed_at = 1;
    auto id = db_->write([&](storage::Tx& tx) -> core::Result<std::int64_t> {
      return subscription_store::insert(tx, r);
    });
    return *id;
  }

  static FanOut alert(std::int64_t id, std::vector<std::string> regions,
                      std::string status = "Actual") {
    FanOut f;
    f.alert_id = id;
    f.identifier = "KZ-QORGAN-" + std::to_string(id);
    f.status = std::move(status);
    f.regions = std::move(regions);
    f.texts["kk"] = {"Су тасқыны", "Су тасқыны қаупі. Биік жерге көтеріліңіз.", "", ""};
    f.texts["ru"] = {"Паводок", "Угроза паводка. Поднимитесь на возвышенность.", "", ""};
    return f;
  }

  core::Result<std::int64_t> start(const FanOut& f) {
    return db_->write([&](storage::Tx& tx) { return fan_out(tx, f); });
  }

  // The gateway's side: what each channel was handed.
  struct Recorder : notify::Channel {
    std::vector<notify::Message>* into;
    explicit Recorder(std::vector<notify::Message>* v) : into(v) {}
    notify::Outcome send(const notify::Message& m) override {
      into->push_back(m);
      return {true, false, ""};
    }
  };

  // Runs the outbox's sender, with the subscriber messages resolved as `qorgan serve` does, and
  // returns every message the channels have been handed so far.
  const std::vector<notify::Message>& outbox(const FanOutSettings& s = {}) {
    notify::Resolvers resolvers;
    resolvers.add(kSubscriberSource, subscriber_resolver(key_, s));
    notify::SenderSettings ss;
    ss.email_rate = ss.sms_rate = 0;
    ss.batch = 1000;
    notify::Sender sender(*db_, ss, std::make_unique<Recorder>(&sent_),
                          std::make_unique<Recorder>(&sent_));
    sender.resolve_with(&resolvers);
    sender.run_due();
    return sent_;
  }
  std::int64_t stored(const std::string& sql) {
    return db_->read([&](storage::Tx& tx) { return tx.one(sql).i64(0); });
  }

  std::vector<notify::Message> sent_;

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<registry::Regions> regions_;
  core::MasterKey key_ = core::MasterKey::generate();
};

TEST_P(FanOutTest, ReachesTheAreaItsSubRegionsAndWhatContainsItOnceEachInTheirLanguage) {
  subscriber("+77010000001", "193200000", "kk");              // the district itself
  subscriber("+77010000002", "193230100", "ru");              // a settlement inside it
  subscriber("oblast.reader@example.kz", "190000000", "en");  // the oblast containing it
  subscriber("+77010000004", "194400000", "kk");              // a neighbouring district: no
  subscriber("+77010000005", "750000000", "ru");              // another city: no
  subscriber("+77010000006", "193200000", "kk", "pending");   // not confirmed: no
  // Two regions that both overlap: one message.
  auto twice = subscriber("+77010000007", "193200000", "ru");
  db_->write([&](storage::Tx& tx) -> core::Status {
    tx.exec("INSERT INTO alert_subscriber_regions (subscriber_id, code) VALUES ($1, $2)",
            {twice, "190000000"});
    return {};
  });

  auto id = start(alert(41, {"193200000"}));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_GT(*id, 0);
  FanOutSettings s;
  s.base_url = "https://portal.example.kz/";
  EXPECT_EQ(run_fan_outs(*db_, s), 4);
  // The outbox holds no address before sending: the phone numbers are only sealed.
  EXPECT_EQ(stored("SELECT COUNT(*) FROM notify_outbox WHERE recipient LIKE '+7%' OR "
                   "body LIKE '%http%'"),
            0);

  auto sent = outbox(s);
  std::set<std::string> to;
  for (const auto& m : sent) to.insert(m.recipient);
  EXPECT_EQ(to, (std::set<std::string>{"+77010000001", "+77010000002", "oblast.reader@example.kz",
                                       "+77010000007"}));
  ASSERT_EQ(sent.size(), 4u);
  for (const auto& m : sent) {
    EXPECT_EQ(m.kind, "real");
    EXPECT_TRUE(m.reference.starts_with("alert:41:Alert:" + m.channel + ":")) << m.reference;
    if (m.recipient == "+77010000001") {
      EXPECT_TRUE(m.text.starts_with("Су тасқыны қаупі")) << m.text;
      EXPECT_NE(m.text.find("https://portal.example.kz/kk/alerts/u/"), std::string::npos);
      EXPECT_LE(sms_size(m.text).segments, 2);
    }
    if (m.recipient == "+77010000002") {
      EXPECT_TRUE(m.text.starts_with("Угроза паводка"));
    }
    // English is missing: the English reader gets it in Russian, the unsubscribe page in English.
    if (m.recipient == "oblast.reader@example.kz") {
      EXPECT_EQ(m.channel, "email");
      EXPECT_EQ(m.subject, "Паводок");
      EXPECT_NE(m.text.find("Отписаться: https://portal.example.kz/en/alerts/u/"),
                std::string::npos)
          << m.text;
      // The same link as the mail's one-click List-Unsubscribe.
      ASSERT_TRUE(m.list_unsubscribe);
      EXPECT_NE(m.text.find(*m.list_unsubscribe), std::string::npos);
      EXPECT_TRUE(m.list_unsubscribe->starts_with("https://portal.example.kz/en/alerts/u/"));
    }
  }
  // The delivery counts by channel.
  auto who = auth::system_principal("test");
  FanOutWorker worker(*db_, key_, s);
  auto d = worker.deliveries(who, 41);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].state, "done");
  EXPECT_EQ((*d)[0].enqueued, 4);
  EXPECT_EQ((*d)[0].messages["sms"]["sent"], 3);
  EXPECT_EQ((*d)[0].messages["email"]["sent"], 1);
  auth::Principal volunteer;
  EXPECT_FALSE(worker.deliveries(volunteer, 41));
}

TEST_P(FanOutTest, ASecondCallForTheSameAlertAndTypeRecordsNothing) {
  subscriber("+77010000001", "193200000", "kk");
  ASSERT_GT(*start(alert(7, {"190000000"})), 0);
  EXPECT_EQ(*start(alert(7, {"190000000"})), 0);
  FanOutSettings s;
  EXPECT_EQ(run_fan_outs(*db_, s), 1);
  EXPECT_EQ(run_fan_outs(*db_, s), 0);
  auto cancel = alert(7, {"190000000"});
  cancel.msg_type = "Cancel";
  ASSERT_GT(*start(cancel), 0);
  EXPECT_EQ(run_fan_outs(*db_, s), 1);
  EXPECT_EQ(outbox().size(), 2u);
}

TEST_P(FanOutTest, ExerciseGoesOnlyToTheTestRecipients) {
  subscriber("+77010000001", "193200000", "kk");
  ASSERT_GT(*start(alert(8, {"190000000"}, "Exercise")), 0);
  FanOutSettings none;
  EXPECT_EQ(run_fan_outs(*db_, none), 0);
  EXPECT_TRUE(outbox().empty());

  ASSERT_GT(*start(alert(9, {"190000000"}, "Test")), 0);
  FanOutSettings s;
  s.test_recipients = {*parse_test_recipient("ru:duty@example.kz")};
  EXPECT_EQ(run_fan_outs(*db_, s), 1);
  auto sent = outbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].recipient, "duty@example.kz");
  EXPECT_EQ(sent[0].kind, "test");
  EXPECT_EQ(sent[0].subject, "Паводок");
}

TEST_P(FanOutTest, BadRequestsAreRefusedAndRecordNothing) {
  auto unknown = start(alert(10, {"999999999"}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().fields.at(0).field, "regions[0]");
  auto f = alert(11, {});
  f.texts["kk"].headline = "bad\x01text";
  f.msg_type = "Retract";
  auto bad = start(f);
  ASSERT_FALSE(bad);
  std::set<std::string> fields;
  for (const auto& e : bad.error().fields) fields.insert(e.field);
  EXPECT_TRUE(fields.contains("regions"));
  EXPECT_TRUE(fields.contains("msg_type"));
  EXPECT_TRUE(fields.contains("texts.kk.headline"));
  EXPECT_EQ(db_->read([](storage::Tx& tx) {
    return tx.one("SELECT COUNT(*) FROM alert_fan_outs").i64(0);
  }),
            0);
}

TEST_P(FanOutTest, AStoppedFanOutResumesFromItsCursorWithoutSendingTwice) {
  for (int i = 0; i < 25; ++i)
    subscriber("+7701100" + std::to_string(1000 + i), "193200000", i % 2 ? "ru" : "kk");
  ASSERT_GT(*start(alert(12, {"193200000"})), 0);
  FanOutSettings s;
  s.batch = 4;
  // Two batches committed, then the process dies: the next run goes on from the cursor.
  auto id = db_->read([](storage::Tx& tx) {
    return tx.one("SELECT id FROM alert_fan_outs WHERE alert_id = 12").i64(0);
  });
  EXPECT_EQ(run_fan_out_batch(*db_, s, id).added, 4);
  EXPECT_EQ(run_fan_out_batch(*db_, s, id).added, 4);
  std::atomic<bool> stop{true};
  EXPECT_EQ(run_fan_outs(*db_, s, &stop), 0);
  EXPECT_EQ(run_fan_outs(*db_, s), 17);
  auto sent = outbox();
  std::set<std::string> to;
  for (const auto& m : sent) to.insert(m.recipient);
  EXPECT_EQ(sent.size(), 25u);
  EXPECT_EQ(to.size(), 25u);
  // A fan-out of the same alert started again (a worker after a restart) sends nothing more.
  EXPECT_EQ(run_fan_outs(*db_, s), 0);
}

TEST_P(FanOutTest, ASubscriberWhoLeavesBeforeTheMessageIsSentGetsNothing) {
  auto stays = subscriber("+77012000001", "193200000", "ru");
  auto leaves = subscriber("+77012000002", "193200000", "kk");
  ASSERT_GT(*start(alert(13, {"193200000"})), 0);
  FanOutSettings s;
  EXPECT_EQ(run_fan_outs(*db_, s), 2);
  // People looking at the outbox see the text with the link, but no address.
  notify::Resolvers resolvers;
  resolvers.add(kSubscriberSource, subscriber_resolver(key_, s));
  notify::Outbox box(*db_);
  box.resolve_with(&resolvers);
  auto who = auth::system_principal("test");
  notify::MessageFilter f;
  f.reference = notify::ReferenceMatch{"alert:13:", true};
  auto shown = box.list(who, f);
  ASSERT_TRUE(shown);
  ASSERT_EQ(shown->items.size(), 2u);
  for (const auto& m : shown->items) {
    EXPECT_TRUE(m.recipient == "alerts.subscriber:" + std::to_string(stays) ||
                m.recipient == "alerts.subscriber:" + std::to_string(leaves))
        << m.recipient;
    EXPECT_NE(m.text.find("/alerts/u/"), std::string::npos) << m.text;
  }
  db_->write([&](storage::Tx& tx) -> core::Status {
    subscription_store::remove(tx, leaves);
    return {};
  });
  auto sent = outbox(s);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].recipient, "+77012000001");
  EXPECT_TRUE(sent[0].text.starts_with("Угроза паводка")) << sent[0].text;
  FanOutWorker worker(*db_, key_, s);
  auto d = worker.deliveries(who, 13);
  ASSERT_TRUE(d);
  EXPECT_EQ((*d)[0].messages["sms"]["sent"], 1);
  EXPECT_EQ((*d)[0].messages["sms"]["cancelled"], 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, FanOutTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
