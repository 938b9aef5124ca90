#pragma once
// Thin, typed wrappers over libsodium and OpenSSL: the only place that touches raw key bytes.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace qorgan::core {

// Must be called once before any other function here (idempotent).
void crypto_init();

std::string sha256_hex(std::string_view data);
// SHA-256 of data that arrives in pieces (a file read a chunk at a time).
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  // The hex digest of everything given; the object is not used afterwards.
  std::string hex();

 private:
  alignas(16) unsigned char state_[128];  // OpenSSL's SHA256_CTX (112 bytes)
};
// Whether two secrets (tokens) are equal, in time that does not depend on where they differ.
// An empty secret equals nothing.
bool same_secret(std::string_view a, std::string_view b);
// `bytes` random bytes from the CSPRNG, encoded as unpadded base64url.
std::string random_token(size_t bytes = 32);
std::string to_hex(std::string_view bytes);
// Padded base64 (RFC 4648 §4); decoding refuses anything else.
std::optional<std::string> base64_decode(std::string_view text);
// Unpadded base64url (RFC 4648 §5), as in tokens and cursors.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);
std::optional<std::string> from_hex(std::string_view hex);

// argon2id with libsodium's interactive limits; the result is the self-describing PHC string.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view phc, std::string_view password);

// A 32-byte master key, from which purpose-specific subkeys are derived.
struct MasterKey {
  std::array<unsigned char, 32> bytes{};
  static Result<MasterKey> from_hex(std::string_view hex);
  static MasterKey generate();
  std::string hex() const;
};

// Authenticated encryption of fields at rest, bound to their column by `context`: AES-256-GCM
// (open() also reads the older XChaCha20-Poly1305 values; crypto.cpp says how each is written).
std::string seal(const MasterKey& key, std::string_view context, std::string_view plaintext);
std::optional<std::string> open(const MasterKey& key, std::string_view context,
                                std::string_view sealed_hex);
// A keyed hash (BLAKE2b) for exact-match lookup of an encrypted field without decrypting.
std::string blind_index(const MasterKey& key, std::string_view context, std::string_view value);
// A keyed hash (BLAKE2b-256, hex) of `data` under the subkey of `key` for `context`: what someone
// without the key can neither compute nor check.
std::string keyed_hash(const MasterKey& key, std::string_view context, std::string_view data);

// An Ed25519 key pair derived from the master key for `context`: the same pair every time, so
// that only the master key needs keeping. The public half is published; signatures are detached.
class Signer {
 public:
  Signer(const MasterKey& key, std::string_view context);
  ~Signer();
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;
  std::string public_key_hex() const;
  // The 64-byte signature of `message`, hex.
  std::string sign_hex(std::string_view message) const;

 private:
  std::array<unsigned char, 64> secret_{};
  std::array<unsigned char, 32> public_{};
};
// Whether `signature_hex` is a valid Ed25519 signature of `message` by `public_key_hex`.
bool signature_valid(std::string_view public_key_hex, std::string_view message,
                     std::string_view signature_hex);

}  // namespace qorgan::core
