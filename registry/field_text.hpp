#pragma once
// The fields of the texts kept on a person's row for the lists (skills_text.hpp, list_text.hpp):
// a text is "<bytes>:<text>", "-" for none (NULL) where a field may be missing; a number its
// decimal digits and ";". Read in place: a list page reads some six hundred of them.
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace qorgan::registry::person_store {

// Appends a text field, "<bytes>:<text>".
void put_text_field(std::string& out, std::string_view text);
// Appends a number field, "<digits>;".
void put_number_field(std::string& out, std::int64_t n);

// Reads the fields of a text from its front; each read is false when the text there is not of
// its form (and the reader is then to be dropped). The views point into the text.
class FieldReader {
 public:
  explicit FieldReader(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {}
  bool done() const { return at_ == end_; }

  bool text(std::string_view& out) {
    std::uint64_t bytes = 0;
    // Nearly every field is under a hundred bytes: its one or two digits are read at once.
    auto digit = [](char c) { return unsigned(static_cast<unsigned char>(c) - '0'); };
    if (end_ - at_ >= 3 && digit(at_[0]) < 10 && at_[1] == ':')
      bytes = digit(at_[0]), at_ += 2;
    else if (end_ - at_ >= 3 && digit(at_[0]) < 10 && digit(at_[1]) < 10 && at_[2] == ':')
      bytes = digit(at_[0]) * 10 + digit(at_[1]), at_ += 3;
    else if (!digits(':', bytes))
      return false;
    if (std::uint64_t(end_ - at_) < bytes) return false;
    out = std::string_view(at_, size_t(bytes));
    at_ += bytes;
    return true;
  }
  bool nullable(std::optional<std::string_view>& out) {
    if (at_ < end_ && *at_ == '-') {
      ++at_;
      out.reset();
      return true;
    }
    std::string_view v;
    if (!text(v)) return false;
    out = v;
    return true;
  }
  bool number(std::int64_t& n) {
    // A timestamp of sixteen digits, and a number of one (list_kinds), read at once.
    if (end_ - at_ >= 17 && at_[16] == ';') {
      const std::uint64_t high = load8(at_), low = load8(at_ + 8);
      if (eight_digits(high) && eight_digits(low)) {
        n = std::int64_t(value_of_eight(high) * 100000000 + value_of_eight(low));
        at_ += 17;
        return true;
      }
    }
    if (end_ - at_ >= 2 && static_cast<unsigned char>(at_[0] - '0') < 10 && at_[1] == ';') {
      n = at_[0] - '0';
      at_ += 2;
      return true;
    }
    const bool negative = at_ < end_ && *at_ == '-';
    if (negative) ++at_;
    // Other numbers' digits are read eight at a time too.
    std::uint64_t v = 0;
    const char* from = at_;
    for (std::uint64_t w; end_ - at_ >= 8 && eight_digits(w = load8(at_)); at_ += 8)
      v = v * 100000000 + value_of_eight(w);
    if (!digits(';', v, at_ - from)) return false;
    n = negative ? -std::int64_t(v) : std::int64_t(v);
    return true;
  }

 private:
  static std::uint64_t load8(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }
  // Whether the eight bytes of w (little-endian, as x86 loads them) are all ASCII digits, and
  // their value: the usual SWAR forms (as fast_float's).
  static bool eight_digits(std::uint64_t w) {
    return (((w + 0x4646464646464646) | (w - 0x3030303030303030)) & 0x8080808080808080) == 0;
  }
  static std::uint64_t value_of_eight(std::uint64_t w) {
    w -= 0x3030303030303030;
    w = w * 10 + (w >> 8);
    constexpr std::uint64_t mask = 0x000000FF000000FF, mul1 = 100 + (1000000ULL << 32),
                            mul2 = 1 + (10000ULL << 32);
    return (((w & mask) * mul1) + (((w >> 16) & mask) * mul2)) >> 32;
  }
  // Decimal digits (with `before` read already, into v) up to 18 in all, and then `stop`.
  bool digits(char stop, std::uint64_t& v, std::ptrdiff_t before = 0) {
    const char* from = at_ - before;
    while (at_ < end_ && static_cast<unsigned char>(*at_ - '0') < 10)
      v = v * 10 + std::uint64_t(*at_++ - '0');
    if (at_ == from || at_ - from > 18 || at_ == end_ || *at_ != stop) return false;
    ++at_;
    return true;
  }

  const char* at_;
  const char* end_;
};

}  // namespace qorgan::registry::person_store
