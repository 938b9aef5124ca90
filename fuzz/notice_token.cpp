// The credentials of a call-up notice (activation/notice_code.hpp) as they arrive from a scanner,
// a typed form or an offline device's queue. Invariants: a typed code's canonical form is a code
// (8 letters of the alphabet) and canonical again; a token verifies only when this activation's
// key signed exactly those claims (re-signing them gives the same token); and for input of the
// form "NOTICE:CODE", signing then verifying gives the claims back and another activation's key
// refuses the token.
#include <cstdint>
#include <string>
#include <string_view>

#include "activation/notice_code.hpp"
#include "fuzz/check.hpp"

namespace act = qorgan::activation;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool ready = (qorgan::core::crypto_init(), true);
  static const auto key = *qorgan::core::MasterKey::from_hex(std::string(64, '7'));
  static const act::TokenSigner signer(key, 41), other(key, 42);
  static const std::string public_key = signer.public_key_hex();
  (void)ready;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto code = act::canonical_short_code(text)) {
    FUZZ_CHECK(code->size() == act::kCodeLength);
    for (char c : *code) FUZZ_CHECK(act::kCodeAlphabet.find(c) != std::string_view::npos);
    FUZZ_CHECK(act::canonical_short_code(*code) == code);
    FUZZ_CHECK(act::canonical_short_code(act::printed_short_code(*code)) == code);
  }

  if (auto claims = act::verify_token(text, public_key)) {
    FUZZ_CHECK(claims->activation_id == 41);
    FUZZ_CHECK(signer.token(claims->notice_id, claims->code) == text);
  }

  if (auto colon = text.find(':'); colon != std::string_view::npos && colon > 0 && colon < 19) {
    std::int64_t notice = 0;
    for (char c : text.substr(0, colon)) {
      if (c < '0' || c > '9') return 0;
      notice = notice * 10 + (c - '0');
    }
    auto code = act::canonical_short_code(text.substr(colon + 1));
    if (notice <= 0 || !code) return 0;
    auto token = signer.token(notice, *code);
    auto back = act::verify_token(token, public_key);
    FUZZ_CHECK(back && back->notice_id == notice && back->code == *code);
    FUZZ_CHECK(!act::verify_token(token, other.public_key_hex()));
  }
  return 0;
}
