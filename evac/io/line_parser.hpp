#pragma once
// Small helpers shared by the plain-text readers: split a line into fields and parse numbers
// strictly (the whole field must be a number), so a typo is an error rather than a silent 0.

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "evac/error.hpp"
#include "evac/limits.hpp"

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

// Why an integer field did not parse, for an error message: "WHAT 'x1' is not an integer", or
// for a run of digits past 64 bits "WHAT 123456789012345678... (300 characters) is too large (at
// most MAX)". WHAT is a term ("node count") or a column's name as the file spells it ("count").
template <typename What>
Part not_an_integer(const What& what, std::string_view field, std::int64_t max) {
  std::string_view digits = field;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) digits.remove_prefix(1);
  const bool all_digits =
      !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (all_digits && field.front() != '-')
    return part("{} {} is too large (at most {})", what, shown(field), max);
  if (all_digits) return part("{} {} is too small", what, shown(field));
  return part("{} '{}' is not an integer", what, shown(field));
}

// Errors at a line of an input: "net.txt:3: …", or "line 3: …" (`numbered`) for text that has
// no file name. `err("unknown node {}", id)` or `err(not_an_integer(…))`.
template <typename Line>
class LineErrors {
 public:
  LineErrors(const std::string& file, const Line& line, bool numbered = false)
      : file_(file), line_(line), numbered_(numbered) {}
  template <typename... A>
  std::unexpected<Error> operator()(fmt::format_string<A...> key, A&&... args) const {
    return (*this)(part(key, std::forward<A>(args)...));
  }
  std::unexpected<Error> operator()(Part what) const {
    return fail(context(), Error(std::move(what)));
  }
  Part context() const {
    return numbered_ ? part("line {}: ", line_) : part("{}:{}: ", file_, line_);
  }

 private:
  const std::string& file_;
  const Line& line_;
  bool numbered_;
};

}  // namespace qorgan::evac::io
