// SMS sizes as a phone network counts them, and alert texts cut to fit with the link kept whole.
#include "alerts/fan_out_sms.hpp"

#include <gtest/gtest.h>

using namespace qorgan::alerts;

TEST(CountSms, LatinTextIsGsm7AndExtensionCharactersTakeTwoSeptets) {
  auto s = count_sms("Air raid alert. Go to shelter.");
  EXPECT_TRUE(s.gsm7);
  EXPECT_EQ(s.units, 30);
  EXPECT_EQ(s.segments, 1);
  EXPECT_EQ(count_sms("a{b}").units, 6);
  EXPECT_EQ(count_sms(std::string(160, 'a')).segments, 1);
  EXPECT_EQ(count_sms(std::string(161, 'a')).segments, 2);
  EXPECT_EQ(count_sms(std::string(306, 'a')).segments, 2);
  EXPECT_EQ(count_sms(std::string(307, 'a')).segments, 3);
}

TEST(CountSms, CyrillicMakesTheWholeMessageUcs2) {
  auto s = count_sms("Әуе дабылы! Go to shelter");
  EXPECT_FALSE(s.gsm7);
  EXPECT_EQ(s.units, 25);
  std::string seventy;
  for (int i = 0; i < 70; ++i) seventy += "ж";
  EXPECT_EQ(count_sms(seventy).segments, 1);
  EXPECT_EQ(count_sms(seventy + "ж").segments, 2);
}

TEST(FitSms, ShortTextIsKeptWithTheLink) {
  EXPECT_EQ(fit_sms("Flood warning.", "https://q.kz/en/alerts/u/7-abc", 2),
            "Flood warning. https://q.kz/en/alerts/u/7-abc");
}

TEST(FitSms, LongKazakhTextIsCutAtAWordWithAnEllipsisAndFitsTwoSegments) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Су тасқыны қаупі бар. ";
  std::string link = "https://portal.example.kz/kk/alerts/u/123456-AbCdEfGhIjKlMnOpQrStUv";
  auto sms = fit_sms(text, link, 2);
  auto size = count_sms(sms);
  EXPECT_FALSE(size.gsm7);
  EXPECT_LE(size.segments, 2);
  EXPECT_TRUE(sms.ends_with("… " + link)) << sms;
  // Cut between words: what precedes the ellipsis is a whole word of the text.
  auto before = sms.substr(0, sms.find("…"));
  EXPECT_TRUE(before.ends_with("бар.") || before.ends_with("қаупі") ||
              before.ends_with("тасқыны") || before.ends_with("Су"))
      << before;
}

TEST(FitSms, GsmTextUsesThreeDotsToStayGsm7) {
  std::string text(400, 'x');
  auto sms = fit_sms(text, "http://q.kz/u/1-a", 1);
  EXPECT_TRUE(count_sms(sms).gsm7);
  EXPECT_EQ(count_sms(sms).units, 160);
  EXPECT_TRUE(sms.ends_with("... http://q.kz/u/1-a"));
}
