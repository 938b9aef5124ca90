// The audit chain on a real SQLite file, tampered with the way someone with access to the
// database file would: verify_audit must name the first entry whose chain breaks. Also what an
// entry keeps: secrets redacted, before/after reduced to the fields that changed.
#include "auth/audit.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "core/time.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::auth;
using core::Json;

namespace {

class AuthAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = core::fresh_test_directory("qorgan-audit");
    auto db = storage::open_test_database(dir_);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void append(const std::string& entity_id, Json before = nullptr, Json after = nullptr,
              const Actor& actor = {7, "alice", "rid"}, const std::string& type = "unit") {
    auto s = db_->write([&](storage::Tx& tx) -> core::Status {
      audit(tx, actor, type + ".update", type, entity_id, before, after);
      return {};
    });
    ASSERT_TRUE(s);
  }
  void append_four() {
    for (int i = 1; i <= 4; ++i)
      append(std::to_string(i), nullptr, {{"name", "v" + std::to_string(i)}});
  }
  // Verification after `statements`, run as someone with the database file would; the chain
  // must be reported broken.
  VerifyReport tampered(std::initializer_list<const char*> statements) {
    auto s = db_->write([&](storage::Tx& tx) -> core::Status {
      for (const char* sql : statements) tx.exec(sql);
      return {};
    });
    EXPECT_TRUE(s);
    auto rep = verify_audit(*db_);
    EXPECT_FALSE(rep.ok) << "not detected: " << *statements.begin();
    return rep;
  }
  // The newest entry.
  AuditEntry last() {
    AuditQuery q;
    q.limit = 1;
    auto entries = list_audit(*db_, q);
    EXPECT_EQ(entries.size(), 1u);
    return entries.empty() ? AuditEntry{} : entries.front();
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(AuthAudit, AppendedEntriesVerify) {
  auto empty = verify_audit(*db_);
  EXPECT_TRUE(empty.ok) << empty.reason;
  EXPECT_EQ(empty.checked, 0);
  append_four();
  auto rep = verify_audit(*db_);
  EXPECT_TRUE(rep.ok) << rep.reason;
  EXPECT_EQ(rep.checked, 4);
  EXPECT_EQ(rep.broken_seq, 0);
}

// Four entries, then tampering.
class AuthAuditTampering : public AuthAudit {
 protected:
  void SetUp() override {
    AuthAudit::SetUp();
    append_four();
  }
};

TEST_F(AuthAuditTampering, EditingAnEntryIsDetectedAtThatEntry) {
  auto rep = tampered({"UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE seq = 2"});
  EXPECT_EQ(rep.broken_seq, 2);
  EXPECT_EQ(rep.checked, 1);
  EXPECT_EQ(rep.reason, "its content does not match its hash (the entry was edited)");
}

TEST_F(AuthAuditTampering, EditingAnEntrysActorIsDetected) {
  EXPECT_EQ(tampered({"UPDATE audit_log SET actor_login = 'mallory' WHERE seq = 3"}).broken_seq, 3);
}

TEST_F(AuthAuditTampering, DeletingAnEntryIsDetected) {
  auto rep = tampered({"DELETE FROM audit_log WHERE seq = 2"});
  EXPECT_EQ(rep.broken_seq, 3);  // the entry whose predecessor is gone
  EXPECT_EQ(rep.reason, "entries 2 to 2 are missing");
}

TEST_F(AuthAuditTampering, DeletingTheLastEntriesIsDetectedByTheHead) {
  auto rep = tampered({"DELETE FROM audit_log WHERE seq >= 3"});
  EXPECT_EQ(rep.checked, 2);
  EXPECT_EQ(rep.broken_seq, 3);
  EXPECT_NE(rep.reason.find("head records entry 4"), std::string::npos) << rep.reason;
}

TEST_F(AuthAuditTampering, ReorderingEntriesIsDetected) {
  auto rep = tampered({"UPDATE audit_log SET seq = -2 WHERE seq = 2",
                       "UPDATE audit_log SET seq = 2 WHERE seq = 3",
                       "UPDATE audit_log SET seq = 3 WHERE seq = -2"});
  EXPECT_EQ(rep.broken_seq, 2);
  EXPECT_EQ(rep.reason, "its previous-hash does not match the entry before it");
}

TEST_F(AuthAuditTampering, EditingTheHeadIsDetected) {
  auto rep = tampered({"UPDATE audit_head SET hash = 'forged'"});
  EXPECT_EQ(rep.checked, 4);
  EXPECT_EQ(rep.broken_seq, 5);
  // A head moved back to an earlier entry, hash and all, hides nothing either.
  rep = tampered(
      {"UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)"});
  EXPECT_EQ(rep.broken_seq, 5);
}

TEST_F(AuthAudit, EntriesChainToTheOneBefore) {
  append_four();
  AuditQuery q;
  auto entries = list_audit(*db_, q);  // newest first
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries.back().prev_hash, "");
  for (size_t i = 0; i + 1 < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, 4 - std::int64_t(i));
    EXPECT_EQ(entries[i].prev_hash, entries[i + 1].hash);
  }
}

