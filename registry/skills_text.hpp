#pragma once
// people.skills_text: a person's skills kept on their row as one text, so that a page of people
// reads them with the row on either engine (migration 0101 writes the same text in SQL).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/people.hpp"

namespace qorgan::registry::person_store {

// The text of a record's skills, in their order: each "<bytes>:<skill>" and then its two dates,
// each "<bytes>:<date>" or "-" for none; nullopt (NULL) for no skills.
std::optional<std::string> skills_text(const std::vector<Skill>& skills);

// A skill's name as skills_text() writes it, "<bytes>:<skill>": a part of the text of every
// person who has the skill (and, rarely, of others, whose text holds the same bytes elsewhere).
std::string skill_field(std::string_view skill);

// Appends the skills of a skills_text() to `skills`, in its order; false when it is malformed.
bool read_skills_text(std::string_view text, std::vector<Skill>& skills);

}  // namespace qorgan::registry::person_store
