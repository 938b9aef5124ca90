#pragma once
// Whether a facility exists and the caller may see it, inside a transaction the caller holds: a
// check-in checks its assembly point inside its own write instead of in a read transaction of its
// own before it (on SQLite a new read transaction after others' writes refills its page cache:
// a fifth of a check-in's work). Kept apart from facilities.hpp, which much of the code includes.
#include <cstdint>

#include "auth/principal.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

bool facility_visible(storage::Tx& tx, const auth::Principal& who, std::int64_t id);

}  // namespace qorgan::registry
