#include "alerts/sms.hpp"

#include <gtest/gtest.h>

namespace qorgan::alerts {
namespace {

TEST(AlertSms, LatinTextIsGsm7With160And153) {
  EXPECT_EQ(sms_size(std::string(160, 'a')).segments, 1);
  EXPECT_EQ(sms_size(std::string(161, 'a')).segments, 2);
  EXPECT_EQ(sms_size(std::string(306, 'a')).segments, 2);
  EXPECT_EQ(sms_size(std::string(307, 'a')).segments, 3);
  EXPECT_TRUE(sms_size("Go to a shelter now!").gsm7);
}

TEST(AlertSms, ExtensionCharactersTakeTwoSeptets) {
  auto s = sms_size("[test] {1} €");
  EXPECT_TRUE(s.gsm7);
  EXPECT_EQ(s.length, 17u);  // 12 characters, five of them from the extension table
}

TEST(AlertSms, CyrillicAndKazakhAreUcs2With70And67) {
  std::string seventy;
  for (int i = 0; i < 70; ++i) seventy += "ә";
  EXPECT_FALSE(sms_size(seventy).gsm7);
  EXPECT_EQ(sms_size(seventy).length, 70u);
  EXPECT_EQ(sms_size(seventy).segments, 1);
  EXPECT_EQ(sms_size(seventy + "ы").segments, 2);
  EXPECT_EQ(sms_size("Тревога").segments, 1);
}

TEST(AlertSms, TheTextIsMarkedAndCutToThreeSegments) {
  Alert a;
  a.status = Status::exercise;
  a.texts["ru"] = {"Тревога", "Воздушная тревога", "", "Пройдите в укрытие."};
  EXPECT_EQ(sms_text(a, "ru"), "[УЧЕНИЯ] Воздушная тревога. Пройдите в укрытие.");
  EXPECT_EQ(sms_text(a, "kk"), "");
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "укрытие ";
  a.texts["ru"].instruction = long_text;
  auto cut = sms_text(a, "ru");
  EXPECT_LE(sms_size(cut).segments, kMaxSmsSegments);
  EXPECT_TRUE(cut.ends_with("…"));
}

}  // namespace
}  // namespace qorgan::alerts
