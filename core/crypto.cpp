#include "core/crypto.hpp"

// SHA256_Init/Update/Final (deprecated by OpenSSL 3 for EVP; see Sha256 below).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <sodium.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/aes_gcm.hpp"
#include "core/fast_random.hpp"
#include "core/seal_opener.hpp"

namespace qorgan::core {

void crypto_init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string to_hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  size_t len = 0;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &len, nullptr) != 0 ||
      len != out.size())
    return std::nullopt;
  return out;
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string sha256_hex(std::string_view data) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return to_hex({reinterpret_cast<char*>(h), sizeof h});
}

// OpenSSL's SHA-256 uses the processor's SHA instructions where it has them: an import of
// 1,000,000 people (116 MB) hashed its file in 0.2 s instead of libsodium's 1.0 s, on the
// thread that also parses and checks the rows. Its SHA256_CTX fits the object, which the EVP
// interface's context on the heap would not without a destructor.
Sha256::Sha256() {
  static_assert(sizeof(SHA256_CTX) <= sizeof state_ && alignof(SHA256_CTX) <= 16);
  SHA256_Init(reinterpret_cast<SHA256_CTX*>(state_));
}

void Sha256::update(std::string_view data) {
  SHA256_Update(reinterpret_cast<SHA256_CTX*>(state_), data.data(), data.size());
}

std::string Sha256::hex() {
  unsigned char h[SHA256_DIGEST_LENGTH];
  SHA256_Final(h, reinterpret_cast<SHA256_CTX*>(state_));
  return to_hex({reinterpret_cast<char*>(h), sizeof h});
}

std::string base64url_encode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string random_token(size_t bytes) {
  std::string buf(bytes, '\0');
  randombytes_buf(buf.data(), buf.size());
  return base64url_encode(buf);
}

Result<std::string> hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(Error::internal("password hashing ran out of memory"));
  return std::string(out);
}

bool verify_password(std::string_view phc, std::string_view password) {
  std::string s(phc);
  return crypto_pwhash_str_verify(s.c_str(), password.data(), password.size()) == 0;
}

Result<MasterKey> MasterKey::from_hex(std::string_view hex) {
  auto raw = core::from_hex(hex);
  if (!raw || raw->size() != 32)
    return fail(Error::invalid("the master key must be 64 hexadecimal characters"));
  MasterKey k;
  std::copy(raw->begin(), raw->end(), k.bytes.begin());
  return k;
}

MasterKey MasterKey::generate() {
  MasterKey k;
  randombytes_buf(k.bytes.data(), k.bytes.size());
  return k;
}

