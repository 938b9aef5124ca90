#include "registry/skills_text.hpp"

#include "registry/field_text.hpp"

namespace qorgan::registry::person_store {

std::string skill_field(std::string_view skill) {
  std::string out;
  put_text_field(out, skill);
  return out;
}

std::optional<std::string> skills_text(const std::vector<Skill>& skills) {
  if (skills.empty()) return std::nullopt;
  std::string out;
  for (const auto& s : skills) {
    put_text_field(out, s.skill);
    for (const auto* date : {&s.qualified_on, &s.expires_on})
      if (*date)
        put_text_field(out, **date);
      else
        out += '-';
  }
  return out;
}

bool read_skills_text(std::string_view text, std::vector<Skill>& skills) {
  FieldReader fields(text);
  std::string_view name;
  std::optional<std::string_view> qualified_on, expires_on;
  while (!fields.done()) {
    if (!fields.text(name) || !fields.nullable(qualified_on) || !fields.nullable(expires_on))
      return false;
    skills.push_back({std::string(name), std::optional<std::string>(qualified_on),
                      std::optional<std::string>(expires_on)});
  }
  return true;
}

}  // namespace qorgan::registry::person_store
