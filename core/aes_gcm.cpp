#include "core/aes_gcm.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <atomic>
#include <cstring>
#include <stdexcept>

namespace qorgan::core {

namespace {

std::atomic<bool> libsodium_forced_off{false};

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

crypto_aead_aes256gcm_state* sodium_state(unsigned char* storage) {
  return reinterpret_cast<crypto_aead_aes256gcm_state*>(storage);
}

// OpenSSL's AES-256-GCM: the CPU's AES instructions where it has them, OpenSSL's software AES
// elsewhere (on x86-64, for a short field, its table AES that loads the whole table first).
const EVP_CIPHER* openssl_aes_256_gcm() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  if (!cipher) throw std::runtime_error("OpenSSL has no AES-256-GCM");
  return cipher;
}

}  // namespace

void AesGcm::libsodium_off(bool off) {
  libsodium_forced_off = off;
}

bool AesGcm::libsodium_wanted() {
  return !libsodium_forced_off && crypto_aead_aes256gcm_is_available() == 1;
}

AesGcm::AesGcm(const std::array<unsigned char, 32>& key) {
  static_assert(sizeof(crypto_aead_aes256gcm_state) <= sizeof sodium_ &&
                alignof(crypto_aead_aes256gcm_state) <= alignof(AesGcm));
  if (libsodium_wanted()) {
    crypto_aead_aes256gcm_beforenm(sodium_state(sodium_), key.data());
    return;
  }
  // The context is keyed once; each value then sets only its nonce and direction (GCM runs AES
  // forwards both ways, so one expanded key serves sealing and opening).
  evp_ = EVP_CIPHER_CTX_new();
  if (!evp_ ||
      EVP_CipherInit_ex2(evp_, openssl_aes_256_gcm(), key.data(), nullptr, 0, nullptr) != 1) {
    EVP_CIPHER_CTX_free(evp_);
    throw std::runtime_error("OpenSSL could not set up AES-256-GCM");
  }
}

AesGcm::~AesGcm() {
  if (evp_)
    EVP_CIPHER_CTX_free(evp_);  // also wipes the key
  else
    sodium_memzero(sodium_, sizeof sodium_);
}

void AesGcm::seal(std::string_view aad, std::string_view plain, unsigned char* out) {
  unsigned char* c = out + kNonce;
  if (!evp_) {
    crypto_aead_aes256gcm_encrypt_detached_afternm(c, c + plain.size(), nullptr, bytes_of(plain),
                                                   plain.size(), bytes_of(aad), aad.size(), nullptr,
                                                   out, sodium_state(sodium_));
    return;
  }
  int n = 0, last = 0;
  if (EVP_CipherInit_ex2(evp_, nullptr, nullptr, out, 1, nullptr) != 1 ||
      (!aad.empty() && EVP_EncryptUpdate(evp_, nullptr, &n, bytes_of(aad), int(aad.size())) != 1) ||
      EVP_EncryptUpdate(evp_, c, &n, bytes_of(plain), int(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(evp_, c + n, &last) != 1 ||
      EVP_CIPHER_CTX_ctrl(evp_, EVP_CTRL_AEAD_GET_TAG, int(kTag), c + plain.size()) != 1)
    throw std::runtime_error("OpenSSL could not seal with AES-256-GCM");
}

bool AesGcm::open(std::string_view aad, const unsigned char* sealed, std::size_t size,
                  unsigned char* m) {
  const std::size_t mlen = size - kNonce - kTag;
  const unsigned char* c = sealed + kNonce;
  if (!evp_)  // checks the tag before it decrypts
    return crypto_aead_aes256gcm_decrypt_detached_afternm(m, nullptr, c, mlen, c + mlen,
                                                          bytes_of(aad), aad.size(), sealed,
                                                          sodium_state(sodium_)) == 0;
  unsigned char tag[kTag];
  std::memcpy(tag, c + mlen, kTag);
  int n = 0, last = 0;
  bool ok =
      EVP_CipherInit_ex2(evp_, nullptr, nullptr, sealed, 0, nullptr) == 1 &&
      (aad.empty() || EVP_DecryptUpdate(evp_, nullptr, &n, bytes_of(aad), int(aad.size())) == 1) &&
      EVP_DecryptUpdate(evp_, m, &n, c, int(mlen)) == 1 &&
      EVP_CIPHER_CTX_ctrl(evp_, EVP_CTRL_AEAD_SET_TAG, int(kTag), tag) == 1 &&
      EVP_DecryptFinal_ex(evp_, m + n, &last) == 1;
  if (!ok) sodium_memzero(m, mlen);  // decrypted before the tag was found wrong
  return ok;
}

}  // namespace qorgan::core
