#pragma once
// Accounts and sessions: argon2id passwords, session tokens from the CSPRNG stored only as
// hashes, idle and absolute expiry, sign-out everywhere, and login throttling by growing delays
// (see throttle.hpp) that answers the same whether or not an account exists.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "auth/throttle.hpp"
#include "core/error.hpp"
#include "storage/database.hpp"
#include "storage/peers.hpp"

namespace qorgan::auth {

struct SessionSettings {
  std::chrono::seconds idle{30 * 60};
  std::chrono::seconds absolute{12 * 3600};
  ThrottleSettings throttle;
  // The clock of throttling and of the session cache, so tests can step through delays.
  std::function<std::chrono::steady_clock::time_point()> steady_now = [] {
    return std::chrono::steady_clock::now();
  };
};

struct NewAccount {
  std::string login, password;
  Role role = Role::volunteer;
  std::optional<std::string> region_code;
  std::optional<std::int64_t> unit_id, organisation_id, person_id;
};

struct AccountView {
  std::int64_t id;
  std::string login;
  Role role;
  std::optional<std::int64_t> region_id, unit_id, organisation_id, person_id;
  bool disabled;
  std::string language;  // "kk", "ru", "en", or empty: none chosen
};

struct Login {
  std::string token, csrf_token;
  std::int64_t expires_at;
  Principal principal;
};

inline constexpr std::size_t kMinPasswordLength = 12;

class Accounts {
 public:
  Accounts(storage::Database& db, SessionSettings settings)
      : db_(db),
        settings_(std::move(settings)),
        throttle_(settings_.throttle, [this] { return settings_.steady_now(); }) {}

  core::Result<std::int64_t> create(const Actor& actor, const NewAccount& account);
  core::Status set_password(const Actor& actor, const std::string& login,
                            const std::string& password);
  core::Status set_disabled(const Actor& actor, std::int64_t account_id, bool disabled);
  // The account's interface language: "kk", "ru", "en", or "" for none (the browser's then
  // decides). Anyone may set their own (`who` is the account); admins anyone's. Audited.
  core::Status set_language(const Principal& who, const Actor& actor, std::int64_t account_id,
                            const std::string& language);
  std::vector<AccountView> list();
  core::Result<AccountView> find(std::int64_t id);

  core::Result<Login> login(const std::string& login, const std::string& password,
                            const std::string& address, const std::string& user_agent,
                            const std::string& request_id);
  core::Result<Principal> authenticate(const std::string& token);
  core::Status logout(const Principal& who, const std::string& request_id);
  core::Status logout_everywhere(const Principal& who, const std::string& request_id);
  core::Status change_password(const Principal& who, const std::string& current,
                               const std::string& next, const std::string& request_id);

  const SessionSettings& settings() const { return settings_; }
  // From now on, sessions that another server process on the database ends (logout, password
  // change, disabling) leave this process's cache when it hears so, and this process tells the
  // others of its own. `peers` outlives this.
  void connect(storage::Peers& peers);

 private:
  storage::Database& db_;
  SessionSettings settings_;
  // Recently checked sessions by token hash, so a burst of requests costs one lookup. An entry
  // lives at most kSessionCacheTtl and never past its session's idle or absolute expiry; this
  // process's logouts, password changes and disabling drop entries once committed, and tell the
  // other processes (connect), which drop theirs when the notice arrives (milliseconds). Without
  // the notice (its connection down) another process's change takes effect within the TTL, the
  // bound the README states.
  struct CachedSession {
    Principal principal;
    std::chrono::steady_clock::time_point fetched;
    std::int64_t ends_at;  // microseconds since the epoch
  };
  static constexpr std::chrono::seconds kSessionCacheTtl{5};
  void forget_sessions(std::optional<std::int64_t> session_id,
                       std::optional<std::int64_t> account_id);
  // Drops this process's entries and tells the other processes to drop theirs.
  void forget_everywhere(std::optional<std::int64_t> session_id,
                         std::optional<std::int64_t> account_id);
  std::mutex cache_mu_;
  std::map<std::string, CachedSession> session_cache_;
  std::atomic<storage::Peers*> peers_{nullptr};
  storage::Peers::Subscription remote_;  // unsubscribes before the cache goes

  LoginThrottle throttle_;
};

core::Status check_password_strength(const std::string& password);

}  // namespace qorgan::auth
