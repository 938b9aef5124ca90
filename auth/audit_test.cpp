// The audit chain on a real SQLite file, tampered with the way someone with access to the
// database file would: verify_audit must name the first entry whose chain breaks, a chain
// recomputed without the key is caught, and one recomputed with the key is caught by the signed
// checkpoints kept elsewhere. Also what an entry keeps: secrets redacted, before/after reduced
// to the fields that changed. (The binary's key comes from audit_test_key.cpp.)
#include "auth/audit.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "auth/audit_store.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::auth;
using core::Json;

namespace {

class AuthAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    use_audit_key(key_);
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

  void sql(std::initializer_list<std::string> statements) {
    auto s = db_->write([&](storage::Tx& tx) -> core::Status {
      for (const auto& q : statements) tx.exec(q);
      return {};
    });
    ASSERT_TRUE(s);
  }
  // Rewrites every hash the way the chain was hashed before it was keyed (SHA-256 of the same
  // content), as the attacker with the database and the source would.
  void rewrite_unkeyed() {
    AuditQuery q;
    q.limit = 1000;
    auto entries = list_audit(*db_, q);
    std::string prev;
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      Json c = Json::array({it->seq, it->at, it->actor_id ? Json(*it->actor_id) : nullptr,
                            it->actor_login, it->action, it->entity_type, it->entity_id, it->before,
                            it->after, it->request_id, prev});
      auto hash = core::sha256_hex(c.dump(-1, ' ', false, Json::error_handler_t::replace));
      sql({"UPDATE audit_log SET prev_hash = '" + prev + "', hash = '" + hash +
               "' WHERE seq = " + std::to_string(it->seq),
           "UPDATE audit_head SET hash = '" + hash + "' WHERE seq = " + std::to_string(it->seq)});
      prev = hash;
    }
  }
  // Cuts the log back to its first `keep` entries, head and all, as someone with the database
  // would before appending entries of their own.
  void cut_to(int keep) {
    auto k = std::to_string(keep);
    sql({"DELETE FROM audit_log WHERE seq > " + k,
         "UPDATE audit_head SET seq = " + k +
             ", hash = COALESCE((SELECT hash FROM audit_log WHERE seq = " + k + "), '')"});
  }

  core::MasterKey key_ = core::MasterKey::generate();
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

// The hash covers the entry as one JSON array, dumped whole, as the chains already kept were
// hashed: entries written now verify in builds before and after this one.
TEST_F(AuthAudit, HashIsOfTheEntryAsOneJsonArray) {
  append("42", {{"name", "Ақсай — old"}, {"n", 1}}, {{"name", "Ақсай \"new\""}, {"n", 2.5}},
         {std::nullopt, "кто", "rid-1"});
  append("43");
  // Texts the chain's writer must escape as the dump does: quotes, backslashes, control
  // characters, invalid UTF-8 (replaced), and an actor with an id.
  append("4\\4\"\t\x01", nullptr, {{"note", "\x7f\xc3"}},
         {12, std::string("bad\xff\xfe login"), "rid\n\x1f"}, "тип\xe2\x82");
  AuditQuery q;
  q.limit = 10;
  auto entries = list_audit(*db_, q);
  ASSERT_EQ(entries.size(), 3u);
  for (const auto& e : entries) {
    Json whole =
        Json::array({e.seq, e.at, e.actor_id ? Json(*e.actor_id) : nullptr, e.actor_login, e.action,
                     e.entity_type, e.entity_id, e.before, e.after, e.request_id, e.prev_hash});
    EXPECT_EQ(e.hash, core::keyed_hash(key_, "audit.chain",
                                       whole.dump(-1, ' ', false, Json::error_handler_t::replace)))
        << "entry " << e.seq;
  }
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
  EXPECT_EQ(rep.reason,
            "its content does not match its hash (the entry was edited, or the chain was written "
            "with another key)");
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

TEST_F(AuthAuditTampering, AChainRecomputedWithoutTheKeyIsDetected) {
  // Before keying, this rewrite (edit an entry, recompute SHA-256 from there on) verified intact.
  sql({"UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE seq = 2"});
  rewrite_unkeyed();
  auto rep = verify_audit(*db_);
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.broken_seq, 1);
  EXPECT_NE(rep.reason.find("unkeyed hash"), std::string::npos) << rep.reason;

  // Nor does a chain written with a key of the attacker's own verify.
  cut_to(1);
  use_audit_key(core::MasterKey::generate());
  append("forged");
  use_audit_key(key_);
  rep = verify_audit(*db_);
  EXPECT_FALSE(rep.ok);
}

