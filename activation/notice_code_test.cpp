#include "activation/notice_code.hpp"

#include <gtest/gtest.h>

#include <set>

namespace qorgan::activation {

namespace {
core::MasterKey key_of(char c) {
  return *core::MasterKey::from_hex(std::string(64, c));
}
}  // namespace

TEST(NoticeCode, CodesUseOnlyTheUnambiguousAlphabetAndDoNotRepeat) {
  core::crypto_init();
  std::set<std::string> seen;
  std::array<int, 128> counts{};
  for (int i = 0; i < 2000; ++i) {
    auto c = new_short_code();
    ASSERT_EQ(c.size(), kCodeLength);
    for (char ch : c) {
      ASSERT_NE(kCodeAlphabet.find(ch), std::string_view::npos) << c;
      ++counts[size_t(ch)];
    }
    seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 2000u);
  // 16,000 characters over 29 letters: each about 552 times; none missing or dominant.
  for (char ch : kCodeAlphabet) {
    EXPECT_GT(counts[size_t(ch)], 400) << ch;
    EXPECT_LT(counts[size_t(ch)], 720) << ch;
  }
}

TEST(NoticeCode, TypedCodesAreForgivenCaseSpacesAndDashesButNotLookAlikes) {
  EXPECT_EQ(canonical_short_code("abcd-efgh"), "ABCDEFGH");
  EXPECT_EQ(canonical_short_code(" 2345 6789 "), "23456789");
  EXPECT_EQ(printed_short_code("ABCDEFGH"), "ABCD-EFGH");
  EXPECT_FALSE(canonical_short_code("ABCD-EFG"));    // too short
  EXPECT_FALSE(canonical_short_code("ABCD-EFGHJ"));  // too long
  EXPECT_FALSE(canonical_short_code("ABCD-EFG0"));   // 0 is not in the alphabet
  EXPECT_FALSE(canonical_short_code("ABCD-EFGI"));   // nor I
  EXPECT_FALSE(canonical_short_code("АВСD-EFGH"));   // Cyrillic look-alikes
  EXPECT_FALSE(canonical_short_code(""));
}

TEST(NoticeCode, TokensVerifyWithTheirActivationsKeyOnly) {
  core::crypto_init();
  TokenSigner first(key_of('a'), 12), second(key_of('a'), 13), other_install(key_of('b'), 12);
  auto token = first.token(345, "ABCDEFGH");
  auto claims = verify_token(token, first.public_key_hex());
  ASSERT_TRUE(claims);
  EXPECT_EQ(*claims, (TokenClaims{12, 345, "ABCDEFGH"}));
  EXPECT_LT(token.size(), 130u) << "fits a small QR code";

  EXPECT_NE(first.public_key_hex(), second.public_key_hex());
  EXPECT_FALSE(verify_token(token, second.public_key_hex())) << "another activation's key";
  EXPECT_FALSE(verify_token(token, other_install.public_key_hex())) << "another master key";
  EXPECT_FALSE(verify_token(second.token(345, "ABCDEFGH"), first.public_key_hex()));

  // Any altered field breaks the signature; malformed tokens are refused, not crashed on.
  std::string altered = token;
  altered.replace(altered.find(".345."), 5, ".346.");
  EXPECT_FALSE(verify_token(altered, first.public_key_hex()));
  altered = token;
  altered.replace(altered.find("ABCDEFGH"), 8, "ABCDEFGJ");
  EXPECT_FALSE(verify_token(altered, first.public_key_hex()));
  const std::string sig = token.substr(token.rfind('.') + 1);
  const std::vector<std::string> malformed{"",
                                           "q1",
                                           "q1.12.345.ABCDEFGH",
                                           "q2" + token.substr(2),
                                           "q1.012.345.ABCDEFGH." + sig,
                                           "q1.-12.345.ABCDEFGH." + sig,
                                           "q1.12.345.abcdefgh." + sig,
                                           token + ".x",
                                           token.substr(0, token.size() - 3)};
  for (const auto& bad : malformed) EXPECT_FALSE(verify_token(bad, first.public_key_hex())) << bad;

  // Which key to verify with is read from the token before anything is trusted.
  EXPECT_EQ(token_activation(token), 12);
  EXPECT_EQ(token_activation(second.token(1, "ABCDEFGH")), 13);
  for (const char* bad : {"", "q1", "q1.", "q1.x.1", "q1.0.1", "q2.12.345", "12.345"})
    EXPECT_EQ(token_activation(bad), std::nullopt) << bad;
}

}  // namespace qorgan::activation
