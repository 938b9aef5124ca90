#include "core/text.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

using namespace qorgan::core;

TEST(Fold, CyrillicCaseAndYo) {
  EXPECT_EQ(fold("ЁЛКА"), fold("елка"));
  EXPECT_EQ(fold("Алматы"), "алматы");
}

TEST(Fold, KazakhLetters) {
  EXPECT_EQ(fold("ҚАЗАҚСТАН ӘҢҒҮҰӨҺІ"), "қазақстан әңғүұөһі");
}

TEST(Fold, LatinAndCompatibility) {
  EXPECT_EQ(fold("ＡＢＣ Straße"), "abc strasse");
}

TEST(Utf8, Validity) {
  EXPECT_TRUE(valid_utf8("Қорған"));
  EXPECT_FALSE(valid_utf8("\xC3\x28"));
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));  // a UTF-16 surrogate
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(valid_utf8("abc\xE2\x82"));   // truncated
  EXPECT_FALSE(valid_utf8("\xD0\x41"));      // a two-byte lead without its second byte
  EXPECT_FALSE(valid_utf8("ab\xD0"));        // likewise, at the end
}

TEST(Slug, Transliterates) {
  EXPECT_EQ(slugify("Учения в Алматы 2026"), "ucheniya-v-almaty-2026");
  EXPECT_EQ(slugify("  Hello, World!  "), "hello-world");
  EXPECT_EQ(slugify_legacy("Учения в Алматы 2026"), "ucenia-v-almaty-2026");
}

// Each letter that a plain Latin-ASCII fold loses or mangles, alone at the start of a word.
TEST(Slug, RomanisesEachSpecialCyrillicLetter) {
  const std::vector<std::pair<const char*, const char*>> russian{
      {"Штаб", "shtab"},     {"Щит", "shchit"}, {"Что", "chto"},   {"Жара", "zhara"},
      {"Цех", "tsekh"},      {"Мы", "my"},      {"Эхо", "ekho"},   {"Юг", "yug"},
      {"Яма", "yama"},       {"Ёж", "yezh"},    {"Хлеб", "khleb"}, {"Подъезд", "podyezd"},
      {"Детский", "detskiy"}};
  for (auto [in, out] : russian) EXPECT_EQ(slugify(in, "ru"), out) << in;
  const std::vector<std::pair<const char*, const char*>> kazakh{
      {"Әке", "ake"},   {"Ғалым", "ghalym"},  {"Қала", "qala"},     {"Аң", "ang"},
      {"Өзен", "ozen"}, {"Ұлт", "ult"},       {"Үкімет", "ukimet"}, {"Һижра", "hizhra"},
      {"Іле", "ile"},   {"Шығыс", "shyghys"}, {"Жол", "zhol"},      {"Ёж", "ezh"}};
  for (auto [in, out] : kazakh) EXPECT_EQ(slugify(in, "kk"), out) << in;
  // Kazakh letters in a Russian text are still romanised, not dropped.
  EXPECT_EQ(slugify("Штаб в Қонаеве", "ru"), "shtab-v-qonayeve");
  EXPECT_EQ(slugify("Қорған", "en"), "qorghan");
}

TEST(Trim, Spaces) {
  EXPECT_EQ(trim("  x y \t"), "x y");
}

TEST(LikeEscape, Metacharacters) {
  EXPECT_EQ(like_escape("50%_a\\"), "50\\%\\_a\\\\");
}

TEST(Trim, UnicodeSpacesAndAsciiFastPath) {
  EXPECT_EQ(trim("\xC2\xA0Алматы\xE2\x80\xAF"), "Алматы");
  EXPECT_EQ(trim("\t plain \n"), "plain");
  EXPECT_EQ(trim("Қ"), "Қ");
}

namespace qorgan::core {

// Names as staff type them: the romanisations people use for Kazakh and Russian names meet the
// Cyrillic record, and a whole query matches inside a longer name.
TEST(NameKey, CyrillicAndLatinSpellingsMeet) {
  struct Case {
    const char* latin;
    const char* cyrillic;
  } cases[] = {{"Abdrakhmanov", "Абдрахманов"},
               {"Abdrahmanov", "Абдрахманов"},
               {"Zhetysu", "Жетысу"},
               {"Zhetysu", "Жетісу"},
               {"Yerlan", "Ерлан"},
               {"Aleksey", "Алексей"},
               {"Pyotr", "Пётр"},
               {"Tsoy", "Цой"},
               {"Shchukin", "Щукин"},
               {"Chernykh", "Черных"},
               {"Yulia", "Юлия"},
               {"Qairat", "Қайрат"},
               {"Ongar", "Өңгар"},
               {"Uly", "Ұлы"},
               {"Nurlybek", "Нұрлыбек"},
               {"Aisha", "Айша"},
               {"Asel", "Әсел"},
               {"Gani", "Ғани"}};
  for (const auto& c : cases) {
    EXPECT_EQ(name_key(c.latin), name_key(c.cyrillic)) << c.latin << " / " << c.cyrillic;
    EXPECT_FALSE(name_key(c.latin).empty()) << c.latin;
  }
  EXPECT_NE(name_key("Abdrakhmanov Erlan").find(name_key("abdrakhmanov")), std::string::npos);
  EXPECT_NE(name_key("Иванов"), name_key("Абдрахманов"));
  EXPECT_EQ(name_key("  Ким-Ли,  Анна  "), "kim li anna");
}

}  // namespace qorgan::core