TEST_F(AuthAuditTampering, CheckpointsMatchAnIntactLog) {
  auto c = checkpoint_now(*db_);
  EXPECT_EQ(c.seq, 4);
  EXPECT_EQ(c.key, checkpoint_public_key());
  auto parsed = parse_checkpoint(checkpoint_line(c));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->head, c.head);
  append("5");
  auto later = checkpoint_now(*db_);
  auto rep = verify_checkpoints(*db_, {*parsed, later});
  EXPECT_TRUE(rep.ok) << rep.reason;
  EXPECT_EQ(rep.matched, 2);
}

TEST_F(AuthAuditTampering, ARewriteWithTheKeyIsCaughtByAnEarlierCheckpoint) {
  auto kept = checkpoint_now(*db_);
  // Someone with the database and the key drops entries 3 and 4 and writes two of their own:
  // the chain verifies, the checkpoint kept elsewhere does not.
  cut_to(2);
  append("3", nullptr, {{"name", "innocent"}});
  append("4", nullptr, {{"name", "innocent"}});
  auto chain = verify_audit(*db_);
  EXPECT_TRUE(chain.ok) << chain.reason;
  auto rep = verify_checkpoints(*db_, {kept});
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.matched, 0);
  EXPECT_NE(rep.reason.find("entry 4 no longer has the hash it had then"), std::string::npos)
      << rep.reason;
}

TEST_F(AuthAuditTampering, CuttingTheLogBelowACheckpointIsCaught) {
  auto kept = checkpoint_now(*db_);
  cut_to(2);
  EXPECT_TRUE(verify_audit(*db_).ok);
  auto rep = verify_checkpoints(*db_, {kept});
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.reason.find("the log now ends at entry 2"), std::string::npos) << rep.reason;
}

TEST_F(AuthAuditTampering, AlteredOrForeignCheckpointsAreRefused) {
  auto kept = checkpoint_now(*db_);
  auto altered = kept;
  altered.seq = 3;
  altered.head = db_->read([](storage::Tx& tx) { return *audit_store::hash_at(tx, 3); });
  auto rep = verify_checkpoints(*db_, {altered});
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.reason.find("signature does not match"), std::string::npos) << rep.reason;

  // A checkpoint signed by another installation's key is not trusted.
  use_audit_key(core::MasterKey::generate());
  auto foreign = checkpoint_now(*db_);
  use_audit_key(key_);
  rep = verify_checkpoints(*db_, {foreign});
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.reason.find("not by the trusted key"), std::string::npos) << rep.reason;
  // Unless that key is the one named as trusted.
  EXPECT_TRUE(verify_checkpoints(*db_, {foreign}, foreign.key).ok);
}

TEST(AuditCheckpointLine, MalformedLinesSayWhatIsWrong) {
  EXPECT_EQ(parse_checkpoint("not json").error().message, "it is not a JSON object");
  EXPECT_EQ(parse_checkpoint("{\"seq\": 1}").error().message,
            "it is not a Qorgan audit checkpoint (version 1)");
  EXPECT_EQ(parse_checkpoint("{\"qorgan_audit_checkpoint\": 1, \"seq\": \"4\", \"at\": 1, "
                             "\"head\": \"h\", \"key\": \"k\", \"signature\": \"s\"}")
                .error()
                .message,
            "its \"seq\" is missing or of the wrong type");
}

TEST_F(AuthAudit, ALegacyUnkeyedChainIsKeyedOnceWhenIntact) {
  append_four();
  rewrite_unkeyed();
  EXPECT_FALSE(verify_audit(*db_).ok);
  auto n = key_legacy_chain(*db_);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 4);
  auto rep = verify_audit(*db_);
  EXPECT_TRUE(rep.ok) << rep.reason;
  EXPECT_EQ(rep.checked, 4);
  // A keyed chain is left alone.
  EXPECT_EQ(*key_legacy_chain(*db_), 0);
}

