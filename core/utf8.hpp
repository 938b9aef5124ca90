#pragma once
// The one UTF-8 decoder: ICU's U8_NEXT (header-only macros, so the evacuation engine can use it
// without linking ICU). An ill-formed sequence decodes as U+FFFD and advances past its maximal
// well-formed prefix (at least one byte), as the Unicode standard recommends.
#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace qorgan::core {

inline constexpr char32_t kReplacement = 0xFFFD;

struct CodePoint {
  char32_t value;
  bool well_formed;
};

// The code point at s[i], advancing i. Contract: i < s.size().
inline CodePoint next_code_point(std::string_view s, std::size_t& i) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  auto at = static_cast<std::int32_t>(i);
  UChar32 c = 0;
  U8_NEXT(p, at, static_cast<std::int32_t>(s.size()), c);
  i = static_cast<std::size_t>(at);
  if (c < 0) return {kReplacement, false};
  return {static_cast<char32_t>(c), true};
}

// ASCII and the two-byte sequences of Cyrillic and Kazakh letters (C2..DF, then 80..BF), most of
// what is checked, in place; every other sequence through the decoder.
inline bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    if (p[i] < 0x80)
      ++i;
    else if (p[i] >= 0xC2 && p[i] <= 0xDF && i + 1 < s.size() && (p[i + 1] & 0xC0) == 0x80)
      i += 2;
    else if (!next_code_point(s, i).well_formed)
      return false;
  }
  return true;
}

inline void append_utf8(std::string& out, char32_t c) {
  char buf[4];
  std::int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<std::uint8_t*>(buf), n, 4, static_cast<UChar32>(c), error);
  if (error) return append_utf8(out, kReplacement);
  out.append(buf, static_cast<std::size_t>(n));
}

// How many code points `s` holds (ill-formed sequences count as one each).
inline std::size_t code_point_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) next_code_point(s, i);
  return n;
}

}  // namespace qorgan::core
