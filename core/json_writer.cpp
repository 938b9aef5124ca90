#include "core/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "core/json.hpp"
#include "core/text.hpp"

namespace qorgan::core {

namespace {

// What a string's bytes need: bit 1 some byte to be escaped (controls, '"' and '\\'), bit 2 some
// byte of multi-byte UTF-8 to be checked; here of the eight bytes of `w`, all of them the
// string's (a byte looked at twice changes nothing). A byte below 0x20 or equal to '"' or '\\'
// sets its high bit in `escape` (only for bytes that are themselves below 0x80; the others count
// as high anyway).
unsigned char word_needs(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
  const std::uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
  const std::uint64_t escape = ((w - ones * 0x20) | (quote - ones) | (slash - ones)) & ~w;
  return static_cast<unsigned char>(((escape & highs) ? 1 : 0) | ((w & highs) ? 2 : 0));
}

// word_needs() of a whole string, eight bytes at a time, the last (or only) few bytes in one more
// word read over bytes already looked at: a list page has about two thousand strings, most of
// them short (dates, codes, names), whose tails a byte-by-byte table walk spent most on.
unsigned char string_needs(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  std::uint64_t w;
  if (n >= 8) {
    unsigned char needs = 0;
    for (size_t i = 0; i + 8 <= n; i += 8) {
      std::memcpy(&w, p + i, 8);
      needs |= word_needs(w);
    }
    if (n % 8 != 0) {
      std::memcpy(&w, p + n - 8, 8);
      needs |= word_needs(w);
    }
    return needs;
  }
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return word_needs(lo | std::uint64_t{hi} << 32);
  }
  if (n == 0) return 0;
  // The three bytes at 0, n/2 and n-1 cover a string of one to three; the rest of the word is a
  // plain letter.
  w = 0x0101010101010101 * 'a' & ~std::uint64_t{0xffffff};
  w |= std::uint64_t{static_cast<unsigned char>(p[0])} |
       std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
       std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
  return word_needs(w);
}

// Whether the bytes of `w` (four or eight of a string, from the start of a sequence) are all
// two-byte UTF-8 sequences: a lead C2..DF, then a byte 80..BF.
template <typename Word>
bool two_byte_sequences(Word w) {
  constexpr Word leads = Word(0x001E001E001E001EULL), tops = Word(0x8000800080008000ULL);
  constexpr Word form = Word(0xC0E0C0E0C0E0C0E0ULL), want = Word(0x80C080C080C080C0ULL);
  // A lead is C0..DF with some of bits 1..4 set (C0 and C1 would be overlong): adding 0x7FFF to
  // a 16-bit lane whose lead bits are not all clear sets the lane's top bit, without a carry.
  return (w & form) == want && (((w & leads) + Word(0x7FFF7FFF7FFF7FFFULL)) & tops) == tops;
}

// core::valid_utf8(), with a string made only of two-byte sequences (a name in Cyrillic or
// Kazakh letters, of an even length) checked four letters at a time, the last word read over
// letters already looked at.
bool valid_utf8_letters(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  if (n % 2 == 0 && n >= 8) {
    bool all = true;
    std::uint64_t w;
    for (size_t i = 0; all && i + 8 <= n; i += 8) {
      std::memcpy(&w, p + i, 8);
      all = two_byte_sequences(w);
    }
    if (all) {
      std::memcpy(&w, p + n - 8, 8);
      if (two_byte_sequences(w)) return true;
    }
  } else if (n % 2 == 0 && n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    if (two_byte_sequences(lo) && two_byte_sequences(hi)) return true;
  }
  return valid_utf8(s);
}

// Writes `s`, of sizeof(Word) to 2 * sizeof(Word) bytes, as write_json_string() does, from two
// words (overlapping for a string shorter than two), when it needs nothing but a copy; else
// writes nothing and returns null.
template <typename Word>
char* quoted_words(char* at, std::string_view s) {
  constexpr size_t k = sizeof(Word);
  const size_t n = s.size();
  Word a, b;
  std::memcpy(&a, s.data(), k);
  std::memcpy(&b, s.data() + n - k, k);
  const unsigned char needs =
      k == 8 ? word_needs(a) | word_needs(b) : word_needs(a | std::uint64_t{b} << 32);
  if (needs != 0 && !(needs == 2 && valid_utf8_letters(s))) return nullptr;
  *at = '"';
  std::memcpy(at + 1, &a, k);
  std::memcpy(at + 1 + n - k, &b, k);
  at[n + 1] = '"';
  return at + n + 2;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // Keys, dates, codes and e-mail addresses are plain printable ASCII, and names in Cyrillic and
  // Kazakh letters need no escaping either: both are copied in one piece (names once checked as
  // UTF-8).
  unsigned char needs = string_needs(s);
  if (needs == 0 || (needs == 2 && valid_utf8_letters(s))) {
    size_t at = out.size();
    out.append(s.size() + 2, '"');
    if (!s.empty()) std::memcpy(out.data() + at + 1, s.data(), s.size());
    return;
  }
  if (!valid_utf8(s)) {  // rare: let the library apply its replacement rules
    out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;  // multi-byte UTF-8 is copied as it is
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

char* write_json_string(char* at, std::string_view s) {
  // A list page writes some five hundred strings, nearly all of 4 to 16 bytes: those are looked
  // at and copied as two (overlapping) words each, without a call.
  const char* p = s.data();
  const size_t n = s.size();
  if (n >= 8 && n <= 16) {
    if (char* end = quoted_words<std::uint64_t>(at, s)) return end;
  } else if (n >= 4 && n < 8) {
    if (char* end = quoted_words<std::uint32_t>(at, s)) return end;
  }
  unsigned char needs = string_needs(s);
  if (needs == 0 || (needs == 2 && valid_utf8_letters(s))) {
    *at++ = '"';
    if (n != 0) std::memcpy(at, p, n);
    at += n;
    *at++ = '"';
    return at;
  }
  std::string escaped;  // rare: escapes or invalid UTF-8
  append_json_string(escaped, s);
  std::memcpy(at, escaped.data(), escaped.size());
  return at + escaped.size();
}

bool json_string_plain(std::string_view s) {
  const unsigned char needs = string_needs(s);
  return needs == 0 || (needs == 2 && valid_utf8_letters(s));
}

// Written from the rounded integer rather than by the library's shortest-double search (a
// readiness answer carries two such numbers per arrival). The double nearest to n / 10^places,
// for |n| < 10^15, prints as that decimal itself in dump()'s fixed notation, which it uses from
// 10^-4 up to 10^15.
void append_json_rounded(std::string& out, double x, int places) {
  if (places < 0 || places > 4) throw std::invalid_argument("append_json_rounded: 0 to 4 places");
  static constexpr std::uint64_t kScale[] = {1, 10, 100, 1000, 10000};
  const auto scale = kScale[places];
  const double scaled = std::round(x * double(scale));
  if (!std::isfinite(scaled) || std::fabs(scaled) >= 1e15) {
    out += std::isfinite(scaled) ? Json(scaled / double(scale)).dump() : "null";
    return;
  }
  // Composed in a buffer and appended once: a readiness answer appends two per arrival.
  char buf[40];
  char* at = buf;
  const auto n = std::int64_t(scaled);
  if (n < 0 || std::signbit(scaled)) *at++ = '-';
  const auto units = std::uint64_t(n < 0 ? -n : n);
  at = std::to_chars(at, buf + sizeof buf, units / scale).ptr;
  *at++ = '.';
  auto fraction = units % scale;
  if (fraction == 0) {
    *at++ = '0';
  } else {
    int digits = places;
    while (fraction % 10 == 0) {
      fraction /= 10;
      --digits;
    }
    char* end = at + digits;  // the fraction's digits, its leading zeros first
    for (char* d = end; d != at; fraction /= 10) *--d = char('0' + fraction % 10);
    at = end;
  }
  out.append(buf, at);
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ == 0) return;
  if (more_[depth_]) out_ += ',';
  more_[depth_] = true;
}

JsonWriter& JsonWriter::open(char c) {
  separate();
  if (depth_ + 1 >= more_.size()) throw std::logic_error("JsonWriter: nested too deeply");
  out_ += c;
  more_[++depth_] = false;
  return *this;
}

JsonWriter& JsonWriter::close(char c) {
  if (depth_ == 0) throw std::logic_error("JsonWriter: nothing to close");
  --depth_;
  out_ += c;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  after_key_ = true;
  if (string_needs(name) != 0) {
    append_json_string(out_, name);
    out_ += ':';
    return *this;
  }
  // A plain name (every key the API writes) is checked once: a readiness answer writes two keys
  // per arrival.
  out_ += '"';
  out_ += name;
  out_ += "\":";
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  separate();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
  separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(std::nullptr_t) {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::rounded(double x, int places) {
  separate();
  append_json_rounded(out_, x, places);
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

}  // namespace qorgan::core
