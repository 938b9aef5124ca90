#pragma once
// Opening many fields sealed for one column (a list page's national IDs) with the column's
// keys derived, and its AES key expanded, once, instead of again for every field (core::open).
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/aes_gcm.hpp"
#include "core/crypto.hpp"

namespace qorgan::core {

class SealOpener {
 public:
  SealOpener(const MasterKey& key, std::string_view context);
  ~SealOpener();  // wipes the keys
  SealOpener(const SealOpener&) = delete;
  SealOpener& operator=(const SealOpener&) = delete;
  // As core::open(key, context, sealed), of either form (compact_sealed()). Not for two threads
  // at once (AesGcm).
  std::optional<std::string> open(std::string_view sealed);
  // As open(), into `out` (its bytes replaced; emptied when it cannot be opened), so that a page
  // opens its fields into one buffer rather than a string each.
  bool open_into(std::string_view sealed, std::string& out);
  // This thread's opener for `context` under `key`, made at its first use and again when asked
  // for another key or context: its keys are derived and expanded once a thread, not once a page.
  // It keeps keys only, never what it opened.
  static SealOpener& of_thread(const MasterKey& key, std::string_view context);

 private:
  std::array<unsigned char, 32> master_{};  // the key it was made from (of_thread())
  std::array<unsigned char, 32> subkey_{};  // XChaCha20-Poly1305's, for values sealed before
  std::string context_;
  AesGcm gcm_;  // the column's AES-256-GCM subkey, expanded
};

// A sealed value in the form of a copy that is read in bulk (a list row's text): a value sealed
// with AES-256-GCM becomes 'G' and then its nonce, ciphertext and tag as bytes (41 for an IIN,
// against 81 characters of hex), opened without decoding hex; any other text (a value sealed
// before AES-GCM, or no sealed value) is returned as it is. open() and SealOpener read both.
std::string compact_sealed(std::string_view sealed);

}  // namespace qorgan::core
