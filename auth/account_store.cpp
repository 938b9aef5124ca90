#include "auth/account_store.hpp"

namespace qorgan::auth::account_store {

namespace {

constexpr const char* kAccountColumns =
    "id, login, role, region_id, unit_id, organisation_id, person_id, disabled, language";

AccountView account_from(const storage::Row& r) {
  return {r.i64(0),     r.str(1),     *parse_role(r.str(2)), r.opt_i64(3), r.opt_i64(4),
          r.opt_i64(5), r.opt_i64(6), r.i64(7) != 0,         r.str(8)};
}

}  // namespace

std::optional<std::int64_t> region_id_by_code(storage::Tx& tx, const std::string& code) {
  auto r = tx.maybe("SELECT id FROM regions WHERE code = $1", {code});
  if (!r) return std::nullopt;
  return r->i64(0);
}

bool unit_exists(storage::Tx& tx, std::int64_t id) {
  return tx.maybe("SELECT 1 FROM units WHERE id = $1", {id}).has_value();
}

bool organisation_exists(storage::Tx& tx, std::int64_t id) {
  return tx.maybe("SELECT 1 FROM organisations WHERE id = $1", {id}).has_value();
}

bool person_exists(storage::Tx& tx, std::int64_t id) {
  return tx.maybe("SELECT 1 FROM people WHERE id = $1", {id}).has_value();
}

std::optional<std::int64_t> id_by_login(storage::Tx& tx, const std::string& login) {
  auto r = tx.maybe("SELECT id FROM accounts WHERE login = $1", {login});
  if (!r) return std::nullopt;
  return r->i64(0);
}

std::int64_t insert(storage::Tx& tx, const NewAccount& a, const std::string& password_hash,
                    std::optional<std::int64_t> region_id, std::int64_t now) {
  return tx
      .one(
          "INSERT INTO accounts (login, password_hash, role, region_id, unit_id, "
          "organisation_id, person_id, disabled, created_at, password_changed_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8) RETURNING id",
          {a.login, password_hash, std::string(to_string(a.role)), region_id, a.unit_id,
           a.organisation_id, a.person_id, now})
      .i64(0);
}

std::optional<AccountView> get(storage::Tx& tx, std::int64_t id) {
  auto r =
      tx.maybe(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return account_from(*r);
}

std::vector<AccountView> list(storage::Tx& tx) {
  std::vector<AccountView> out;
  for (const auto& r :
       tx.query(std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY login"))
    out.push_back(account_from(r));
  return out;
}

std::optional<Credentials> credentials(storage::Tx& tx, const std::string& login) {
  auto r = tx.maybe("SELECT id, password_hash, disabled FROM accounts WHERE login = $1", {login});
  if (!r) return std::nullopt;
  return Credentials{r->i64(0), r->str(1), r->i64(2) != 0};
}

std::optional<std::string> password_hash(storage::Tx& tx, std::int64_t account_id) {
  auto r = tx.maybe("SELECT password_hash FROM accounts WHERE id = $1", {account_id});
  if (!r) return std::nullopt;
  return r->str(0);
}

void set_password_hash(storage::Tx& tx, std::int64_t account_id, const std::string& hash,
                       std::int64_t now) {
  tx.exec("UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
          {hash, now, account_id});
}

void set_language(storage::Tx& tx, std::int64_t account_id, const std::string& language) {
  tx.exec("UPDATE accounts SET language = $1 WHERE id = $2", {language, account_id});
}

void set_disabled(storage::Tx& tx, std::int64_t account_id, bool disabled) {
  tx.exec("UPDATE accounts SET disabled = $1 WHERE id = $2", {disabled, account_id});
}

void insert_session(storage::Tx& tx, const NewSession& s) {
  tx.exec(
      "INSERT INTO sessions (token_hash, csrf_token, account_id, created_at, last_seen_at, "
      "expires_at, address, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
      {s.token_hash, s.csrf_token, s.account_id, s.created_at, s.expires_at, s.address,
       s.user_agent});
}

std::optional<StoredSession> session_by_token_hash(storage::Tx& tx, const std::string& token_hash) {
  auto row = tx.maybe(
      "SELECT s.id, s.account_id, s.csrf_token, s.last_seen_at, s.expires_at, a.login, a.role, "
      "a.region_id, a.unit_id, a.organisation_id, a.person_id, a.disabled, r.path, u.path, "
      "a.language "
      "FROM sessions s JOIN accounts a ON a.id = s.account_id "
      "LEFT JOIN regions r ON r.id = a.region_id LEFT JOIN units u ON u.id = a.unit_id "
      "WHERE s.token_hash = $1",
      {token_hash});
  if (!row) return std::nullopt;
  StoredSession s;
  auto& p = s.principal;
  p.session_id = row->i64(0);
  p.account_id = row->i64(1);
  p.csrf_token = row->str(2);
  p.login = row->str(5);
  p.role = parse_role(row->str(6)).value_or(Role::volunteer);
  p.region_id = row->opt_i64(7);
  p.unit_id = row->opt_i64(8);
  p.organisation_id = row->opt_i64(9);
  p.person_id = row->opt_i64(10);
  p.region_path = row->str(12);
  p.unit_path = row->str(13);
  p.language = row->str(14);
  s.last_seen_at = row->i64(3);
  s.expires_at = row->i64(4);
  s.account_disabled = row->i64(11) != 0;
  return s;
}

void touch_session(storage::Tx& tx, std::int64_t session_id, std::int64_t now) {
  tx.exec("UPDATE sessions SET last_seen_at = $1 WHERE id = $2", {now, session_id});
}

void delete_session(storage::Tx& tx, std::int64_t session_id) {
  tx.exec("DELETE FROM sessions WHERE id = $1", {session_id});
}

std::int64_t delete_sessions_of(storage::Tx& tx, std::int64_t account_id) {
  return tx.exec("DELETE FROM sessions WHERE account_id = $1", {account_id});
}

std::int64_t delete_sessions_of_except(storage::Tx& tx, std::int64_t account_id,
                                       std::int64_t keep_session_id) {
  return tx.exec("DELETE FROM sessions WHERE account_id = $1 AND id <> $2",
                 {account_id, keep_session_id});
}

}  // namespace qorgan::auth::account_store
