#pragma once
// The fields of the texts kept on a person's row for the lists (skills_text.hpp, list_text.hpp):
// a text is "<bytes>:<text>", "-" for none (NULL) where a field may be missing; a number its
// decimal digits and ";". Read in place: a list page reads some six hundred of them.
#include <cstdint>
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
    if (!digits(':', bytes) || std::uint64_t(end_ - at_) < bytes) return false;
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
    const bool negative = at_ < end_ && *at_ == '-';
    if (negative) ++at_;
    std::uint64_t v = 0;
    if (!digits(';', v)) return false;
    n = negative ? -std::int64_t(v) : std::int64_t(v);
    return true;
  }

 private:
  // Up to 18 decimal digits and then `stop`.
  bool digits(char stop, std::uint64_t& v) {
    const char* from = at_;
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
