#include "activation/overdue_store.hpp"

#include <algorithm>

namespace qorgan::activation::overdue_store {

std::vector<std::int64_t> due(storage::Tx& tx, std::int64_t now) {
  std::vector<std::int64_t> out;
  for (const auto& r :
       tx.query("SELECT id FROM activations WHERE phase = 'active' AND deadline_at <= $1 AND "
                "overdue_at IS NULL ORDER BY id",
                {now}))
    out.push_back(r.i64(0));
  return out;
}

bool claim(storage::Tx& tx, std::int64_t activation_id, std::int64_t now) {
  return tx.exec(
             "UPDATE activations SET overdue_at = $2 WHERE id = $1 AND phase = 'active' AND "
             "overdue_at IS NULL",
             {activation_id, now}) == 1;
}

std::vector<Late> mark(storage::Tx& tx, std::int64_t activation_id) {
  std::vector<Late> out;
  for (const auto& r : tx.query(
           "UPDATE activation_notices SET status = 'overdue' WHERE activation_id = $1 AND status "
           "IN ('called', 'reached', 'confirmed') RETURNING id, person_id, unit_id, person_name",
           {activation_id}))
    out.push_back({r.i64(0), r.i64(1), r.i64(2), r.str(3)});
  std::ranges::sort(out, {}, &Late::notice_id);
  return out;
}

}  // namespace qorgan::activation::overdue_store