std::string MasterKey::hex() const {
  return to_hex({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

namespace {
std::array<unsigned char, 32> derive(const MasterKey& key, std::string_view context) {
  std::array<unsigned char, 32> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(context.data()),
                     context.size(), key.bytes.data(), key.bytes.size());
  return out;
}

// Imports and reads seal, open and index a field per row with the same key and context: each
// thread remembers its last few derivations rather than hashing again every time.
std::array<unsigned char, 32> subkey(const MasterKey& key, std::string_view context) {
  struct Entry {
    std::array<unsigned char, 32> master{}, derived{};
    std::string context;
  };
  thread_local std::array<Entry, 4> cache;
  thread_local size_t next = 0;
  for (const auto& e : cache)
    if (!e.context.empty() && e.context == context &&
        sodium_memcmp(e.master.data(), key.bytes.data(), e.master.size()) == 0)
      return e.derived;
  auto& e = cache[next++ % cache.size()];
  e.master = key.bytes;
  e.context = std::string(context);
  e.derived = derive(key, context);
  return e.derived;
}
}  // namespace

namespace {

// A value sealed with AES-256-GCM: this marker (no hex digit, so no value sealed before starts
// with it), then hex of nonce || ciphertext || tag, under the column's "seal-gcm:" subkey.
constexpr char kGcmMarker = 'g';
// The same value's compact form (compact_sealed()): this marker, then the bytes themselves.
constexpr char kGcmBytesMarker = 'G';
constexpr size_t kGcmOverhead = AesGcm::kNonce + AesGcm::kTag;

// A column's AES-256-GCM subkey, wiped at the end of the expression that uses it.
struct GcmSubkey {
  std::array<unsigned char, 32> bytes;
  ~GcmSubkey() { sodium_memzero(bytes.data(), bytes.size()); }
};
GcmSubkey gcm_subkey(const MasterKey& key, std::string_view context) {
  return {subkey(key, std::string("seal-gcm:") + std::string(context))};
}

// An import seals a field a row with the same key and column: each thread keeps its last few
// expanded keys rather than expanding the key again for every value.
AesGcm& sealing_gcm(const MasterKey& key, std::string_view context) {
  struct Entry {
    std::array<unsigned char, 32> master{};
    std::string context;
    std::unique_ptr<AesGcm> gcm;
  };
  thread_local std::array<Entry, 4> cache;
  thread_local size_t next = 0;
  const bool libsodium = AesGcm::libsodium_wanted();
  for (const auto& e : cache)
    if (e.gcm && e.gcm->on_libsodium() == libsodium && e.context == context &&
        sodium_memcmp(e.master.data(), key.bytes.data(), e.master.size()) == 0)
      return *e.gcm;
  auto& e = cache[next++ % cache.size()];
  e.gcm = std::make_unique<AesGcm>(gcm_subkey(key, context).bytes);
  e.master = key.bytes;
  e.context = std::string(context);
  return *e.gcm;
}

}  // namespace

std::string seal(const MasterKey& key, std::string_view context, std::string_view plaintext) {
  std::array<unsigned char, 256> small;
  std::vector<unsigned char> large;
  const size_t size = kGcmOverhead + plaintext.size();
  unsigned char* raw = small.data();
  if (size > small.size()) {
    large.resize(size);
    raw = large.data();
  }
  // Random 96-bit nonces: up to 2^32 values sealed under one column's key keep the chance of a
  // repeated nonce negligible (NIST SP 800-38D, 8.3), far above a registry's rows and rewrites.
  fast_random(raw, AesGcm::kNonce);
  sealing_gcm(key, context).seal(context, plaintext, raw);
  // The marker, then the hex (sodium_bin2hex also writes the string's own terminating NUL).
  std::string out(1 + 2 * size, kGcmMarker);
  sodium_bin2hex(out.data() + 1, 2 * size + 1, raw, size);
  return out;
}

namespace {

// Hex of bytes that are not secret (a nonce and a ciphertext): decoded by a plain table rather
// than libsodium's constant-time decoder, which cost a quarter of opening a sealed IIN, and where
// SSE2 is at hand sixteen digits at a time (the table's loop was two thirds of what opening a
// sealed IIN spent besides the cipher). Decodes hex.size() / 2 bytes into `out`; false when they
// are not hex.
bool from_public_hex(std::string_view hex, unsigned char* out) {
  const size_t bytes = hex.size() / 2;
  size_t i = 0;
#if defined(__SSE2__)
  // A byte of 0x80 and above is negative in the signed comparisons, so it is neither a digit nor
  // a letter; a letter is compared in lower case.
  const __m128i below_0 = _mm_set1_epi8('0' - 1), above_9 = _mm_set1_epi8('9' + 1);
  const __m128i below_a = _mm_set1_epi8('a' - 1), above_f = _mm_set1_epi8('f' + 1);
  for (; i + 8 <= bytes; i += 8) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hex.data() + 2 * i));
    const __m128i lower = _mm_or_si128(c, _mm_set1_epi8(0x20));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(c, below_0), _mm_cmplt_epi8(c, above_9));
    const __m128i letter =
        _mm_and_si128(_mm_cmpgt_epi8(lower, below_a), _mm_cmplt_epi8(lower, above_f));
    if (_mm_movemask_epi8(_mm_or_si128(digit, letter)) != 0xFFFF) return false;
    const __m128i nibble =
        _mm_or_si128(_mm_and_si128(digit, _mm_sub_epi8(c, _mm_set1_epi8('0'))),
                     _mm_andnot_si128(digit, _mm_sub_epi8(lower, _mm_set1_epi8('a' - 10))));
    // A 16-bit lane holds a byte's two digits, the first in its low half.
    const __m128i pairs =
        _mm_or_si128(_mm_slli_epi16(_mm_and_si128(nibble, _mm_set1_epi16(0x00FF)), 4),
                     _mm_srli_epi16(nibble, 8));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out + i), _mm_packus_epi16(pairs, pairs));
  }
