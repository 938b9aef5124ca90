#pragma once
// The credentials on a call-up notice. A person reads the short code out on the phone or types it
// at the assembly point; the QR code carries a token signed with a key of the activation, which
// an offline device checks with the activation's public key alone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.hpp"

namespace qorgan::activation {

// 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V): 29⁸ ≈ 5·10¹¹ codes.
inline constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ";
inline constexpr std::size_t kCodeLength = 8;

std::string new_short_code();
// The code as a person may type it (lower case, spaces and dashes are forgiven) in its canonical
// form; nullopt when it cannot be a code.
std::optional<std::string> canonical_short_code(std::string_view typed);
// "ABCD-EFGH": how a code is printed and read out.
std::string printed_short_code(std::string_view code);

// What a notice token says: which activation, which notice, and its short code.
struct TokenClaims {
  std::int64_t activation_id = 0;
  std::int64_t notice_id = 0;
  std::string code;
  bool operator==(const TokenClaims&) const = default;
};

// The signing key of an activation, derived from the master key: nothing per activation to keep.
class TokenSigner {
 public:
  TokenSigner(const core::MasterKey& key, std::int64_t activation_id);
  std::string public_key_hex() const { return signer_.public_key_hex(); }
  // "q1.<activation>.<notice>.<code>.<signature, base64url>" — short enough for a small QR code.
  std::string token(std::int64_t notice_id, std::string_view code) const;

 private:
  std::int64_t activation_id_;
  core::Signer signer_;
};

// The activation a token says it belongs to, before anything is verified: which key to verify it
// with. nullopt when the token is not of the form above.
std::optional<std::int64_t> token_activation(std::string_view token);

// The claims of a well-formed token whose signature `public_key_hex` verifies; nullopt for
// anything else (another activation's key, an altered field, garbage).
std::optional<TokenClaims> verify_token(std::string_view token, std::string_view public_key_hex);

}  // namespace qorgan::activation
