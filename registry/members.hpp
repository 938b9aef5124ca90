#pragma once
// The people a call-up reaches: the current members of units with only what a notice needs, read
// for many units in one statement. Approving a plan of 1,000 units read them as 1,000 people
// lists, each person with skills, availability and a sealed IIN opened for nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct Registry;

struct Member {
  std::int64_t unit_id = 0;  // the unit asked for whose subtree the membership is in
  std::int64_t person_id = 0;
  std::string family_name, given_name;
  std::optional<std::string> phone, email, language;  // phone and email as `who` may see them
};

// For each of `unit_ids`, the people `who` sees (as in People::list) with a current membership in
// the unit's subtree: by unit in the order given, then by person id. A person in the subtrees of
// several of the units comes under each.
core::Result<std::vector<Member>> current_members(Registry& registry, const auth::Principal& who,
                                                  const std::vector<std::int64_t>& unit_ids);

}  // namespace qorgan::registry