TEST_F(AuthAudit, ABrokenLegacyChainIsNotKeyed) {
  append_four();
  rewrite_unkeyed();
  sql({"UPDATE audit_log SET actor_login = 'mallory' WHERE seq = 3"});
  auto n = key_legacy_chain(*db_);
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().message.find("broken at entry 3"), std::string::npos) << n.error().message;
  auto rep = verify_audit(*db_);  // unchanged: still the unkeyed chain
  EXPECT_EQ(rep.broken_seq, 1);
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

// On PostgreSQL writers do not wait for each other on the chain: each entry goes in with its
// change, unchained, and is chained after the commit. Many writers at once, some of them rolled
// back, on a real server (QORGAN_TEST_PG): every committed entry is in the chain exactly once, no
// rolled-back one is, nothing is left unchained, and the chain verifies.
TEST(AuthAuditPostgres, ConcurrentWritersLeaveOneVerifiableChain) {
  auto server = storage::test_postgres_server();
  if (!server) GTEST_SKIP() << "QORGAN_TEST_PG is not set";
  use_audit_key(core::MasterKey::generate());
  auto db = storage::open_test_postgres(*server, "audit_concurrent");
  ASSERT_TRUE(db) << db.error().message;
  constexpr int kThreads = 8, kWrites = 60;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        // Every fifth write fails after its entry was written: it must leave no trace.
        auto s = (*db)->write([&](storage::Tx& tx) -> core::Status {
          audit(tx, {t, "writer", "rid"}, "unit.update", "unit", id, nullptr, {{"i", i}});
          if (i % 5 == 4) return core::fail(core::Error::conflict("rolled back"));
          return {};
        });
        EXPECT_EQ(bool(s), i % 5 != 4);
      }
    });
  for (auto& t : threads) t.join();
  // Chained by the writers themselves: read straight from the table, without a sealer.
  auto [ids, pending] = (*db)->read([](storage::Tx& tx) {
    std::vector<std::string> ids;
    for (const auto& r : tx.query("SELECT entity_id FROM audit_log ORDER BY seq"))
      ids.push_back(r.str(0));
    return std::pair(ids, tx.one("SELECT COUNT(*) FROM audit_pending").i64(0));
  });
  std::int64_t chained = std::int64_t(ids.size());
  EXPECT_EQ(chained, kThreads * kWrites * 4 / 5);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  for (const auto& id : ids)
    EXPECT_NE(std::stoi(id.substr(id.find('-') + 1)) % 5, 4) << id << " was rolled back";
  EXPECT_EQ(pending, 0);
  auto rep = verify_audit(**db);
  EXPECT_TRUE(rep.ok) << rep.reason;
  EXPECT_EQ(rep.checked, chained);
}

// What a process that died between its commit and the chaining leaves: an entry committed with
// its change and not chained. The chain still verifies, and the next reader of the log (or the
// server's start) chains it after the others.
TEST(AuthAuditPostgres, AnEntryLeftUnchainedIsChainedByTheNextReader) {
  auto server = storage::test_postgres_server();
  if (!server) GTEST_SKIP() << "QORGAN_TEST_PG is not set";
  use_audit_key(core::MasterKey::generate());
  auto db = storage::open_test_postgres(*server, "audit_left");
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE((*db)->write([](storage::Tx& tx) -> core::Status {
    audit(tx, {1, "alice", "r1"}, "unit.update", "unit", "1");
    return {};
  }));
  {
    // The commit without Database::write's end, as a process killed right after it.
    auto lease = (*db)->acquire(true);
    lease->script("BEGIN");
    audit(*lease, {1, "alice", "r2"}, "unit.update", "unit", "2");
    lease->script("COMMIT");
  }
  auto pending = [&] {
    return (*db)->read(
        [](storage::Tx& tx) { return tx.one("SELECT COUNT(*) FROM audit_pending").i64(0); });
  };
  ASSERT_EQ(pending(), 1);
  auto rep = verify_audit(**db);
  EXPECT_TRUE(rep.ok) << rep.reason;
  EXPECT_EQ(rep.checked, 2);
  EXPECT_EQ(pending(), 0);
  AuditQuery q;
  auto entries = list_audit(**db, q);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].entity_id, "2");
  EXPECT_EQ(entries[0].prev_hash, entries[1].hash);
}
