// Subscriptions on a real SQLite file: the double opt-in through the outbox, addresses sealed and
// shown masked (never whole in the audit log), the same answer for a known address, a change to
// a confirmed subscription only after its link, one-click unsubscribe that deletes the address,
// bad input refused with every field named, and the throttles.
#include "alerts/subscriptions.hpp"

#include <gtest/gtest.h>

#include "alerts/subscriber_address.hpp"
#include "auth/audit.hpp"
#include "core/test_directory.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::alerts;

namespace {

class SubscriptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = core::fresh_test_directory("alerts-subs");
    auto db = storage::open_test_database(dir_);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    regions_ = std::make_unique<registry::Regions>(*db_);
    for (const char* code : {"750000000", "751110000"}) {
      core::Json body = {{"code", code},
                         {"level", "city"},
                         {"name", {{"kk", "Алматы"}, {"ru", "Алматы"}, {"en", "Almaty"}}}};
      ASSERT_TRUE(regions_->create(auth::system_principal("t"), auth::Actor::cli("t"), body));
    }
    SubscriptionSettings s;
    s.base_url = "https://portal.example.kz";
    s.per_client = 5;
    subs_ = std::make_unique<Subscriptions>(*db_, *regions_, key_, s);
  }

  // The link of the newest message to `recipient`, and its text.
  std::string last_text(const std::string& recipient) {
    return db_->read([&](storage::Tx& tx) {
      auto r =
          tx.maybe("SELECT body FROM notify_outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1",
                   {recipient});
      return r ? r->str(0) : std::string();
    });
  }
  static std::string token_in(const std::string& text, const std::string& marker) {
    auto at = text.find(marker);
    if (at == std::string::npos) return {};
    auto start = at + marker.size();
    auto end = text.find_first_of(" \n", start);
    return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  }
  std::int64_t count(const std::string& sql) {
    return db_->read([&](storage::Tx& tx) { return tx.one(sql).i64(0); });
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<registry::Regions> regions_;
  core::MasterKey key_ = core::MasterKey::generate();
  std::unique_ptr<Subscriptions> subs_;
  Caller caller_{"192.0.2.10", "req-1"};
};

TEST_F(SubscriptionsTest, DoubleOptInThenUnsubscribeDeletesTheAddress) {
  auto done = subs_->subscribe(
      caller_, {{"address", "+7 (701) 555-12-34"}, {"regions", {"751110000"}}, {"language", "ru"}});
  ASSERT_TRUE(done) << done.error().message;
  // Pending until the link is followed; the address is not stored in the clear.
  EXPECT_EQ(count("SELECT COUNT(*) FROM alert_subscribers WHERE status = 'pending'"), 1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM alert_subscribers WHERE address_sealed LIKE '%7015551234%'"), 0);
  auto text = last_text("+77015551234");
  auto token = token_in(text, "https://portal.example.kz/ru/alerts/c/");
  ASSERT_FALSE(token.empty()) << text;

  // A made-up token is refused; the right one confirms.
  EXPECT_FALSE(subs_->confirm(caller_, "1-AAAAAAAAAAAAAAAAAAAAAA"));
  auto confirmed = subs_->confirm(caller_, token);
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(confirmed->status, "confirmed");
  EXPECT_EQ(confirmed->address_masked, "+7******1234");
  EXPECT_EQ(confirmed->regions, std::vector<std::string>{"751110000"});

  // Nothing in the audit log shows the address whole.
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'alert_subscriber' AND "
                  "(after_json LIKE '%7015551234%' OR before_json LIKE '%7015551234%')"),
            0);
  EXPECT_GE(count("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'alert_subscriber'"), 2);

  auto id = *token_subscriber(token);
  auto stop = unsubscribe_token(key_, id);
  EXPECT_FALSE(subs_->unsubscribe(caller_, std::to_string(id) + "-AAAAAAAAAAAAAAAAAAAAAA"));
  ASSERT_TRUE(subs_->unsubscribe(caller_, stop));
  EXPECT_EQ(count("SELECT COUNT(*) FROM alert_subscribers"), 0);
  EXPECT_EQ(subs_->subscribed(stop)->status, "unsubscribed");
  // Again: nothing to do, no error.
  EXPECT_TRUE(subs_->unsubscribe(caller_, stop));
}

