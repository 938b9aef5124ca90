#pragma once
// The SQL of alerts. The CAP fields nobody searches are one JSON document (`content`).
#include <optional>
#include <string>
#include <vector>

#include "alerts/model.hpp"
#include "storage/database.hpp"

namespace qorgan::alerts::alert_store {

std::optional<Alert> get(storage::Tx& tx, std::int64_t id);
std::optional<Alert> by_identifier(storage::Tx& tx, const std::string& identifier);
// Alerts whose region path starts with `path_prefix`, newest first, id < before (0: from the
// newest), in `state` when given; at most limit + 1.
std::vector<Alert> list(storage::Tx& tx, const std::string& path_prefix, std::optional<State> state,
                        std::int64_t before, int limit);
// Published messages (alerts, updates and cancels) that have not expired at `now`, newest first.
std::vector<Alert> published(storage::Tx& tx, core::Timestamp now);
// Ids of published alerts whose expiry has come.
std::vector<std::int64_t> due_to_expire(storage::Tx& tx, core::Timestamp now);
// Inserts `a` with its identifier made from `identifier_prefix` and the new id; returns the id.
std::int64_t insert(storage::Tx& tx, const Alert& a, const std::string& identifier_prefix);
// Writes every changeable column of `a` (all but id, identifier and created_at).
void update(storage::Tx& tx, const Alert& a);

}  // namespace qorgan::alerts::alert_store
