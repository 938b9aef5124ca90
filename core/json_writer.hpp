#pragma once
// Writes JSON text straight into a string, for hot read paths that would otherwise build a
// core::Json tree only to print it. The output is byte for byte what core::Json's compact dump()
// (as http::Response::json calls it) prints for the same value, provided the caller writes each
// object's keys in the order dump() prints them: sorted by bytes (core::Json keeps objects in a
// std::map). Tests compare the two.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qorgan::core {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // An object member's name; its value follows.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(int n) { return value(std::int64_t{n}); }
  JsonWriter& value(bool b);
  JsonWriter& value(std::nullptr_t);
  JsonWriter& value(const std::optional<std::string>& s) {
    return s ? value(std::string_view(*s)) : value(nullptr);
  }
  // `x` rounded to `places` decimals, 0 to 4, as dump() prints the double
  // std::round(x · 10^places) / 10^places: the shortest decimal of that double ("12.5", "3.0",
  // "0.0001", "-0.0"; null when not finite). The same text as dump()'s, except where its digit
  // search (not always the shortest) prints 17 digits: seen only at 4 places from 10,000 up.
  JsonWriter& rounded(double x, int places);
  // A value that is already JSON text.
  JsonWriter& raw(std::string_view json);

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void separate();  // the comma before an array element or object member, when one is due

  std::string& out_;
  // Per nesting level: whether the next element needs a comma; after key(), the value doesn't.
  std::array<bool, 32> more_{};
  size_t depth_ = 0;
  bool after_key_ = false;
};

// Appends `s` as a JSON string literal, escaped as core::Json's dump() escapes it (UTF-8 kept,
// control characters escaped, invalid UTF-8 replaced by U+FFFD).
void append_json_string(std::string& out, std::string_view s);

// Appends what JsonWriter::rounded() writes; throws std::invalid_argument for `places` outside
// 0 to 4 (from 5 places on dump() may print an exponent, "1e-05").
void append_json_rounded(std::string& out, double x, int places);

// The most bytes append_json_string() writes for `s` (a control character escaped as \u00XX).
constexpr std::size_t json_string_room(std::string_view s) {
  return 6 * s.size() + 2;
}

// Writes `s` as append_json_string() appends it, at `at`, which has json_string_room(s) bytes of
// room; returns the end of what it wrote.
char* write_json_string(char* at, std::string_view s);

// Whether `s` is written as itself between quotes (no byte to escape, valid UTF-8): a text so
// checked when stored can be copied when written, unlooked at.
bool json_string_plain(std::string_view s);

}  // namespace qorgan::core
