#include "registry/skills_text.hpp"

namespace qorgan::registry::person_store {

namespace {

// Reads one field of a skills_text() at `at`: "<bytes>:<text>", or "-" for none when `optional`.
// False when the text is not of that form.
bool read_skill_field(std::string_view text, size_t& at, bool optional,
                      std::optional<std::string>& out) {
  if (optional && at < text.size() && text[at] == '-') {
    ++at;
    out.reset();
    return true;
  }
  size_t bytes = 0, digits = 0;
  for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits)
    bytes = bytes * 10 + size_t(text[at] - '0');
  if (digits == 0 || digits > 9 || at >= text.size() || text[at] != ':' ||
      text.size() - at - 1 < bytes)
    return false;
  out.emplace(text.substr(at + 1, bytes));
  at += 1 + bytes;
  return true;
}

// Appends a field of a skills_text(): "<bytes>:<text>".
void put_field(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

}  // namespace

std::string skill_field(std::string_view skill) {
  std::string out;
  put_field(out, skill);
  return out;
}

std::optional<std::string> skills_text(const std::vector<Skill>& skills) {
  if (skills.empty()) return std::nullopt;
  std::string out;
  for (const auto& s : skills) {
    put_field(out, s.skill);
    for (const auto* date : {&s.qualified_on, &s.expires_on})
      if (*date)
        put_field(out, **date);
      else
        out += '-';
  }
  return out;
}

bool read_skills_text(std::string_view text, std::vector<Skill>& skills) {
  std::optional<std::string> name;
  for (size_t at = 0; at < text.size();) {
    Skill s;
    if (!read_skill_field(text, at, false, name) ||
        !read_skill_field(text, at, true, s.qualified_on) ||
        !read_skill_field(text, at, true, s.expires_on))
      return false;
    s.skill = std::move(*name);
    skills.push_back(std::move(s));
  }
  return true;
}

}  // namespace qorgan::registry::person_store
