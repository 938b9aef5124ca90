#pragma once
// A new person read from an import's row rather than a JSON body: the same rules as POST
// /api/v1/people (People::prepare_new), without building a body for each row of a large file.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "registry/people.hpp"

namespace qorgan::registry {

// The row's fields under the names of the body's: texts trimmed, an optional one left out when
// empty, the region resolved to its id. Names must outlive the row.
struct PersonRow {
  struct Skill {
    std::string skill;
    std::optional<std::string> qualified_on, expires_on;
  };
  std::vector<std::pair<std::string_view, std::string>> texts;
  std::optional<std::int64_t> region_id;
  std::optional<std::vector<Skill>> skills;
};

// Checks the row as People::prepare_new() checks a body, naming the same fields in the same
// order, and returns the record with its IIN sealed and indexed with `key`.
core::Result<Person> prepare_new_person(const core::MasterKey& key, PersonRow row,
                                        const std::string& today);

}  // namespace qorgan::registry
