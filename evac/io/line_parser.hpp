#pragma once
// Small helpers shared by the plain-text readers: split a line into fields and parse numbers
// strictly (the whole field must be a number), so a typo is an error rather than a silent 0.

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qorgan::evac::io {

// With a separator (CSV), a field in double quotes may contain it ("Stadium, north"); the
// quotes are kept for the caller to strip.
inline std::vector<std::string_view> split_fields(std::string_view line, char sep = 0) {
  std::vector<std::string_view> out;
  if (sep != 0) {
    std::size_t start = 0;
    while (true) {
      auto pos = start;
      for (bool quoted = false; pos < line.size() && (quoted || line[pos] != sep); ++pos)
        if (line[pos] == '"') quoted = !quoted;
      if (pos >= line.size()) pos = std::string_view::npos;
      auto field = line.substr(start, pos == std::string_view::npos ? pos : pos - start);
      while (!field.empty() && (field.front() == ' ' || field.front() == '\t'))
        field.remove_prefix(1);
      while (!field.empty() &&
             (field.back() == ' ' || field.back() == '\t' || field.back() == '\r'))
        field.remove_suffix(1);
      out.push_back(field);
      if (pos == std::string_view::npos) break;
      start = pos + 1;
    }
    return out;
  }
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
