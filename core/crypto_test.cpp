#include "core/crypto.hpp"
#include "core/aes_gcm.hpp"
#include "core/seal_opener.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <set>

using namespace qorgan::core;

class Crypto : public ::testing::Test {
 protected:
  void SetUp() override { crypto_init(); }
};

// The sealing tests run on each AES-256-GCM engine: libsodium's, which seals and opens where the
// CPU has AES-NI, and OpenSSL's, which does where it has not (the parameter: libsodium off).
class Sealing : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    crypto_init();
    if (!GetParam() && crypto_aead_aes256gcm_is_available() != 1)
      GTEST_SKIP() << "libsodium's AES-GCM needs AES-NI and PCLMUL";
    AesGcm::libsodium_off(GetParam());
  }
  void TearDown() override { AesGcm::libsodium_off(false); }
};
INSTANTIATE_TEST_SUITE_P(Engines, Sealing, ::testing::Bool(),
                         [](const auto& engine) { return engine.param ? "OpenSsl" : "LibSodium"; });

namespace {
// A value sealed as every build before AES-256-GCM sealed it: hex of nonce || XChaCha20-Poly1305
// ciphertext, under the BLAKE2b subkey of the master key for "seal:" + context.
std::string seal_xchacha(const MasterKey& key, std::string_view context, std::string_view plain) {
  std::string label = "seal:" + std::string(context);
  unsigned char k[32];
  crypto_generichash(k, sizeof k, reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), key.bytes.data(), key.bytes.size());
  std::string out(24 + plain.size() + 16, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, 24);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + 24, &clen, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr, nonce, k);
  return to_hex(out);
}

using Sealer = std::string (*)(const MasterKey&, std::string_view, std::string_view);
// Both kinds of sealed value a database holds: what seal() writes now, and what it wrote before.
const std::pair<const char*, Sealer> kSealers[] = {{"aes-gcm", &seal}, {"xchacha", &seal_xchacha}};
}  // namespace

TEST_F(Crypto, Sha256KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// An import hashes its file a chunk at a time: pieces of any size give the one digest of the
// whole (FIPS 180-2's two-block vector, split inside and across its 64-byte blocks).
TEST_F(Crypto, Sha256OfPiecesIsTheDigestOfTheWhole) {
  const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  const std::string digest = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  for (std::size_t piece : {1, 7, 55, 56, 64}) {
    Sha256 sha;
    for (std::size_t at = 0; at < text.size(); at += piece)
      sha.update(std::string_view(text).substr(at, piece));
    EXPECT_EQ(sha.hex(), digest) << piece;
  }
  EXPECT_EQ(sha256_hex(text), digest);
}

TEST_F(Crypto, PasswordHashIsArgon2idAndVerifies) {
  auto h = hash_password("correct horse battery");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(*h, "correct horse battery"));
  EXPECT_FALSE(verify_password(*h, "correct horse battery!"));
}

TEST_P(Sealing, SealOpenRoundTripAndContextBinding) {
  auto key = MasterKey::generate();
  auto sealed = seal(key, "people.iin", "900101300017");
  EXPECT_EQ(sealed.find("900101300017"), std::string::npos);
  EXPECT_EQ(open(key, "people.iin", sealed), "900101300017");
  EXPECT_EQ(open(key, "people.phone", sealed), std::nullopt);
  EXPECT_EQ(open(MasterKey::generate(), "people.iin", sealed), std::nullopt);
  EXPECT_NE(seal(key, "people.iin", "900101300017"), sealed);  // fresh nonce each time
}

// A list opens a page of fields with one SealOpener: it must answer as open() does, including
// for the wrong column, the wrong key, a long field and text that is not a sealed value.
TEST_P(Sealing, SealOpenerOpensAsOpenDoes) {
  for (auto [name, seal] : kSealers) {
    SCOPED_TRACE(name);
    auto key = MasterKey::generate();
    SealOpener iin(key, "people.iin");
    auto sealed = seal(key, "people.iin", "900101300017");
    EXPECT_EQ(iin.open(sealed), "900101300017");
    EXPECT_EQ(SealOpener(key, "people.phone").open(sealed), std::nullopt);
    EXPECT_EQ(SealOpener(MasterKey::generate(), "people.iin").open(sealed), std::nullopt);
    std::string long_text(1000, 'x');
    EXPECT_EQ(iin.open(seal(key, "people.iin", long_text)), long_text);
    EXPECT_EQ(iin.open(""), std::nullopt);
    EXPECT_EQ(iin.open(sealed.substr(0, sealed.size() - 1)), std::nullopt);  // odd length
    std::string tampered = sealed;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    EXPECT_EQ(iin.open(tampered), std::nullopt);
    tampered = sealed;
    tampered[3] = 'x';  // not hex
    EXPECT_EQ(iin.open(tampered), std::nullopt);
    EXPECT_EQ(open(key, "people.iin", tampered), std::nullopt);
    EXPECT_EQ(iin.open(sealed), "900101300017");  // a refused value leaves the opener usable
  }
}

