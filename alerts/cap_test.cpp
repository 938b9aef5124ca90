#include "alerts/cap.hpp"

#include <gtest/gtest.h>

namespace qorgan::alerts {
namespace {

Alert sample() {
  Alert a;
  a.id = 7;
  a.identifier = "qorgan-alert-7";
  a.status = Status::exercise;
  a.msg_type = MsgType::update;
  a.categories = {"Met"};
  a.urgency = "Expected";
  a.severity = "Severe";
  a.certainty = "Likely";
  a.response_types = {"Prepare"};
  a.expires = 1'796'407'200'000'000;  // 2026-12-04T18:00:00Z
  a.texts["ru"] = {"Наводнение", "Вода <выше> & быстрее", "", "Не подходите к реке."};
  a.area.regions.push_back({"751710000", 3, "/1/3/", "Медеу", "Медеуский район", "Medeu"});
  a.area.polygons.push_back({{43.2, 76.9}, {43.2, 77.0}, {43.1, 77.0}, {43.2, 76.9}});
  a.area.circles.push_back({{43.18, 76.97}, 2.5});
  return a;
}

TEST(AlertCap, TimesUseAnOffsetNotZ) {
  EXPECT_EQ(cap_time(1'796'407'200'000'000), "2026-12-04T18:00:00+00:00");
}

TEST(AlertCap, TheDocumentEscapesTextAndWritesTheArea) {
  Alert earlier;
  earlier.identifier = "qorgan-alert-5";
  earlier.approved_at = 1'796'403'600'000'000;  // 17:00
  auto doc =
      cap_document(sample(), {earlier}, {"alerts@example.kz", "Qorgan", "https://example.kz"},
                   1'796'407'000'000'000);
  EXPECT_NE(doc.find("<status>Exercise</status>"), std::string::npos);
  EXPECT_NE(doc.find("<msgType>Update</msgType>"), std::string::npos);
  EXPECT_NE(
      doc.find(
          "<references>alerts@example.kz,qorgan-alert-5,2026-12-04T17:00:00+00:00</references>"),
      std::string::npos);
  EXPECT_NE(doc.find("<headline>[УЧЕНИЯ] Вода &lt;выше&gt; &amp; быстрее</headline>"),
            std::string::npos);
  EXPECT_NE(doc.find("<polygon>43.2,76.9 43.2,77 43.1,77 43.2,76.9</polygon>"), std::string::npos);
  EXPECT_NE(doc.find("<circle>43.18,76.97 2.5</circle>"), std::string::npos);
  EXPECT_NE(doc.find("<web>https://example.kz/ru/alerts/qorgan-alert-7</web>"), std::string::npos);
  EXPECT_EQ(doc.find("<language>en-US</language>"), std::string::npos) << "only languages written";
}

TEST(AlertCap, TheSameAlertGivesTheSameBytes) {
  CapContext c{"alerts@example.kz", "Qorgan", ""};
  EXPECT_EQ(cap_document(sample(), {}, c, 1), cap_document(sample(), {}, c, 1));
}

}  // namespace
}  // namespace qorgan::alerts
