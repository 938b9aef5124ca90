// The outbox on a real SQLite file: enqueue inside a caller's transaction (and nothing when it
// rolls back), validation, cancel and counts by reference (exact and prefix), the admin's retry
// and cancel with their audit entries, print batches, the sender's recovery of messages left
// `sending`, the backoff, bulk messages (one body, recipients by key, resolved when sent), and
// what the channels put on the wire (e-mail text, SMS bodies).
#include "notify/outbox.hpp"

#include <gtest/gtest.h>

#include <set>

#include "auth/audit.hpp"
#include "core/crypto.hpp"
#include "notify/bulk.hpp"
#include "notify/channels.hpp"
#include "notify/outbox_store.hpp"
#include "notify/sender.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::notify;

namespace {

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = core::fresh_test_directory("notify");
    auto db = storage::open_test_database(dir_);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
  }
  std::int64_t add(NewMessage m) {
    auto id =
        db_->write([&](storage::Tx& tx) -> core::Result<std::int64_t> { return enqueue(tx, m); });
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }
  static NewMessage sms(std::string reference, std::string kind = "real") {
    return {"sms",
            "+77011234567",
            "",
            "Жиын пункті: №12 мектеп",
            std::nullopt,
            std::move(reference),
            std::move(kind)};
  }
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  auth::Principal admin_ = auth::system_principal("test");
};

TEST_F(OutboxTest, EnqueueBelongsToTheCallersTransaction) {
  auto kept = add(sms("activation:1:notice:1"));
  EXPECT_GT(kept, 0);
  // The caller's own act fails after enqueueing: the message goes with it.
  auto r = db_->write([&](storage::Tx& tx) -> core::Result<std::int64_t> {
    auto id = enqueue(tx, sms("activation:1:notice:2"));
    if (!id) return core::fail(id.error());
    return core::fail(core::Error::conflict("the notice could not be stored"));
  });
  EXPECT_FALSE(r);
  auto all = db_->read([](storage::Tx& tx) { return counts(tx, {"activation:1:", true}); });
  EXPECT_EQ(all.size(), 1u);
  EXPECT_EQ(all["queued"], 1);
}

TEST_F(OutboxTest, ValidationNamesEveryBadField) {
  NewMessage m{"fax", "", "", "", std::nullopt, "bad\nref", "drill"};
  auto s = validate(m);
  ASSERT_FALSE(s);
  std::set<std::string> fields;
  for (const auto& f : s.error().fields) fields.insert(f.field);
  EXPECT_EQ(fields, (std::set<std::string>{"channel", "kind", "recipient", "text", "reference"}));
  EXPECT_FALSE(validate({"sms", "87011234567", "", "text"}));  // not E.164
  EXPECT_FALSE(validate({"email", "a@b.kz", "", "text"}));     // e-mail needs a subject
  EXPECT_FALSE(validate({"email", "a@b.kz\r\nBcc: x@y.kz", "S", "text"}));
  EXPECT_FALSE(validate({"sms", "+77011234567", "", "t", std::string("<p>")}));
  EXPECT_TRUE(validate({"email", "a@b.kz", "Шақыру", "Мәтін", std::string("<p>Мәтін</p>")}));
  EXPECT_TRUE(validate({"print", "Ахметов А., Абай к-сі 1", "", "Мәтін"}));
  NewMessage mail{"email", "a@b.kz", "Ескерту", "Мәтін"};
  mail.list_unsubscribe = "https://portal.example.kz/kk/alerts/u/7-abc";
  EXPECT_TRUE(validate(mail));
  for (const char* bad :
       {"mailto:stop@example.kz", "https://x.kz/a b", "https://x.kz/>\r\nBcc: y"}) {
    mail.list_unsubscribe = bad;
    auto why = validate(mail);
    ASSERT_FALSE(why) << bad;
    EXPECT_EQ(why.error().fields.at(0).field, "list_unsubscribe");
  }
  NewMessage text{"sms", "+77011234567", "", "Мәтін"};
  text.list_unsubscribe = "https://portal.example.kz/kk/alerts/u/7-abc";
  EXPECT_FALSE(validate(text)) << "e-mail only";
}