// A list page opens its IINs with the thread's opener into one buffer: open_into() answers as
// open() does for every form (hex, compact, sealed before AES-GCM, refused), leaving the buffer
// empty when it refuses; the thread's opener is one a thread for a key and column, made anew for
// another key or column, and opens under the key it is asked for.
TEST_P(Sealing, TheThreadsOpenerOpensIntoABufferAsOpenDoes) {
  auto key = MasterKey::generate(), other = MasterKey::generate();
  SealOpener& iin = SealOpener::of_thread(key, "people.iin");
  EXPECT_EQ(&SealOpener::of_thread(key, "people.iin"), &iin);
  std::string out = "left over";
  for (auto [name, seal] : kSealers) {
    SCOPED_TRACE(name);
    auto sealed = seal(key, "people.iin", "900101300017");
    for (const auto& form : {sealed, compact_sealed(sealed)}) {
      ASSERT_TRUE(SealOpener::of_thread(key, "people.iin").open_into(form, out));
      EXPECT_EQ(out, "900101300017");
      std::string tampered = form;
      tampered[form.size() / 2] ^= 1;
      EXPECT_FALSE(SealOpener::of_thread(key, "people.iin").open_into(tampered, out));
      EXPECT_EQ(out, "");
      EXPECT_FALSE(SealOpener::of_thread(key, "people.phone").open_into(form, out));
      EXPECT_FALSE(SealOpener::of_thread(other, "people.iin").open_into(form, out));
      EXPECT_EQ(out, "");
      EXPECT_FALSE(SealOpener::of_thread(key, "people.iin").open_into(form.substr(0, 20), out));
    }
    const auto other_sealed = seal(other, "people.iin", "880412300012");
    EXPECT_TRUE(SealOpener::of_thread(other, "people.iin").open_into(other_sealed, out));
    EXPECT_EQ(out, "880412300012");
    std::string long_text(300, 'x');
    EXPECT_TRUE(SealOpener::of_thread(key, "people.iin")
                    .open_into(compact_sealed(seal(key, "people.iin", long_text)), out));
    EXPECT_EQ(out, long_text);
  }
  EXPECT_FALSE(SealOpener::of_thread(key, "people.iin").open_into("", out));
}

// A list keeps a sealed IIN in the compact form: an AES-GCM value's bytes after 'G', half the
// length of its hex, opened by open() and a SealOpener as the hex is, and by nothing else; a value
// sealed before AES-GCM, or text that is no sealed value, stays as it is.
TEST_P(Sealing, TheCompactFormOpensAsTheHexDoes) {
  auto key = MasterKey::generate();
  auto sealed = seal(key, "people.iin", "900101300017");
  auto compact = compact_sealed(sealed);
  EXPECT_EQ(compact.size(), 1 + (sealed.size() - 1) / 2);
  EXPECT_EQ(compact.front(), 'G');
  EXPECT_EQ(from_hex(sealed.substr(1)), compact.substr(1));
  EXPECT_EQ(open(key, "people.iin", compact), "900101300017");
  SealOpener iin(key, "people.iin");
  EXPECT_EQ(iin.open(compact), "900101300017");
  EXPECT_EQ(iin.open(sealed), "900101300017");
  EXPECT_EQ(SealOpener(key, "people.phone").open(compact), std::nullopt);
  EXPECT_EQ(SealOpener(MasterKey::generate(), "people.iin").open(compact), std::nullopt);
  std::string tampered = compact;
  tampered[5] ^= 1;
  EXPECT_EQ(iin.open(tampered), std::nullopt);
  EXPECT_EQ(open(key, "people.iin", tampered), std::nullopt);
  EXPECT_EQ(iin.open(compact.substr(0, 28)), std::nullopt);  // shorter than nonce and tag
  EXPECT_EQ(iin.open("G"), std::nullopt);
  std::string long_text(1000, 'x');
  EXPECT_EQ(iin.open(compact_sealed(seal(key, "people.iin", long_text))), long_text);
  auto old = seal_xchacha(key, "people.iin", "900101300017");
  EXPECT_EQ(compact_sealed(old), old);
  EXPECT_EQ(iin.open(compact_sealed(old)), "900101300017");
  const std::vector<std::string> not_compacted = {"",     "g",      "gxy",
                                                  "g123", "sealed", "g" + std::string(80, 'z')};
  for (const auto& text : not_compacted) EXPECT_EQ(compact_sealed(text), text) << text;
}

