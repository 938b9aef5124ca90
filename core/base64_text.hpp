#pragma once
// Base64 of bytes that are not secret (a list's cursor, a photo in a page, an e-mail's parts),
// by table lookups: RFC 4648 §4 (padded) or §5 (url-safe, unpadded, as the cursors are). Secrets
// (tokens, keys) go through crypto.hpp's coders, which libsodium makes constant-time; they cost a
// 50-row page's cursor about 2,500 instructions more.
#include <string>
#include <string_view>

namespace qorgan::core {

enum class Base64 { padded, url };

// Appends the base64 of `bytes` in `form` to `out`.
void append_base64(std::string& out, std::string_view bytes, Base64 form);

inline std::string base64_text(std::string_view bytes, Base64 form) {
  std::string out;
  append_base64(out, bytes, form);
  return out;
}

}  // namespace qorgan::core
