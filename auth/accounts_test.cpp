// Sign-in and sessions on a real SQLite file, as an operator would check them: login throttling
// (growing delays per login and address, the same answer whether or not the account exists),
// idle and absolute expiry, sign-outs and password changes ending sessions at once, and the
// five-second session cache. Throttling and the cache run on a clock the tests step; expiry on real
// time.
#include "auth/accounts.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "core/time.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::auth;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kWrong = "wrong horse battery";

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = core::fresh_test_directory("qorgan-auth");
    auto db = storage::open_test_database(dir_);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Accounts on `s` whose throttling and cache clock is `now_`.
  Accounts& accounts(SessionSettings s = {}) {
    s.steady_now = [now = now_] { return *now; };
    accounts_ = std::make_unique<Accounts>(*db_, s);
    return *accounts_;
  }
  void advance(std::chrono::steady_clock::duration d) { *now_ += d; }

  std::int64_t add(const std::string& login) {
    NewAccount a;
    a.login = login;
    a.password = kPassword;
    a.role = Role::admin;
    auto id = accounts_->create(actor_, a);
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or(0);
  }

  core::Result<Login> sign_in(const std::string& login, const std::string& password,
                              const std::string& address = "10.0.0.1") {
    return accounts_->login(login, password, address, "test", "rid");
  }
  Login signed_in(const std::string& login, const std::string& password = kPassword) {
    auto l = sign_in(login, password);
    EXPECT_TRUE(l) << l.error().message;
    return l.value_or(Login{});
  }

  // Fails `n` times as `login` from `address`, waiting out each delay as a patient attacker would.
  void fail_patiently(const std::string& login, const std::string& address, int n) {
    for (int failures = 0; failures < n;) {
      auto r = sign_in(login, kWrong, address);
      ASSERT_FALSE(r);
      if (r.error().code == core::ErrorCode::too_many)
        advance(std::chrono::seconds(r.error().retry_after.value_or(1)));
      else
        ++failures;
    }
  }

  // A change made straight in the database, as another Qorgan process would make it.
  void exec(const std::string& sql, const storage::Params& params = {}) {
    auto s = db_->write([&](storage::Tx& tx) -> core::Status {
      tx.exec(sql, params);
      return {};
    });
    ASSERT_TRUE(s);
  }
  std::int64_t count(const std::string& sql, const storage::Params& params = {}) {
    return db_->read([&](storage::Tx& tx) { return tx.one(sql, params).i64(0); });
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Accounts> accounts_;
  std::shared_ptr<std::chrono::steady_clock::time_point> now_ =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  Actor actor_{std::nullopt, "test", "rid"};
};

// --- throttling -------------------------------------------------------------------------------

using AuthThrottling = AuthTest;

TEST_F(AuthThrottling, DelaysGrowAndTheMessageSaysTheWaitWhetherOrNotTheAccountExists) {
  accounts();
  add("alice");
  std::vector<std::string> messages;
  for (std::string login : {"alice", "nobody"}) {
    for (int i = 0; i < 3; ++i) {
      auto r = sign_in(login, kWrong);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, core::ErrorCode::unauthenticated) << login << " attempt " << i;
      EXPECT_EQ(r.error().message, "The login or the password is wrong.");
    }
    std::vector<std::int64_t> waits;
    for (int i = 0; i < 4; ++i) {
      // Refused even with the right password while the delay lasts, and not counted.
      auto refused = sign_in(login, kPassword);
      ASSERT_FALSE(refused) << login;
      ASSERT_EQ(refused.error().code, core::ErrorCode::too_many);
      ASSERT_TRUE(refused.error().retry_after);
      auto wait = *refused.error().retry_after;
      EXPECT_EQ(refused.error().message, "Too many failed sign-ins. Try again in " +
                                             std::to_string(wait) +
                                             (wait == 1 ? " second." : " seconds."));
      waits.push_back(wait);
      messages.push_back(refused.error().message);
      advance(std::chrono::seconds(wait));
      auto r = sign_in(login, kWrong);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, core::ErrorCode::unauthenticated) << "after the wait";
    }
    EXPECT_EQ(waits, (std::vector<std::int64_t>{1, 2, 4, 8})) << login;
  }
  EXPECT_EQ(std::vector(messages.begin(), messages.begin() + 4),
            std::vector(messages.begin() + 4, messages.end()))
      << "an unknown login is answered as a known one";
}

