#include "activation/check_in_log_store.hpp"

namespace qorgan::activation::check_in_log_store {

std::optional<Entry> get(storage::Tx& tx, const std::string& client_id) {
  auto r = tx.maybe(
      "SELECT client_id, facility_id, credential_sha256, activation_id, notice_id, at, outcome, "
      "reason, by_login, received_at FROM activation_check_ins WHERE client_id = $1",
      {client_id});
  if (!r) return std::nullopt;
  return Entry{r->str(0), r->i64(1), r->str(2), r->opt_i64(3), r->opt_i64(4),
               r->i64(5), r->str(6), r->str(7), r->str(8),     r->i64(9)};
}

bool claim(storage::Tx& tx, const Entry& e) {
  return !tx.query(
                "INSERT INTO activation_check_ins (client_id, facility_id, credential_sha256, "
                "activation_id, notice_id, at, outcome, reason, by_login, received_at) VALUES "
                "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (client_id) DO NOTHING "
                "RETURNING client_id",
                {e.client_id, e.facility_id, e.credential_sha256, e.activation_id, e.notice_id,
                 e.at, e.outcome, e.reason, e.by_login, e.received_at})
              .empty();
}

void settle(storage::Tx& tx, const Entry& e) {
  tx.exec(
      "UPDATE activation_check_ins SET activation_id = $2, notice_id = $3, outcome = $4, reason = "
      "$5 WHERE client_id = $1",
      {e.client_id, e.activation_id, e.notice_id, e.outcome, e.reason});
}

}  // namespace qorgan::activation::check_in_log_store