#endif
  // 0x10 marks a byte that is no digit, checked once after the loop rather than at each digit.
  static constexpr auto kNibble = [] {
    std::array<unsigned char, 256> t{};
    t.fill(0x10);
    for (int c = 0; c < 10; ++c) t['0' + c] = static_cast<unsigned char>(c);
    for (int c = 0; c < 6; ++c) t['a' + c] = t['A' + c] = static_cast<unsigned char>(10 + c);
    return t;
  }();
  unsigned bad = 0;
  for (; i < bytes; ++i) {
    unsigned hi = kNibble[static_cast<unsigned char>(hex[2 * i])];
    unsigned lo = kNibble[static_cast<unsigned char>(hex[2 * i + 1])];
    bad |= hi | lo;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return (bad & 0x10) == 0;
}

void store64_le(unsigned char* p, std::uint64_t v) {
  if constexpr (std::endian::native == std::endian::big) v = std::byteswap(v);
  std::memcpy(p, &v, sizeof v);
}

// XChaCha20-Poly1305 (IETF) opening of a short field, composed from libsodium's primitives as
// libsodium composes it (HChaCha20 of the nonce's first half gives the key for ChaCha20 with the
// second half; block 0's first 32 bytes key Poly1305 over ad, pad, ciphertext, pad, lengths;
// the plaintext is the ciphertext XORed with blocks 1…), but with one keystream call and one
// Poly1305 call over a buffer on the stack: libsodium's decrypt feeds Poly1305 six pieces through
// its incremental state, which cost a third of opening a list page's sealed IIN.
// Fields too long for the buffers go through libsodium's own decrypt. False when the tag does not
// match.
constexpr size_t kShortField = 128, kShortContext = 64;
bool open_short(const std::array<unsigned char, 32>& k, std::string_view context,
                const unsigned char* nonce, const unsigned char* c, size_t mlen, unsigned char* m) {
  constexpr size_t kBlock = 64;
  const unsigned char* tag = c + mlen;
  auto padded = [](size_t n) { return (n + 15) & ~size_t{15}; };
  std::array<unsigned char, 32> key;
  crypto_core_hchacha20(key.data(), nonce, k.data(), nullptr);
  std::array<unsigned char, 12> nonce2{};
  std::memcpy(nonce2.data() + 4, nonce + 16, 8);
  std::array<unsigned char, kBlock + kShortField> stream;
  crypto_stream_chacha20_ietf(stream.data(), kBlock + mlen, nonce2.data(), key.data());
  std::array<unsigned char, kShortContext + kShortField + 16> mac_input{};
  size_t at = 0;
  std::memcpy(mac_input.data(), context.data(), context.size());
  at += padded(context.size());
  std::memcpy(mac_input.data() + at, c, mlen);
  at += padded(mlen);
  store64_le(mac_input.data() + at, context.size());
  store64_le(mac_input.data() + at + 8, mlen);
  at += 16;
  bool ok = crypto_onetimeauth_poly1305_verify(tag, mac_input.data(), at, stream.data()) == 0;
  if (ok)
    for (size_t i = 0; i < mlen; ++i) m[i] = c[i] ^ stream[kBlock + i];
  sodium_memzero(key.data(), key.size());
  sodium_memzero(stream.data(), kBlock + mlen);
  return ok;
}

