#pragma once
// SQL for accounts and their sessions. The rules (password hashing, expiry, throttling, who may
// do what) are the Accounts service's; these statements only read and write rows.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/accounts.hpp"
#include "storage/database.hpp"

namespace qorgan::auth::account_store {

// Scope references an account may carry; they live in the registry's tables.
std::optional<std::int64_t> region_id_by_code(storage::Tx& tx, const std::string& code);
bool unit_exists(storage::Tx& tx, std::int64_t id);
bool organisation_exists(storage::Tx& tx, std::int64_t id);
bool person_exists(storage::Tx& tx, std::int64_t id);

std::optional<std::int64_t> id_by_login(storage::Tx& tx, const std::string& login);
// The account's id. `region_id` is the resolved `a.region_code`; `now` is its creation and
// password-change time.
std::int64_t insert(storage::Tx& tx, const NewAccount& a, const std::string& password_hash,
                    std::optional<std::int64_t> region_id, std::int64_t now);
std::optional<AccountView> get(storage::Tx& tx, std::int64_t id);
// Ordered by login.
std::vector<AccountView> list(storage::Tx& tx);

// What signing in checks.
struct Credentials {
  std::int64_t id = 0;
  std::string password_hash;
  bool disabled = false;
};
std::optional<Credentials> credentials(storage::Tx& tx, const std::string& login);
std::optional<std::string> password_hash(storage::Tx& tx, std::int64_t account_id);
void set_password_hash(storage::Tx& tx, std::int64_t account_id, const std::string& hash,
                       std::int64_t now);
void set_disabled(storage::Tx& tx, std::int64_t account_id, bool disabled);
void set_language(storage::Tx& tx, std::int64_t account_id, const std::string& language);

struct NewSession {
  std::string token_hash, csrf_token;
  std::int64_t account_id = 0, created_at = 0, expires_at = 0;
  std::string address, user_agent;
};
void insert_session(storage::Tx& tx, const NewSession& s);

// A session with its account as `authenticate` needs it; the principal's scope paths are read
// from the account's region and unit.
struct StoredSession {
  Principal principal;
  std::int64_t last_seen_at = 0, expires_at = 0;
  bool account_disabled = false;
};
std::optional<StoredSession> session_by_token_hash(storage::Tx& tx, const std::string& token_hash);
void touch_session(storage::Tx& tx, std::int64_t session_id, std::int64_t now);
void delete_session(storage::Tx& tx, std::int64_t session_id);
// Each returns the number of sessions ended.
std::int64_t delete_sessions_of(storage::Tx& tx, std::int64_t account_id);
std::int64_t delete_sessions_of_except(storage::Tx& tx, std::int64_t account_id,
                                       std::int64_t keep_session_id);

}  // namespace qorgan::auth::account_store
