#pragma once
// The one HTML and XML escaper (header-only, so the evacuation engine's printable orders use it
// too). Text of any origin comes out safe to place in element content and in quoted attribute
// values: the five markup characters are escaped, ill-formed UTF-8 becomes U+FFFD, and control
// characters (C0 but tab, line feed and carriage return; DEL; C1) are dropped, since neither
// HTML nor XML 1.0 allows them in text.
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace qorgan::core {

namespace detail {

inline std::string escape_markup(std::string_view s, const char* apostrophe) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const auto cp = next_code_point(s, i);
    if (!cp.well_formed) {
      append_utf8(out, kReplacement);
      continue;
    }
    const char32_t c = cp.value;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F) ||
        c == 0xFFFE || c == 0xFFFF)
      continue;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += apostrophe;
        break;
      default:
        out.append(s.substr(at, i - at));
    }
  }
  return out;
}

}  // namespace detail

inline std::string html_escape(std::string_view s) {
  return detail::escape_markup(s, "&#39;");
}

inline std::string xml_escape(std::string_view s) {
  return detail::escape_markup(s, "&apos;");
}

}  // namespace qorgan::core
