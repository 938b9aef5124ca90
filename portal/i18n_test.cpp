#include "portal/i18n.hpp"

#include <gtest/gtest.h>

namespace qorgan::portal {

TEST(PortalLanguage, AcceptLanguagePicksTheBestSiteLanguage) {
  EXPECT_EQ(pick_language("kk-KZ,kk;q=0.9,ru;q=0.8"), "kk");
  EXPECT_EQ(pick_language("de-DE,de;q=0.9,en;q=0.5,ru;q=0.4"), "en");
  EXPECT_EQ(pick_language("fr"), "ru");
  EXPECT_EQ(pick_language(""), "ru");
  EXPECT_EQ(pick_language("EN-gb"), "en");
}

TEST(PortalLanguage, EveryLanguageHasEveryString) {
  for (const char* lang : {"kk", "ru"})
    for (auto it = ui_strings("en").begin(); it != ui_strings("en").end(); ++it)
      EXPECT_TRUE(ui_strings(lang).contains(it.key())) << lang << " lacks " << it.key();
}

}  // namespace qorgan::portal
