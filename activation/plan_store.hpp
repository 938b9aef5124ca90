#pragma once
// The SQL of activation plans.
#include <optional>
#include <string>
#include <vector>

#include "activation/plans.hpp"
#include "storage/database.hpp"

namespace qorgan::activation::plan_store {

std::optional<Plan> get(storage::Tx& tx, std::int64_t id);
// Plans whose region path starts with `path_prefix` (empty: all), id > after, at most limit + 1.
std::vector<Plan> list(storage::Tx& tx, const std::string& path_prefix, std::int64_t after,
                       int limit);
std::int64_t insert(storage::Tx& tx, const Plan& p);
void update(storage::Tx& tx, const Plan& p);
void remove(storage::Tx& tx, std::int64_t id);

}  // namespace qorgan::activation::plan_store
