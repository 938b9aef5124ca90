#include "requisition/owner_code.hpp"

#include "core/crypto.hpp"

namespace qorgan::requisition {

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // 32 symbols
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string grouped(std::string_view plain) {
  std::string out;
  for (size_t i = 0; i < plain.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += plain[i];
  }
  return out;
}
}  // namespace

std::string new_owner_code() {
  // Each base64url symbol carries 6 uniform bits; its value mod 32 is uniform over kAlphabet.
  std::string token = core::random_token(12), plain;
  for (char c : token) {
    if (plain.size() == 12) break;
    plain += kAlphabet[kBase64Url.find(c) % 32];
  }
  return grouped(plain);
}

std::string normalise_owner_code(std::string_view typed) {
  std::string plain;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    plain += (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
    if (plain.size() > 40) break;
  }
  return grouped(plain);
}

}  // namespace qorgan::requisition
