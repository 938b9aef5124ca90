#include "core/base64_text.hpp"

namespace qorgan::core {

void append_base64(std::string& out, std::string_view bytes, Base64 form) {
  const char* digits = form == Base64::url
                           ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                           : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const size_t n = bytes.size(), whole = n / 3 * 3, left = n - whole;
  const size_t size = whole / 3 * 4 + (left == 0 ? 0 : form == Base64::url ? left + 1 : 4);
  const size_t from = out.size();
  out.resize(from + size);
  char* at = out.data() + from;
  auto byte = [&](size_t i) { return unsigned{static_cast<unsigned char>(bytes[i])}; };
  for (size_t i = 0; i < whole; i += 3) {
    const unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    *at++ = digits[v >> 18];
    *at++ = digits[(v >> 12) & 63];
    *at++ = digits[(v >> 6) & 63];
    *at++ = digits[v & 63];
  }
  if (left == 0) return;
  const unsigned v = byte(whole) << 16 | (left == 2 ? byte(whole + 1) << 8 : 0);
  *at++ = digits[v >> 18];
  *at++ = digits[(v >> 12) & 63];
  if (left == 2) *at++ = digits[(v >> 6) & 63];
  if (form == Base64::padded) {
    if (left == 1) *at++ = '=';
    *at = '=';
  }
}

}  // namespace qorgan::core
