#pragma once
// Small helpers shared by the plain-text readers: split a line into fields and parse numbers
// strictly (the whole field must be a number), so a typo is an error rather than a silent 0.

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qorgan::evac::io {

// The whitespace-separated fields of a line (text networks, DIMACS).
inline std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= line.size()) break;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

template <typename T>
std::optional<T> parse_number(std::string_view s) {
  T value{};
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace qorgan::evac::io
