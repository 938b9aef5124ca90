#pragma once
// SQL for organisations.
#include <optional>
#include <string>
#include <vector>

#include "registry/organisations.hpp"

namespace qorgan::registry::organisation_store {

std::optional<Organisation> get(storage::Tx& tx, std::int64_t id);
// Returns up to p.limit + 1 rows (the extra one tells that there is a next page).
std::vector<Organisation> list(storage::Tx& tx, const OrganisationFilter& f,
                               const core::ListParams& p);
Organisation insert(storage::Tx& tx, Organisation o, std::int64_t now);
Organisation update(storage::Tx& tx, Organisation o, std::int64_t now);
void remove(storage::Tx& tx, std::int64_t id);
// What still refers to the organisation ("3 facilities, 1 account"), empty when nothing.
std::string usage(storage::Tx& tx, std::int64_t id);

}  // namespace qorgan::registry::organisation_store