TEST_F(OutboxTest, CancelAndCountByExactReferenceOrPrefix) {
  for (int i = 1; i <= 3; ++i) add(sms("activation:12:notice:" + std::to_string(i)));
  add(sms("activation:120:notice:1"));
  add(sms("alert:7"));
  auto n = db_->write([](storage::Tx& tx) -> core::Result<std::int64_t> {
    return cancel_queued(tx, {"activation:12:notice:2", false});
  });
  EXPECT_EQ(*n, 1);
  n = db_->write([](storage::Tx& tx) -> core::Result<std::int64_t> {
    return cancel_queued(tx, {"activation:12:", true});
  });
  EXPECT_EQ(*n, 2);  // not activation:120, not the one already cancelled
  auto c = db_->read([](storage::Tx& tx) { return counts(tx, {"activation:12", true}); });
  EXPECT_EQ(c["cancelled"], 3);
  EXPECT_EQ(c["queued"], 1);  // activation:120 shares the prefix "activation:12"
  c = db_->read([](storage::Tx& tx) { return counts(tx, {"", true}); });
  EXPECT_EQ(c["queued"], 2);
}

TEST_F(OutboxTest, RetryAndCancelFollowTheStatusAndAreAudited) {
  Outbox outbox(*db_);
  auto actor = auth::Actor::cli("test");
  auto id = add(sms("x"));
  auto c = outbox.cancel(admin_, actor, id);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, "cancelled");
  auto again = outbox.cancel(admin_, actor, id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::conflict);
  auto r = outbox.retry(admin_, actor, id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "queued");
  EXPECT_EQ(r->attempts, 0);
  auto auditor = admin_;
  auditor.role = auth::Role::auditor;
  EXPECT_EQ(outbox.cancel(auditor, actor, id).error().code, core::ErrorCode::forbidden);
  EXPECT_TRUE(outbox.get(auditor, id));
  EXPECT_EQ(outbox.get(admin_, id + 100).error().code, core::ErrorCode::not_found);
  auto entries = auth::list_audit(*db_, {.entity_type = "notify_message"});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "notify_message.retry");
  EXPECT_EQ(entries[1].action, "notify_message.cancel");
}

TEST_F(OutboxTest, ListsNewestFirstWithACursorAndFilters) {
  Outbox outbox(*db_);
  for (int i = 0; i < 5; ++i) add(sms("r" + std::to_string(i)));
  add({"print", "Бекова Д.", "", "Шақыру қағазы", std::nullopt, "r9"});
  MessageFilter f;
  f.limit = 2;
  f.channel = "sms";
  auto page = outbox.list(admin_, f);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].reference, "r4");
  ASSERT_TRUE(page->next_cursor);
  f.before_id = std::stoll(*page->next_cursor);
  page = outbox.list(admin_, f);
  EXPECT_EQ(page->items[0].reference, "r2");
  auto volunteer = admin_;
  volunteer.role = auth::Role::volunteer;
  EXPECT_EQ(outbox.list(volunteer, {}).error().code, core::ErrorCode::forbidden);
}

TEST_F(OutboxTest, PrintMessagesWaitForTheirBatchAndAreMarkedPrinted) {
  Outbox outbox(*db_);
  auto a = add({"print", "Бекова Д.", "", "Шақыру", std::nullopt, "activation:3:notice:1"});
  auto b = add({"print", "Омаров Е.", "", "Шақыру", std::nullopt, "activation:3:notice:2"});
  add(sms("activation:3:notice:3"));
  // The sender never takes print messages, even with every channel configured.
  auto batch = outbox.to_print({"activation:3:", true});
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].id, a);
  auto n = outbox.mark_printed(auth::Actor::cli("test"), {a, b, a + 1000});
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  EXPECT_TRUE(outbox.to_print({"activation:3:", true}).empty());
  EXPECT_EQ(outbox.get(admin_, b)->status, "sent");
}

