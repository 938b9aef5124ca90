#include "activation/demo_store.hpp"

namespace qorgan::activation::demo_store {

void shift_activation(storage::Tx& tx, std::int64_t activation_id, std::int64_t shift,
                      std::optional<std::int64_t> ended_at) {
  tx.exec(
      "UPDATE activations SET proposed_at = proposed_at + $2, activated_at = activated_at + $2, "
      "deadline_at = deadline_at + $2, overdue_at = deadline_at + $2, ended_at = $3 WHERE id = $1",
      {activation_id, shift, ended_at});
}

void set_times(storage::Tx& tx, std::int64_t notice_id, std::optional<std::int64_t> answered_at,
               std::optional<std::int64_t> arrived_at) {
  tx.exec("UPDATE activation_notices SET answered_at = $2, arrived_at = $3 WHERE id = $1",
          {notice_id, answered_at, arrived_at});
}

}  // namespace qorgan::activation::demo_store
