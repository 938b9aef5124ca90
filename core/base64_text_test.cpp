#include "core/base64_text.hpp"

#include <string>

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace qorgan::core {
namespace {

// The table coder writes what libsodium's constant-time one writes (url-safe) and what the
// padded decoder reads back, for every length's remainder and every byte value.
TEST(Base64Text, WritesWhatTheConstantTimeCodersReadAndWrite) {
  for (size_t n = 0; n <= 40; ++n) {
    std::string bytes;
    for (size_t i = 0; i < n; ++i) bytes += static_cast<char>((i * 97 + n * 31) % 256);
    EXPECT_EQ(base64_text(bytes, Base64::url), base64url_encode(bytes)) << n;
    const std::string padded = base64_text(bytes, Base64::padded);
    EXPECT_EQ(padded.size() % 4, 0u) << n;
    EXPECT_EQ(base64_decode(padded), bytes) << n;
  }
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  EXPECT_EQ(base64_text(all, Base64::url), base64url_encode(all));
  EXPECT_EQ(base64_decode(base64_text(all, Base64::padded)), all);
  std::string out = "data:image/png;base64,";
  append_base64(out, "Qorgan", Base64::padded);
  EXPECT_EQ(out, "data:image/png;base64,UW9yZ2Fu");
  EXPECT_EQ(base64_text("Qo", Base64::padded), "UW8=");
  EXPECT_EQ(base64_text("Qo", Base64::url), "UW8");
}

}  // namespace
}  // namespace qorgan::core
