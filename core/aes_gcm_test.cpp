#include "core/aes_gcm.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <memory>
#include <string>
#include <vector>

#include "core/crypto.hpp"

using namespace qorgan::core;

namespace {

std::vector<unsigned char> bytes(std::string_view hex) {
  auto raw = from_hex(hex);
  return raw ? std::vector<unsigned char>(raw->begin(), raw->end()) : std::vector<unsigned char>{};
}

std::string as_text(const std::vector<unsigned char>& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// An AesGcm on libsodium's AES-GCM (where the CPU has it) or on OpenSSL's.
std::unique_ptr<AesGcm> keyed(const std::array<unsigned char, 32>& key, bool openssl) {
  AesGcm::libsodium_off(openssl);
  auto gcm = std::make_unique<AesGcm>(key);
  AesGcm::libsodium_off(false);
  return gcm;
}

class AesGcmEngines : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto_init();
    if (!AesGcm::libsodium_wanted()) GTEST_SKIP() << "libsodium's AES-GCM needs AES-NI and PCLMUL";
  }
};

}  // namespace

// Test case 16 of the GCM specification (McGrew and Viega): AES-256, a 96-bit IV, associated
// data and a 60-byte text. Each engine seals to its ciphertext and tag and opens them.
TEST(AesGcm, SealsAndOpensTheSpecificationsTestCase) {
  crypto_init();
  auto key_bytes = bytes("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  std::array<unsigned char, 32> key;
  std::copy(key_bytes.begin(), key_bytes.end(), key.begin());
  const auto plain = as_text(bytes(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e24"
      "49a6b525b16aedf5aa0de657ba637b39"));
  const auto aad = as_text(bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2"));
  const auto expected = bytes(
      "cafebabefacedbaddecaf888"
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056"
      "828838c5f61e6393ba7a0abcc9f662"
      "76fc6ece0f4e1768cddf8853bb2d551b");
  for (bool openssl : {false, true}) {
    SCOPED_TRACE(openssl ? "openssl" : "libsodium where available");
    auto gcm = keyed(key, openssl);
    std::vector<unsigned char> sealed(expected.size());
    std::copy(expected.begin(), expected.begin() + AesGcm::kNonce, sealed.begin());
    gcm->seal(aad, plain, sealed.data());
    EXPECT_EQ(to_hex(as_text(sealed)), to_hex(as_text(expected)));
    std::string opened(plain.size(), '\0');
    ASSERT_TRUE(gcm->open(aad, expected.data(), expected.size(),
                          reinterpret_cast<unsigned char*>(opened.data())));
    EXPECT_EQ(opened, plain);
  }
}

// A database holds values sealed on machines with and without AES-NI: what either engine seals
// under a nonce, the other seals to the same bytes and opens; every length around the blocks of
// 16 and of 128 bytes, a short, no and a long associated text; a changed byte anywhere is refused
// by both, and leaves nothing of the text.
TEST_F(AesGcmEngines, EachOpensWhatTheOtherSealed) {
  std::array<unsigned char, 32> key;
  randombytes_buf(key.data(), key.size());
  auto sodium = keyed(key, false), openssl = keyed(key, true);
  ASSERT_TRUE(sodium->on_libsodium());
  ASSERT_FALSE(openssl->on_libsodium());
  for (const std::string& aad : {std::string(), std::string("people.iin"), std::string(70, 'c')})
    for (size_t n : {0, 1, 12, 15, 16, 17, 31, 32, 33, 100, 127, 128, 129, 140, 1000}) {
      std::string plain(n, '\0');
      for (size_t i = 0; i < n; ++i) plain[i] = char(i * 7 + n);
      std::vector<unsigned char> a(AesGcm::kNonce + n + AesGcm::kTag), b(a.size());
      randombytes_buf(a.data(), AesGcm::kNonce);
      std::copy(a.begin(), a.begin() + AesGcm::kNonce, b.begin());
      sodium->seal(aad, plain, a.data());
      openssl->seal(aad, plain, b.data());
      ASSERT_EQ(a, b) << aad.size() << " " << n;
      std::string opened(n, 'x');
      auto* m = reinterpret_cast<unsigned char*>(opened.data());
      ASSERT_TRUE(openssl->open(aad, a.data(), a.size(), m)) << aad.size() << " " << n;
      ASSERT_EQ(opened, plain);
      opened.assign(n, 'x');
      ASSERT_TRUE(sodium->open(aad, a.data(), a.size(), m)) << aad.size() << " " << n;
      ASSERT_EQ(opened, plain);
      for (size_t at = 0; at < a.size(); at += (at < 40 ? 1 : 97)) {
        auto changed = a;
        changed[at] ^= 0x01;
        for (AesGcm* gcm : {sodium.get(), openssl.get()}) {
          opened.assign(n, 'x');
          ASSERT_FALSE(gcm->open(aad, changed.data(), changed.size(), m))
              << gcm->on_libsodium() << " " << n << " byte " << at;
          if (n > 0) {
            ASSERT_NE(opened, plain);
          }
        }
      }
      if (!aad.empty()) {
        for (AesGcm* gcm : {sodium.get(), openssl.get()})
          ASSERT_FALSE(gcm->open(aad.substr(1), a.data(), a.size(), m));
      }
    }
}