TEST_F(AuthThrottling, AfterTheDelayTheRightPasswordSignsIn) {
  accounts();
  add("alice");
  fail_patiently("alice", "10.0.0.1", 5);
  auto refused = sign_in("alice", kPassword);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().retry_after, 4);
  advance(3s);
  EXPECT_FALSE(sign_in("alice", kPassword));
  advance(1s);
  EXPECT_TRUE(sign_in("alice", kPassword));
}

TEST_F(AuthThrottling, TheOwnerAtAnotherAddressSignsInDespiteAnAttackersFailures) {
  accounts();
  add("alice");
  fail_patiently("alice", "10.0.0.66", 15);
  auto attacker = sign_in("alice", kPassword, "10.0.0.66");
  ASSERT_FALSE(attacker) << "the attacker's address is being delayed";
  EXPECT_EQ(attacker.error().code, core::ErrorCode::too_many);
  EXPECT_EQ(attacker.error().retry_after, 300);
  auto owner = sign_in("alice", kPassword, "10.0.0.1");
  EXPECT_TRUE(owner) << owner.error().message;
}

TEST_F(AuthThrottling, FailuresCountForTheLoginWhateverItsCase) {
  accounts();
  add("alice");
  for (std::string login : {"Alice", "ALICE", "aLiCe"}) sign_in(login, kWrong);
  auto refused = sign_in("alice", kPassword);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::too_many);
}

TEST_F(AuthThrottling, ASuccessClearsTheCountAtThatAddress) {
  accounts();
  add("alice");
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 2; ++i) sign_in("alice", kWrong);
    auto r = sign_in("alice", kPassword);
    EXPECT_TRUE(r) << "round " << round << ": " << r.error().message;
  }
}

TEST_F(AuthThrottling, TheLoginsGuardOverAllAddressesDelaysOnlyBriefly) {
  SessionSettings s;
  s.throttle.login_failures_per_hour = 4;  // small, so few slow password checks show it
  accounts(s);
  add("alice");
  for (int i = 0; i < 4; ++i) sign_in("alice", kWrong, "10.1.0." + std::to_string(i));
  EXPECT_TRUE(sign_in("alice", kPassword)) << "within the allowance";
  for (int i = 4; i < 7; ++i) fail_patiently("alice", "10.1.0." + std::to_string(i), 1);
  auto owner = sign_in("alice", kPassword);
  ASSERT_FALSE(owner) << "seven failures from seven addresses slow the login down";
  EXPECT_EQ(owner.error().retry_after, 3);
  advance(3s);
  EXPECT_TRUE(sign_in("alice", kPassword));
}

// --- session expiry and ending ------------------------------------------------------------------

using AuthSessions = AuthTest;

TEST_F(AuthSessions, AnIdleSessionIsRefusedAndRemoved) {
  SessionSettings s;
  s.idle = 1s;
  auto& acc = accounts(s);
  add("alice");
  auto l = signed_in("alice");
  ASSERT_TRUE(acc.authenticate(l.token));
  std::this_thread::sleep_for(1200ms);
  auto r = acc.authenticate(l.token);
  ASSERT_FALSE(r) << "served after more than the idle time";
  EXPECT_EQ(r.error().code, core::ErrorCode::unauthenticated);
  EXPECT_EQ(r.error().message, "The session has expired; sign in again.");
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 0);
}

TEST_F(AuthSessions, AbsoluteExpiryEndsEvenAnActiveSession) {
  SessionSettings s;
  s.absolute = 1s;
  auto& acc = accounts(s);
  add("alice");
  auto before = core::now_us();
  auto l = signed_in("alice");
  EXPECT_GE(l.expires_at, before + 1'000'000);
  EXPECT_LE(l.expires_at, core::now_us() + 1'000'000);
  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(acc.authenticate(l.token));
  std::this_thread::sleep_for(700ms);
  auto r = acc.authenticate(l.token);
  ASSERT_FALSE(r) << "served after its absolute expiry";
  EXPECT_EQ(r.error().code, core::ErrorCode::unauthenticated);
}