// An IIN sealed by the build before AES-256-GCM (main at f689c02, `qorgan import people` of
// bench/registry/gen_people.mjs's first row), with that database's master key: it still opens,
// with open() and with a list's SealOpener, and only as what it is.
TEST_P(Sealing, OpensAValueSealedByTheBuildBeforeAesGcm) {
  auto key =
      MasterKey::from_hex("0acdd0a2c9c8cbd7b6b99761c7b52dbdb7311ea4dbacd23e4b0f84cfca82b989");
  ASSERT_TRUE(key);
  const std::string sealed =
      "b667ffdbee53157b9eaf7183ac262c7937918fbc6d20b833f126fc76725401f3180bdd76e03ac43981375e6015"
      "9c6e6632c2f7dd";
  EXPECT_EQ(open(*key, "people.iin", sealed), "600101300004");
  EXPECT_EQ(SealOpener(*key, "people.iin").open(sealed), "600101300004");
  EXPECT_EQ(SealOpener(*key, "people.phone").open(sealed), std::nullopt);
  EXPECT_EQ(open(*key, "people.iin", "g" + sealed), std::nullopt);  // not read as the other kind
}

// seal() writes "g", then hex of a 12-byte nonce, the ciphertext and a 16-byte tag: standard
// AES-256-GCM with the column name as associated data, under the BLAKE2b subkey of the master key
// for "seal-gcm:" + column, so any implementation opens it (libsodium's, where the CPU has
// AES-NI). A value sealed by this build and kept in the test opens on every machine.
TEST_P(Sealing, SealsWithStandardAesGcm) {
  auto key =
      MasterKey::from_hex("0acdd0a2c9c8cbd7b6b99761c7b52dbdb7311ea4dbacd23e4b0f84cfca82b989");
  ASSERT_TRUE(key);
  auto sealed = seal(*key, "people.iin", "900101300017");
  ASSERT_EQ(sealed.size(), 1 + 2 * (12 + 12 + 16));
  EXPECT_EQ(sealed[0], 'g');
  EXPECT_EQ(open(*key, "people.iin", sealed), "900101300017");
  EXPECT_EQ(open(*key, "people.iin", sealed.substr(1)), std::nullopt);
  EXPECT_EQ(open(*key, "people.iin", "G" + sealed.substr(1)), std::nullopt);
  EXPECT_EQ(open(*key, "people.phone", sealed), std::nullopt);
  // Sealed by this build with the key above.
  const std::string kept =
      "gfa9a4f9fe9c1e72c6eebadcde703de8df660c7a1793cacce9c0bad388bbd2379cc54bd04139c7406";
  EXPECT_EQ(open(*key, "people.iin", kept), "600101300004");
  if (crypto_aead_aes256gcm_is_available() != 1) return;
  std::string label = "seal-gcm:people.iin";
  unsigned char k[32];
  crypto_generichash(k, sizeof k, reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), key->bytes.data(), key->bytes.size());
  auto raw = from_hex(sealed.substr(1));
  ASSERT_TRUE(raw);
  std::string plain(raw->size() - 12 - 16, '\0');
  unsigned long long n = 0;
  ASSERT_EQ(crypto_aead_aes256gcm_decrypt(
                reinterpret_cast<unsigned char*>(plain.data()), &n, nullptr,
                reinterpret_cast<const unsigned char*>(raw->data()) + 12, raw->size() - 12,
                reinterpret_cast<const unsigned char*>("people.iin"), 10,
                reinterpret_cast<const unsigned char*>(raw->data()), k),
            0);
  EXPECT_EQ(plain, "900101300017");
}

// Short fields are opened by the AEAD's parts (open_short), longer ones by libsodium's decrypt:
// every length on both sides of the boundary opens to what was sealed, under a short and a long
// column name, and a change to any byte of nonce, ciphertext or tag is refused.
TEST_P(Sealing, OpensEveryLengthAndRefusesEveryChangedByte) {
  auto key = MasterKey::generate();
  for (auto [name, seal] : kSealers)
    for (const std::string& context : {std::string("people.iin"), std::string(70, 'c')}) {
      SealOpener opener(key, context);
      for (size_t n = 0; n <= 140; ++n) {
        std::string plain(n, '\0');
        for (size_t i = 0; i < n; ++i) plain[i] = char('0' + (i * 7 + n) % 75);
        auto sealed = seal(key, context, plain);
        ASSERT_EQ(opener.open(sealed), plain) << name << " " << context.size() << " " << n;
        ASSERT_EQ(open(key, context, sealed), plain);
        // The hex digits (after the marker of AES-256-GCM's values), one of each byte.
        for (size_t at = sealed.size() % 2; at < sealed.size(); at += 2) {
          std::string changed = sealed;
          changed[at] = changed[at] == 'f' ? 'e' : 'f';
          ASSERT_EQ(opener.open(changed), std::nullopt) << name << " " << n << " char " << at;
          ASSERT_EQ(open(key, context, changed), std::nullopt) << name << " " << n;
        }
      }
    }
}

