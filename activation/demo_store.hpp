#pragma once
// The SQL that dates the demo's finished exercise back (activation/demo.hpp).
#include <cstdint>
#include <optional>

#include "storage/database.hpp"

namespace qorgan::activation::demo_store {

// Moves the activation's own times by `shift` microseconds (negative: into the past) and sets
// when it ended.
void shift_activation(storage::Tx& tx, std::int64_t activation_id, std::int64_t shift,
                      std::optional<std::int64_t> ended_at);
// Sets when a notice was answered and when its person arrived.
void set_times(storage::Tx& tx, std::int64_t notice_id, std::optional<std::int64_t> answered_at,
               std::optional<std::int64_t> arrived_at);

}  // namespace qorgan::activation::demo_store
