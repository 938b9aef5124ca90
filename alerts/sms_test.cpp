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

TEST(AlertSms, LatinTextIsGsm7AndExtensionCharactersTakeTwoSeptets) {
  auto s = sms_size("Air raid alert. Go to shelter.");
  EXPECT_TRUE(s.gsm7);
  EXPECT_EQ(s.length, 30u);
  EXPECT_EQ(s.segments, 1);
  EXPECT_EQ(sms_size("a{b}").length, 6u);
  EXPECT_EQ(sms_size(std::string(160, 'a')).segments, 1);
  EXPECT_EQ(sms_size(std::string(161, 'a')).segments, 2);
  EXPECT_EQ(sms_size(std::string(306, 'a')).segments, 2);
  EXPECT_EQ(sms_size(std::string(307, 'a')).segments, 3);
}

TEST(AlertSms, CyrillicMakesTheWholeMessageUcs2) {
  auto s = sms_size("Әуе дабылы! Go to shelter");
  EXPECT_FALSE(s.gsm7);
  EXPECT_EQ(s.length, 25u);
  std::string seventy;
  for (int i = 0; i < 70; ++i) seventy += "ж";
  EXPECT_EQ(sms_size(seventy).segments, 1);
  EXPECT_EQ(sms_size(seventy + "ж").segments, 2);
}

TEST(AlertSmsFit, ShortTextIsKeptWithTheLink) {
  EXPECT_EQ(fit_sms("Flood warning.", "https://q.kz/en/alerts/u/7-abc", 2),
            "Flood warning. https://q.kz/en/alerts/u/7-abc");
}

TEST(AlertSmsFit, LongKazakhTextIsCutAtAWordWithAnEllipsisAndFitsTwoSegments) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Су тасқыны қаупі бар. ";
  std::string link = "https://portal.example.kz/kk/alerts/u/123456-AbCdEfGhIjKlMnOpQrStUv";
  auto sms = fit_sms(text, link, 2);
  auto size = sms_size(sms);
  EXPECT_FALSE(size.gsm7);
  EXPECT_LE(size.segments, 2);
  EXPECT_TRUE(sms.ends_with("… " + link)) << sms;
  // Cut between words: what precedes the ellipsis is a whole word of the text.
  auto before = sms.substr(0, sms.find("…"));
  EXPECT_TRUE(before.ends_with("бар.") || before.ends_with("қаупі") ||
              before.ends_with("тасқыны") || before.ends_with("Су"))
      << before;
}

TEST(AlertSmsFit, GsmTextUsesThreeDotsToStayGsm7) {
  std::string text(400, 'x');
  auto sms = fit_sms(text, "http://q.kz/u/1-a", 1);
  EXPECT_TRUE(sms_size(sms).gsm7);
  EXPECT_EQ(sms_size(sms).length, 160u);
  EXPECT_TRUE(sms.ends_with("... http://q.kz/u/1-a"));
}

TEST(AlertSms, AnEnglishTextCutToFitStaysGsm7) {
  Alert a;
  a.texts["en"] = {"Flood", "Flood warning", "", ""};
  for (int i = 0; i < 100; ++i) a.texts["en"].instruction += "Move to higher ground. ";
  auto cut = sms_text(a, "en");
  EXPECT_TRUE(sms_size(cut).gsm7) << cut;
  EXPECT_LE(sms_size(cut).segments, kMaxSmsSegments);
  EXPECT_TRUE(cut.ends_with("...")) << cut;
}

}  // namespace
}  // namespace qorgan::alerts