TEST_F(OutboxTest, RecoverQueuesWhatAStoppedSenderLeftSending) {
  SenderSettings s;
  s.max_attempts = 2;
  auto a = add(sms("a"));
  auto b = add(sms("b"));
  // A sender claimed both and died; b was already on its last attempt.
  db_->write([&](storage::Tx& tx) -> core::Result<bool> {
    outbox_store::claim(tx, a, 1);
    outbox_store::claim(tx, b, 1);
    tx.exec("UPDATE notify_outbox SET attempts = 2 WHERE id = $1", {b});
    return true;
  });
  Sender sender(*db_, s);
  EXPECT_EQ(sender.recover(), 2);
  Outbox outbox(*db_);
  auto ma = outbox.get(admin_, a);
  EXPECT_EQ(ma->status, "queued");
  EXPECT_EQ(ma->attempts, 1);  // the interrupted attempt counts
  auto mb = outbox.get(admin_, b);
  EXPECT_EQ(mb->status, "failed");
  EXPECT_NE(mb->last_error->find("unknown"), std::string::npos);
  // Without configured channels nothing is sent and nothing is claimed.
  auto stats = sender.run_due();
  EXPECT_EQ(stats.sent + stats.failed + stats.retried, 0);
  EXPECT_EQ(outbox.get(admin_, a)->status, "queued");
}

// The gateway's side: what the channel was handed.
struct Recorder : Channel {
  std::vector<Message>* into;
  explicit Recorder(std::vector<Message>* v) : into(v) {}
  Outcome send(const Message& m) override {
    into->push_back(m);
    return {true, false, ""};
  }
};

TEST_F(OutboxTest, BulkMessagesAreResolvedBySourceWhenSentAndCountedLikeAnyOther) {
  auto body = db_->write([&](storage::Tx& tx) {
    return add_body(tx, {"phonebook", "kk", "", "Жиын пункті: №12 мектеп"});
  });
  ASSERT_TRUE(body) << body.error().message;
  auto queued = db_->write([&](storage::Tx& tx) {
    return enqueue_bulk(tx, {*body, "sms", "drill:5:sms", "exercise", {"1", "2", "3"}});
  });
  ASSERT_TRUE(queued) << queued.error().message;
  // A bad key, channel or body: nothing is queued.
  auto bad = db_->write([&](storage::Tx& tx) {
    return enqueue_bulk(tx, {0, "fax", "drill:5:sms", "real", {"4", "", "bad\nkey"}});
  });
  ASSERT_FALSE(bad);
  std::set<std::string> fields;
  for (const auto& f : bad.error().fields) fields.insert(f.field);
  EXPECT_EQ(fields, (std::set<std::string>{"body_id", "channel", "keys[1]", "keys[2]"}));
  auto counted = db_->read([](storage::Tx& tx) { return counts(tx, {"drill:5:", true}); });
  EXPECT_EQ(counted, (std::map<std::string, std::int64_t>{{"queued", 3}}));

  // The source knows key 1 and 2; key 3 has gone.
  Resolvers resolvers;
  resolvers.add("phonebook",
                [](storage::Tx&, const Message& m, Purpose why) -> core::Result<Message> {
                  if (m.recipient == "3") return core::fail(core::Error::not_found("gone"));
                  Message out = m;
                  out.recipient =
                      why == Purpose::send ? "+7701000000" + m.recipient : "number " + m.recipient;
                  out.text = m.text + " (" + m.shared->context + ")";
                  return out;
                });
  Outbox outbox(*db_);
  outbox.resolve_with(&resolvers);
  MessageFilter f;
  f.reference = ReferenceMatch{"drill:5:", true};
  auto shown = outbox.list(admin_, f);
  ASSERT_TRUE(shown);
  ASSERT_EQ(shown->items.size(), 3u);
  EXPECT_EQ(shown->items[1].recipient, "number 2");
  EXPECT_EQ(shown->items[1].text, "Жиын пункті: №12 мектеп (kk)");
  EXPECT_EQ(shown->items[0].recipient, "3");  // gone: shown as stored

  std::vector<Message> got;
  SenderSettings s;
  s.sms_rate = 0;
  Sender sender(*db_, s, nullptr, std::make_unique<Recorder>(&got));
  sender.resolve_with(&resolvers);
  auto stats = sender.run_due();
  EXPECT_EQ(stats.sent, 2);
  EXPECT_EQ(stats.cancelled, 1);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].recipient, "+77010000001");
  EXPECT_EQ(got[0].kind, "exercise");
  EXPECT_EQ(got[0].text, "Жиын пункті: №12 мектеп (kk)");
  counted = db_->read([](storage::Tx& tx) { return counts(tx, {"drill:5:", true}); });
  EXPECT_EQ(counted, (std::map<std::string, std::int64_t>{{"sent", 2}, {"cancelled", 1}}));
  EXPECT_EQ(*outbox.get(admin_, shown->items[0].id)->last_error, "gone");
}