// Every byte value in place of one character of the hex: only the same digit (in either case)
// opens, at each character of a nonce's byte and of the ciphertext's.
TEST_P(Sealing, SealedHexOpensOnlyWithItsOwnDigits) {
  auto key = MasterKey::generate();
  SealOpener iin(key, "people.iin");
  for (auto [name, seal] : kSealers) {
    auto sealed = seal(key, "people.iin", "900101300017");
    const size_t from = sealed.size() % 2;  // AES-256-GCM's marker
    // The digits decoded sixteen at a time where SSE2 is at hand, then the rest one at a time.
    for (size_t at : {size_t{0}, size_t{1}, size_t{2}, size_t{15}, size_t{17}, size_t{60},
                      size_t{61}, size_t{95}, size_t{96}, sealed.size() - 1}) {
      if (at >= sealed.size()) continue;  // AES-256-GCM's IIN is 81 characters, XChaCha20's 104
      for (int c = 0; c < 256; ++c) {
        std::string changed = sealed;
        changed[at] = static_cast<char>(c);
        bool same = at < from ? c == sealed[at] : std::tolower(c) == sealed[at];
        EXPECT_EQ(iin.open(changed).has_value(), same) << name << " at " << at << " byte " << c;
      }
    }
  }
}

// Nonces come from a per-thread pool of random bytes: none repeats across many seals, and a
// forked child does not hand out the bytes its parent will use next.
TEST_P(Sealing, SealNoncesDoNotRepeatAcrossManySealsOrAFork) {
  auto key = MasterKey::generate();
  constexpr size_t kNonceHex = 1 + 2 * 12;
  std::set<std::string> nonces;
  for (int i = 0; i < 1000; ++i) nonces.insert(seal(key, "people.iin", "1").substr(0, kNonceHex));
  EXPECT_EQ(nonces.size(), 1000u);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto n = seal(key, "people.iin", "1").substr(0, kNonceHex);
    _exit(write(fds[1], n.data(), n.size()) == ssize_t(n.size()) ? 0 : 1);
  }
  auto parent = seal(key, "people.iin", "1").substr(0, kNonceHex);
  std::string child(kNonceHex, '\0');
  ASSERT_EQ(read(fds[0], child.data(), child.size()), ssize_t(kNonceHex));
  int status = 0;
  waitpid(pid, &status, 0);
  close(fds[0]);
  close(fds[1]);
  EXPECT_NE(child, parent);
  EXPECT_FALSE(nonces.contains(child));
}

TEST_F(Crypto, BlindIndexIsDeterministicAndKeyed) {
  auto key = MasterKey::generate();
  EXPECT_EQ(blind_index(key, "iin", "1"), blind_index(key, "iin", "1"));
  EXPECT_NE(blind_index(key, "iin", "1"), blind_index(key, "iin", "2"));
  EXPECT_NE(blind_index(key, "iin", "1"), blind_index(MasterKey::generate(), "iin", "1"));
}

TEST_F(Crypto, KeyedHashDependsOnKeyContextAndData) {
  auto key = MasterKey::generate();
  EXPECT_EQ(keyed_hash(key, "audit", "x"), keyed_hash(key, "audit", "x"));
  EXPECT_EQ(keyed_hash(key, "audit", "x").size(), 64u);
  EXPECT_NE(keyed_hash(key, "audit", "x"), keyed_hash(key, "audit", "y"));
  EXPECT_NE(keyed_hash(key, "audit", "x"), keyed_hash(key, "other", "x"));
  EXPECT_NE(keyed_hash(key, "audit", "x"), keyed_hash(MasterKey::generate(), "audit", "x"));
  EXPECT_NE(keyed_hash(key, "iin", "x"), blind_index(key, "iin", "x"));
}

TEST_F(Crypto, SignerIsDerivedAndSignaturesVerifyOnlyForTheirMessageAndKey) {
  auto key = MasterKey::generate();
  Signer a(key, "audit"), again(key, "audit"), other(key, "alerts");
  EXPECT_EQ(a.public_key_hex(), again.public_key_hex());
  EXPECT_NE(a.public_key_hex(), other.public_key_hex());
  auto sig = a.sign_hex("seq 7");
  EXPECT_TRUE(signature_valid(a.public_key_hex(), "seq 7", sig));
  EXPECT_FALSE(signature_valid(a.public_key_hex(), "seq 8", sig));
  EXPECT_FALSE(signature_valid(other.public_key_hex(), "seq 7", sig));
  EXPECT_FALSE(signature_valid(a.public_key_hex(), "seq 7", sig.substr(2)));
  EXPECT_FALSE(signature_valid("zz", "seq 7", sig));
}

TEST_F(Crypto, RandomTokensDiffer) {
  auto a = random_token(), b = random_token();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
}
