#pragma once
// The SQL of the check-ins sent by muster pages, by the client_id each page gave its check-in
// (migrations/*/0055_muster_check_ins.sql).
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace qorgan::activation::check_in_log_store {

struct Entry {
  std::string client_id;
  std::int64_t facility_id = 0;
  std::string credential_sha256;
  std::optional<std::int64_t> activation_id, notice_id;
  std::int64_t at = 0;
  std::string outcome, reason, by_login;
  std::int64_t received_at = 0;
};

std::optional<Entry> get(storage::Tx& tx, const std::string& client_id);
// Takes the client_id for this transaction: false when it is taken already. A concurrent
// transaction that took it first makes this one wait for its end (PostgreSQL) or could not run
// beside it (SQLite), so a resend racing the first send is seen as a resend.
bool claim(storage::Tx& tx, const Entry& e);
// What the claimed check-in came to.
void settle(storage::Tx& tx, const Entry& e);

}  // namespace qorgan::activation::check_in_log_store
