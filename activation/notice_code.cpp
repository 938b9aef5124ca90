#include "activation/notice_code.hpp"

#include <charconv>
#include <vector>

namespace qorgan::activation {

namespace {

constexpr std::string_view kTokenVersion = "q1";

bool in_alphabet(char c) {
  return kCodeAlphabet.find(c) != std::string_view::npos;
}

std::optional<std::int64_t> positive(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v <= 0 || s.starts_with('0'))
    return std::nullopt;
  return v;
}

std::string signed_part(std::int64_t activation_id, std::int64_t notice_id, std::string_view code) {
  return std::string(kTokenVersion) + "." + std::to_string(activation_id) + "." +
         std::to_string(notice_id) + "." + std::string(code);
}

}  // namespace

std::string new_short_code() {
  // Rejection sampling over random bytes keeps every character equally likely.
  std::string code;
  while (code.size() < kCodeLength) {
    auto bytes = core::base64url_decode(core::random_token(16));
    for (unsigned char b : bytes.value_or("")) {
      if (b >= 256 / kCodeAlphabet.size() * kCodeAlphabet.size()) continue;
      code += kCodeAlphabet[b % kCodeAlphabet.size()];
      if (code.size() == kCodeLength) break;
    }
  }
  return code;
}

std::optional<std::string> canonical_short_code(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    if (!in_alphabet(c) || code.size() == kCodeLength) return std::nullopt;
    code += c;
  }
  if (code.size() != kCodeLength) return std::nullopt;
  return code;
}

std::string printed_short_code(std::string_view code) {
  std::string out(code.substr(0, 4));
  if (code.size() > 4) out += "-" + std::string(code.substr(4));
  return out;
}

TokenSigner::TokenSigner(const core::MasterKey& key, std::int64_t activation_id)
    : activation_id_(activation_id),
      signer_(key, "qorgan activation notice " + std::to_string(activation_id)) {}

std::string TokenSigner::token(std::int64_t notice_id, std::string_view code) const {
  std::string message = signed_part(activation_id_, notice_id, code);
  auto signature = core::from_hex(signer_.sign_hex(message));
  return message + "." + core::base64url_encode(signature.value_or(""));
}

std::optional<std::int64_t> token_activation(std::string_view token) {
  if (!token.starts_with(std::string(kTokenVersion) + ".")) return std::nullopt;
  auto rest = token.substr(kTokenVersion.size() + 1);
  return positive(rest.substr(0, rest.find('.')));
}

std::optional<TokenClaims> verify_token(std::string_view token, std::string_view public_key_hex) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t dot = token.find('.', start);
    parts.push_back(token.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() != 5 || parts[0] != kTokenVersion) return std::nullopt;
  auto activation = positive(parts[1]), notice = positive(parts[2]);
  auto code = canonical_short_code(parts[3]);
  if (!activation || !notice || !code || *code != parts[3]) return std::nullopt;
  auto signature = core::base64url_decode(parts[4]);
  if (!signature || signature->size() != 64) return std::nullopt;
  std::string message = signed_part(*activation, *notice, *code);
  if (!core::signature_valid(public_key_hex, message, core::to_hex(*signature)))
    return std::nullopt;
  return TokenClaims{*activation, *notice, *code};
}

}  // namespace qorgan::activation