// The bytes of a sealed value's hex, decoded into `small` or, when they do not fit, into `large`;
// null when the hex is not of an even length or not hex.
const unsigned char* decode_sealed(std::string_view hex, std::array<unsigned char, 256>& small,
                                   std::string& large) {
  if (hex.size() % 2 != 0) return nullptr;
  unsigned char* raw = small.data();
  if (hex.size() / 2 > small.size()) {
    large.resize(hex.size() / 2);
    raw = reinterpret_cast<unsigned char*>(large.data());
  }
  return from_public_hex(hex, raw) ? raw : nullptr;
}

// nonce || ciphertext in hex under XChaCha20-Poly1305 (every value sealed before AES-256-GCM),
// opened with the column's subkey `k`. The few bytes of a short field are decoded on the stack: a
// list page opens fifty of them.
std::optional<std::string> open_xchacha(const std::array<unsigned char, 32>& k,
                                        std::string_view context, std::string_view sealed_hex) {
  constexpr size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t overhead = nonce_bytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  std::array<unsigned char, 256> small;
  std::string large;
  size_t size = sealed_hex.size() / 2;
  if (size < overhead) return std::nullopt;
  const unsigned char* raw = decode_sealed(sealed_hex, small, large);
  if (!raw) return std::nullopt;
  std::string out(size - overhead, '\0');
  auto* m = reinterpret_cast<unsigned char*>(out.data());
  if (out.size() <= kShortField && context.size() <= kShortContext) {
    if (!open_short(k, context, raw, raw + nonce_bytes, out.size(), m)) return std::nullopt;
    return out;
  }
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          m, &mlen, nullptr, raw + nonce_bytes, size - nonce_bytes,
          reinterpret_cast<const unsigned char*>(context.data()), context.size(), raw,
          k.data()) != 0)
    return std::nullopt;
  out.resize(mlen);
  return out;
}

bool is_gcm(std::string_view sealed) {
  return !sealed.empty() && sealed.front() == kGcmMarker;
}

// The hex after the marker of a value sealed with AES-256-GCM, opened with the column's key.
std::optional<std::string> open_gcm(AesGcm& gcm, std::string_view context, std::string_view hex) {
  std::array<unsigned char, 256> small;
  std::string large;
  size_t size = hex.size() / 2;
  if (size < kGcmOverhead) return std::nullopt;
  const unsigned char* raw = decode_sealed(hex, small, large);
  if (!raw) return std::nullopt;
  std::string out(size - kGcmOverhead, '\0');
  if (!gcm.open(context, raw, size, reinterpret_cast<unsigned char*>(out.data())))
    return std::nullopt;
  return out;
}

bool is_gcm_bytes(std::string_view sealed) {
  return !sealed.empty() && sealed.front() == kGcmBytesMarker;
}