TEST_F(SubscriptionsTest, AKnownAddressGetsTheSameAnswerAndAChangeWaitsForItsLink) {
  SubscriptionSettings s;
  s.resend_interval = std::chrono::seconds(0);
  Subscriptions subs(*db_, *regions_, key_, s);
  core::Json first = {
      {"address", "Dana@Example.KZ"}, {"regions", {"750000000"}}, {"language", "kk"}};
  ASSERT_TRUE(subs.subscribe(caller_, first));
  auto token = token_in(last_text("Dana@example.kz"), "/kk/alerts/c/");
  ASSERT_TRUE(subs.confirm(caller_, token));
  // Someone asks for other regions for the same address (in other letter case): the answer is
  // the same, the subscription unchanged until the new link is followed.
  core::Json change = {
      {"address", "dana@example.kz"}, {"regions", {"751110000"}}, {"language", "en"}};
  ASSERT_TRUE(subs.subscribe(caller_, change));
  EXPECT_EQ(count("SELECT COUNT(*) FROM alert_subscribers"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM alert_subscriber_regions WHERE code = '750000000'"), 1);
  // The old confirmation link is void now.
  EXPECT_FALSE(subs.confirm(caller_, token));
  auto again = token_in(last_text("dana@example.kz"), "/en/alerts/c/");
  auto changed = subs.confirm(caller_, again);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->language, "en");
  EXPECT_EQ(changed->regions, std::vector<std::string>{"751110000"});
}

TEST_F(SubscriptionsTest, BadInputNamesEveryFieldAndStoresNothing) {
  auto r = subs_->subscribe(
      caller_,
      {{"address", "+0 12"}, {"regions", {"999", 5}}, {"language", "de"}, {"extra", true}});
  ASSERT_FALSE(r);
  std::set<std::string> fields;
  for (const auto& f : r.error().fields) fields.insert(f.field);
  EXPECT_EQ(fields,
            (std::set<std::string>{"address", "regions[0]", "regions[1]", "language", "extra"}));
  EXPECT_FALSE(subs_->subscribe(
      caller_, {{"address", "a@b.kz"}, {"regions", core::Json::array()}, {"language", "kk"}}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM alert_subscribers"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notify_outbox"), 0);
}

TEST_F(SubscriptionsTest, RepeatedRequestsAreThrottledPerAddressAndPerClient) {
  core::Json body = {{"address", "+77015550000"}, {"regions", {"750000000"}}, {"language", "kk"}};
  ASSERT_TRUE(subs_->subscribe(caller_, body));
  auto again = subs_->subscribe(caller_, body);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::too_many);
  EXPECT_GT(again.error().retry_after.value_or(0), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notify_outbox"), 1);
  for (int i = 0; i < 3; ++i)
    subs_->subscribe(caller_, {{"address", "+7701555000" + std::to_string(i + 1)},
                               {"regions", {"750000000"}},
                               {"language", "kk"}});
  auto client = subs_->subscribe(
      caller_, {{"address", "+77015559999"}, {"regions", {"750000000"}}, {"language", "kk"}});
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().code, core::ErrorCode::too_many);
  // Another client address is not held up.
  EXPECT_TRUE(subs_->subscribe(
      {"198.51.100.7", "req-2"},
      {{"address", "+77015559999"}, {"regions", {"750000000"}}, {"language", "kk"}}));
}

TEST(SubscriberAddress, ReadsMasksAndSealsAddresses) {
  auto key = core::MasterKey::generate();
  auto p = read_address(" +7 701-555.12 34 ");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->channel, "sms");
  EXPECT_EQ(p->value, "+77015551234");
  EXPECT_EQ(masked(*p), "+7******1234");
  auto e = read_address("Aigerim.N@Mail.KZ");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->value, "Aigerim.N@mail.kz");
  EXPECT_EQ(masked(*e), "A***@mail.kz");
  EXPECT_FALSE(read_address("87015551234"));
  EXPECT_FALSE(read_address("not an address"));
  auto sealed = seal_address(key, *p);
  EXPECT_EQ(sealed.find("7015551234"), std::string::npos);
  EXPECT_EQ(open_address(key, sealed)->value, "+77015551234");
  EXPECT_FALSE(open_address(core::MasterKey::generate(), sealed));
  EXPECT_EQ(address_index(key, *e), address_index(key, *read_address("aigerim.n@mail.kz")));
}

}  // namespace
