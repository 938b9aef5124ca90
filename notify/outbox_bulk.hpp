#pragma once
// Many messages enqueued at once inside the caller's write transaction (a public alert's
// fan-out: thousands a transaction). The same contract as notify::enqueue (outbox.hpp), with the
// rows inserted the engine's fastest way (storage::Tx::insert_rows) instead of one statement
// with RETURNING each.
#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "notify/outbox.hpp"
#include "storage/database.hpp"

namespace qorgan::notify {

// Validates every message (the first invalid one is the error, its fields prefixed with
// "messages[i]."), then inserts them all in `tx`; returns their ids in order. Nothing is
// inserted when one is invalid.
core::Result<std::vector<std::int64_t>> enqueue_all(storage::Tx& tx,
                                                    const std::vector<NewMessage>& messages);

}  // namespace qorgan::notify