// A value sealed with AES-256-GCM in either form, its marker first, opened with the column's key.
std::optional<std::string> open_either_gcm(AesGcm& gcm, std::string_view context,
                                           std::string_view sealed) {
  if (!is_gcm_bytes(sealed)) return open_gcm(gcm, context, sealed.substr(1));
  const size_t size = sealed.size() - 1;
  if (size < kGcmOverhead) return std::nullopt;
  std::string out(size - kGcmOverhead, '\0');
  if (!gcm.open(context, reinterpret_cast<const unsigned char*>(sealed.data() + 1), size,
                reinterpret_cast<unsigned char*>(out.data())))
    return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> open(const MasterKey& key, std::string_view context,
                                std::string_view sealed) {
  if (is_gcm(sealed) || is_gcm_bytes(sealed)) {
    AesGcm gcm(gcm_subkey(key, context).bytes);
    return open_either_gcm(gcm, context, sealed);
  }
  return open_xchacha(subkey(key, std::string("seal:") + std::string(context)), context, sealed);
}

SealOpener::SealOpener(const MasterKey& key, std::string_view context)
    : master_(key.bytes),
      subkey_(subkey(key, std::string("seal:") + std::string(context))),
      context_(context),
      gcm_(gcm_subkey(key, context).bytes) {}

SealOpener::~SealOpener() {
  sodium_memzero(master_.data(), master_.size());
  sodium_memzero(subkey_.data(), subkey_.size());
}

std::optional<std::string> SealOpener::open(std::string_view sealed) {
  if (is_gcm(sealed) || is_gcm_bytes(sealed)) return open_either_gcm(gcm_, context_, sealed);
  return open_xchacha(subkey_, context_, sealed);
}

bool SealOpener::open_into(std::string_view sealed, std::string& out) {
  if (is_gcm_bytes(sealed) && sealed.size() - 1 >= kGcmOverhead) {
    out.resize(sealed.size() - 1 - kGcmOverhead);
    if (gcm_.open(context_, reinterpret_cast<const unsigned char*>(sealed.data() + 1),
                  sealed.size() - 1, reinterpret_cast<unsigned char*>(out.data())))
      return true;
    out.clear();
    return false;
  }
  auto opened = open(sealed);
  if (!opened) {
    out.clear();
    return false;
  }
  out = std::move(*opened);
  return true;
}

SealOpener& SealOpener::of_thread(const MasterKey& key, std::string_view context) {
  thread_local std::unique_ptr<SealOpener> opener;
  if (!opener || opener->context_ != context ||
      sodium_memcmp(opener->master_.data(), key.bytes.data(), key.bytes.size()) != 0)
    opener = std::make_unique<SealOpener>(key, context);
  return *opener;
}

std::string compact_sealed(std::string_view sealed) {
  std::string out(sealed);
  if (!is_gcm(sealed) || sealed.size() % 2 != 1 || sealed.size() < 1 + 2 * kGcmOverhead) return out;
  out[0] = kGcmBytesMarker;
  if (!from_public_hex(sealed.substr(1), reinterpret_cast<unsigned char*>(out.data() + 1)))
    return std::string(sealed);
  out.resize(1 + sealed.size() / 2);
  return out;
}

namespace {
std::string keyed_hash_under(const std::array<unsigned char, 32>& k, std::string_view data) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     k.data(), k.size());
  return to_hex({reinterpret_cast<char*>(h), sizeof h});
}
}  // namespace

std::string blind_index(const MasterKey& key, std::string_view context, std::string_view value) {
  return keyed_hash_under(subkey(key, std::string("index:") + std::string(context)), value);
}

std::string keyed_hash(const MasterKey& key, std::string_view context, std::string_view data) {
  return keyed_hash_under(subkey(key, std::string("mac:") + std::string(context)), data);
}

Signer::Signer(const MasterKey& key, std::string_view context) {
  auto seed = derive(key, std::string("sign:") + std::string(context));
  crypto_sign_seed_keypair(public_.data(), secret_.data(), seed.data());
  sodium_memzero(seed.data(), seed.size());
}

Signer::~Signer() {
  sodium_memzero(secret_.data(), secret_.size());
}

std::string Signer::public_key_hex() const {
  return to_hex({reinterpret_cast<const char*>(public_.data()), public_.size()});
}

std::string Signer::sign_hex(std::string_view message) const {
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return to_hex({reinterpret_cast<const char*>(sig.data()), sig.size()});
}

bool signature_valid(std::string_view public_key_hex, std::string_view message,
                     std::string_view signature_hex) {
  auto pk = from_hex(public_key_hex);
  auto sig = from_hex(signature_hex);
  if (!pk || !sig || pk->size() != crypto_sign_PUBLICKEYBYTES || sig->size() != crypto_sign_BYTES)
    return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(),
                                     reinterpret_cast<const unsigned char*>(pk->data())) == 0;
}

}  // namespace qorgan::core