TEST_F(AuthAudit, SecretsAreRedacted) {
  Json secrets{{"password", "hunter2hunter2"},    {"password_hash", "$argon2id$v=19$xyz"},
               {"iin", "900101300123"},           {"iin_sealed", "c2VhbGVk"},
               {"iin_index", "idx-900101300123"}, {"token", "tok-abcdef"},
               {"csrf_token", "csrf-abcdef"}};
  Json after = secrets;
  after["login"] = "alice";
  append("1", nullptr, after);
  auto e = last();
  EXPECT_EQ(e.after["login"], "alice");
  for (auto it = secrets.begin(); it != secrets.end(); ++it)
    EXPECT_EQ(e.after[it.key()], "[redacted]") << it.key();

  // Nothing of them reaches the table, before or after.
  Json before = secrets;
  before["iin"] = "880202400456";
  append("2", before, after);
  auto stored = db_->read([](storage::Tx& tx) {
    std::string all;
    for (const auto& r : tx.query("SELECT before_json, after_json FROM audit_log"))
      all += r.str(0) + r.str(1);
    return all;
  });
  for (const char* secret : {"hunter2", "argon2id", "900101300123", "880202400456", "c2VhbGVk",
                             "tok-abcdef", "csrf-abcdef"})
    EXPECT_EQ(stored.find(secret), std::string::npos) << secret;
}

TEST_F(AuthAudit, BeforeAndAfterKeepOnlyTheChangedFields) {
  append("1", {{"name", "A"}, {"status", "draft"}, {"kind", "k"}},
         {{"name", "A"}, {"status", "active"}, {"kind", "k"}, {"commander_id", 7}});
  auto e = last();
  EXPECT_EQ(e.before, (Json{{"status", "draft"}}));
  EXPECT_EQ(e.after, (Json{{"status", "active"}, {"commander_id", 7}}));

  append("1", {{"name", "A"}}, {{"name", "A"}});
  e = last();
  EXPECT_EQ(e.before, Json::object());
  EXPECT_EQ(e.after, Json::object());

  // A creation has no before; its after is kept whole.
  append("2", nullptr, {{"name", "B"}, {"kind", "k"}});
  e = last();
  EXPECT_TRUE(e.before.is_null());
  EXPECT_EQ(e.after, (Json{{"name", "B"}, {"kind", "k"}}));
}

TEST_F(AuthAudit, ListingFiltersAndPagesNewestFirst) {
  append("1", nullptr, nullptr, {7, "alice", "r1"}, "unit");
  append("2", nullptr, nullptr, {8, "bob", "r2"}, "unit");
  append("1", nullptr, nullptr, {8, "bob", "r3"}, "person");
  append("1", nullptr, nullptr, {7, "alice", "r4"}, "unit");
  append("1", nullptr, nullptr, {std::nullopt, "cli:ops", "r5"}, "unit");

  auto request_ids = [&](const AuditQuery& q) {
    std::vector<std::string> out;
    for (const auto& e : list_audit(*db_, q)) out.push_back(e.request_id);
    return out;
  };
  using V = std::vector<std::string>;
  AuditQuery q;
  q.entity_type = "unit";
  q.entity_id = "1";
  EXPECT_EQ(request_ids(q), (V{"r5", "r4", "r1"}));
  q.actor_id = 7;
  EXPECT_EQ(request_ids(q), (V{"r4", "r1"}));
  q = {};
  q.limit = 2;
  EXPECT_EQ(request_ids(q), (V{"r5", "r4"}));
  q.before_seq = 4;  // the next page after r4 (seq 4)
  EXPECT_EQ(request_ids(q), (V{"r3", "r2"}));
  q = {};
  q.actor_id = 8;
  q.entity_type = "person";
  EXPECT_EQ(request_ids(q), (V{"r3"}));
  q = {};
  q.from = core::now_us() + 60'000'000;
  EXPECT_EQ(request_ids(q), V{});
  q = {};
  q.to = core::now_us() + 60'000'000;
  EXPECT_EQ(request_ids(q).size(), 5u);
}

}  // namespace