TEST_F(AuthSessions, SigningOutEndsThatSessionAndSigningOutEverywhereEndsAllAtOnce) {
  auto& acc = accounts();
  add("alice");
  auto one = signed_in("alice"), two = signed_in("alice"), three = signed_in("alice");
  for (const auto& l : {one, two, three}) ASSERT_TRUE(acc.authenticate(l.token));  // cached
  ASSERT_TRUE(acc.logout(one.principal, "rid"));
  EXPECT_FALSE(acc.authenticate(one.token));
  EXPECT_TRUE(acc.authenticate(two.token));
  ASSERT_TRUE(acc.logout_everywhere(two.principal, "rid"));
  EXPECT_FALSE(acc.authenticate(two.token));
  EXPECT_FALSE(acc.authenticate(three.token));
}

TEST_F(AuthSessions, ChangingThePasswordEndsTheOtherSessionsAtOnce) {
  auto& acc = accounts();
  add("alice");
  auto here = signed_in("alice"), elsewhere = signed_in("alice");
  ASSERT_TRUE(acc.authenticate(elsewhere.token));
  ASSERT_TRUE(acc.change_password(here.principal, kPassword, "a new long password", "rid"));
  EXPECT_TRUE(acc.authenticate(here.token)) << "the session that changed it stays signed in";
  EXPECT_FALSE(acc.authenticate(elsewhere.token));
  EXPECT_FALSE(sign_in("alice", kPassword));
  EXPECT_TRUE(sign_in("alice", "a new long password"));
}

TEST_F(AuthSessions, AnAdminSettingThePasswordEndsEverySessionAtOnce) {
  auto& acc = accounts();
  add("alice");
  auto l = signed_in("alice");
  ASSERT_TRUE(acc.authenticate(l.token));
  ASSERT_TRUE(acc.set_password(actor_, "alice", "a password set by admin"));
  EXPECT_FALSE(acc.authenticate(l.token));
  EXPECT_TRUE(sign_in("alice", "a password set by admin"));
}

TEST_F(AuthSessions, DisablingEndsEverySessionAtOnceAndRefusesSignIn) {
  auto& acc = accounts();
  auto id = add("alice");
  auto l = signed_in("alice");
  ASSERT_TRUE(acc.authenticate(l.token));
  ASSERT_TRUE(acc.set_disabled(actor_, id, true));
  EXPECT_FALSE(acc.authenticate(l.token));
  auto r = sign_in("alice", kPassword);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "The login or the password is wrong.");
  ASSERT_TRUE(acc.set_disabled(actor_, id, false));
  EXPECT_TRUE(sign_in("alice", kPassword));
}

// --- the session cache ------------------------------------------------------------------------

TEST_F(AuthSessions, ACachedSessionIsServedWithoutReadingTheDatabase) {
  auto& acc = accounts();
  add("alice");
  auto l = signed_in("alice");
  // Without its row, only the cache can still answer.
  exec("DELETE FROM sessions");
  auto cached = acc.authenticate(l.token);
  ASSERT_TRUE(cached) << "the session was read from the database";
  EXPECT_EQ(cached->login, "alice");
  EXPECT_EQ(cached->session_id, l.principal.session_id);
}

TEST_F(AuthSessions, AnotherProcessesChangesTakeEffectWithinFiveSeconds) {
  auto& acc = accounts();
  auto id = add("alice");
  auto ended = signed_in("alice"), demoted = signed_in("alice");
  exec("DELETE FROM sessions WHERE id = $1", {ended.principal.session_id});
  exec("UPDATE accounts SET role = 'auditor' WHERE id = $1", {id});
  advance(4s);
  EXPECT_TRUE(acc.authenticate(ended.token));
  EXPECT_EQ(acc.authenticate(demoted.token)->role, Role::admin);
  advance(1s);
  EXPECT_FALSE(acc.authenticate(ended.token));
  auto fresh = acc.authenticate(demoted.token);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->role, Role::auditor);
}

}  // namespace