TEST_F(OutboxTest, ABulkMessageNobodyCanResolveFailsAndIsNotSent) {
  auto body = db_->write([&](storage::Tx& tx) {
    return add_body(tx, {"unknown", "", "", "Жиын"});
  });
  ASSERT_TRUE(body);
  ASSERT_TRUE(db_->write([&](storage::Tx& tx) {
    return enqueue_bulk(tx, {*body, "sms", "x:1", "real", {"1"}});
  }));
  std::vector<Message> got;
  SenderSettings s;
  s.sms_rate = 0;
  Sender sender(*db_, s, nullptr, std::make_unique<Recorder>(&got));
  Resolvers none;
  sender.resolve_with(&none);
  EXPECT_EQ(sender.run_due().failed, 1);
  EXPECT_TRUE(got.empty());
}

TEST(Backoff, DoublesUpToTheCap) {
  SenderSettings s;
  s.backoff = std::chrono::milliseconds(500);
  s.backoff_max = std::chrono::milliseconds(3000);
  EXPECT_EQ(backoff_after(s, 1).count(), 500);
  EXPECT_EQ(backoff_after(s, 2).count(), 1000);
  EXPECT_EQ(backoff_after(s, 3).count(), 2000);
  EXPECT_EQ(backoff_after(s, 4).count(), 3000);
  EXPECT_EQ(backoff_after(s, 40).count(), 3000);
}

TEST(Channels, SmsBodyEscapesForItsContentType) {
  Message m;
  m.id = 42;
  m.recipient = "+77011234567";
  m.text = "Жиын \"№12\"\n{id} & 100%";
  SmsSettings json;
  EXPECT_EQ(sms_body(json, m),
            R"({"to":"+77011234567","text":"Жиын \"№12\"\n{id} & 100%","id":"42"})");
  SmsSettings form;
  form.content_type = "application/x-www-form-urlencoded";
  form.body_template = "phone={recipient}&message={text}&ref={id}";
  m.text = "a b&c=d";
  EXPECT_EQ(sms_body(form, m), "phone=%2B77011234567&message=a%20b%26c%3Dd&ref=42");
  m.kind = "exercise";
  EXPECT_EQ(marked_text(m), "ЖАТТЫҒУ / УЧЕНИЯ / EXERCISE: a b&c=d");
  m.text = marked_text(m);
  EXPECT_EQ(marked_text(m), m.text);  // marked once
}

TEST(Channels, EmailCarriesTheKeyAsMessageIdAndEncodesText) {
  Message m;
  m.id = 7;
  m.recipient = "d.bekova@example.kz";
  m.subject = "Шақыру";
  m.text = "Сәлем";
  m.kind = "test";
  auto mail = compose_email(m, "hq@example.kz", "example.kz", "Fri, 04 Dec 2026 08:00:00 +0000");
  EXPECT_NE(mail.find("Message-ID: <qorgan-7@example.kz>\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(mail.find("X-Qorgan-Kind: test\r\n"), std::string::npos);
  EXPECT_EQ(mail.find("List-Unsubscribe"), std::string::npos) << "only where there is a link";
  auto body = mail.substr(mail.find("\r\n\r\n") + 4);
  auto decoded = core::base64_decode(body.substr(0, body.find("\r\n")));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, "СЫНАҚ / ТЕСТ / TEST: Сәлем");
  m.html = "<p>Сәлем</p>";
  mail = compose_email(m, "hq@example.kz", "example.kz", "Fri, 04 Dec 2026 08:00:00 +0000");
  EXPECT_NE(mail.find("multipart/alternative"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  m.list_unsubscribe = "https://portal.example.kz/kk/alerts/u/7-abc";
  mail = compose_email(m, "hq@example.kz", "example.kz", "Fri, 04 Dec 2026 08:00:00 +0000");
  EXPECT_NE(mail.find("List-Unsubscribe: <https://portal.example.kz/kk/alerts/u/7-abc>\r\n"
                      "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            std::string::npos)
      << mail;
}

}  // namespace
