#pragma once
// AES-256-GCM under one key, for many short fields (a column's values): the key is expanded once.
// Where the CPU has AES-NI and carry-less multiplication, libsodium's precomputed AES-GCM
// (crypto_aead_aes256gcm_beforenm / _afternm: about a third of the instructions of OpenSSL's EVP
// for a sealed IIN, which spends most of its own on looking its parameters up by name);
// elsewhere OpenSSL's EVP with its software AES. Both write and read the same standard bytes,
// nonce (12) || ciphertext || tag (16), so what one seals the other opens.
// Not for two threads at once: OpenSSL's context is set to each value's nonce.
#include <array>
#include <cstddef>
#include <string_view>

struct evp_cipher_ctx_st;  // OpenSSL's EVP_CIPHER_CTX

namespace qorgan::core {

class AesGcm {
 public:
  static constexpr std::size_t kNonce = 12, kTag = 16;

  explicit AesGcm(const std::array<unsigned char, 32>& key);
  ~AesGcm();  // wipes the expanded key
  AesGcm(const AesGcm&) = delete;
  AesGcm& operator=(const AesGcm&) = delete;

  // Seals `plain` with the nonce in out[0, kNonce): writes the ciphertext and the tag after it
  // (out holds kNonce + plain.size() + kTag bytes).
  void seal(std::string_view aad, std::string_view plain, unsigned char* out);
  // Opens `size` bytes of nonce || ciphertext || tag into m (size - kNonce - kTag bytes, size at
  // least kNonce + kTag). False when the tag does not match; m then holds nothing of the text.
  bool open(std::string_view aad, const unsigned char* sealed, std::size_t size, unsigned char* m);
  // Whether this key runs on libsodium's AES-GCM rather than OpenSSL's.
  bool on_libsodium() const { return evp_ == nullptr; }

  // A test seam: with `off`, keys made afterwards use OpenSSL's AES-GCM even where libsodium's
  // could run, as on a CPU without AES-NI.
  static void libsodium_off(bool off);
  // Whether keys made now run on libsodium's AES-GCM.
  static bool libsodium_wanted();

 private:
  alignas(16) unsigned char sodium_[512];  // crypto_aead_aes256gcm_state, when on libsodium
  evp_cipher_ctx_st* evp_ = nullptr;       // owned: keyed, when on OpenSSL
};

}  // namespace qorgan::core
