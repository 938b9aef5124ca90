#include "view/i18n.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace qorgan::view {

TEST(Languages, AcceptLanguagePicksTheBestInterfaceLanguage) {
  EXPECT_EQ(pick_language("kk-KZ,kk;q=0.9,ru;q=0.8"), "kk");
  EXPECT_EQ(pick_language("de-DE,de;q=0.9,en;q=0.5,ru;q=0.4"), "en");
  EXPECT_EQ(pick_language("fr"), "ru");
  EXPECT_EQ(pick_language("fr", "kk"), "kk");
  EXPECT_EQ(pick_language(""), "ru");
  EXPECT_EQ(pick_language("*"), "ru");
  EXPECT_EQ(pick_language("EN-gb"), "en");
  EXPECT_EQ(pick_language("ru;q=0, en;q=0.1"), "en");  // q=0 means "not this one"
}

TEST(Languages, AStaffPageTakesTheAccountThenTheCookieThenTheBrowser) {
  EXPECT_EQ(choose_language("kk", "en", "ru-RU"), "kk");
  EXPECT_EQ(choose_language("", "en", "kk-KZ"), "en");
  EXPECT_EQ(choose_language("", "", "kk-KZ,ru;q=0.5"), "kk");
  EXPECT_EQ(choose_language("", "", "de"), "ru");
  EXPECT_EQ(choose_language("de", "xx", "en"), "en");  // not ours: as if absent
}

TEST(Languages, TheScopeSetsThePageLanguageAndRestoresTheOuterOne) {
  EXPECT_EQ(current_language(), "en");
  {
    LanguageScope kk("kk");
    EXPECT_EQ(current_language(), "kk");
    {
      LanguageScope bad("de");
      EXPECT_EQ(current_language(), "en");
    }
    EXPECT_EQ(current_language(), "kk");
  }
  EXPECT_EQ(current_language(), "en");
}

TEST(Catalogue, AServiceMessageIsTranslatedWholeOrByItsKnownBeginning) {
  Catalogue c(
      {{"No such article.", "Такой статьи нет.", "Мұндай мақала жоқ."},
       {"must be one of: ", "должно быть одним из: ", "мынаның бірі болуы керек: "},
       {"is already registered (person ", "уже зарегистрирован (человек ", "тіркелген (адам "}});
  EXPECT_EQ(c.message("kk", "No such article."), "Мұндай мақала жоқ.");
  EXPECT_EQ(c.message("ru", "must be one of: kk, ru"), "должно быть одним из: kk, ru");
  EXPECT_EQ(c.message("kk", "is already registered (person 17)"), "тіркелген (адам 17)");
  EXPECT_EQ(c.message("ru", "Something else entirely."), "Something else entirely.");
  EXPECT_EQ(c.message("en", "No such article."), "No such article.");
}

TEST(Catalogue, AMessageAfterAKnownBeginningIsTranslatedInTurn) {
  Catalogue c(
      {{"The change would break the roster's rules: ", "Изменение нарушило бы правила графика: ",
        "Өзгеріс кесте ережелерін бұзар еді: "},
       {"person \"{}\": only {} h rest before post \"{}\" at {} (minimum {} h)",
        "«{0}»: только {1} ч отдыха перед постом «{2}» в {3} (минимум {4} ч)",
        "«{0}»: «{2}» бекетіндегі {3} ауысымы алдында тек {1} сағ демалыс (ең азы {4} сағ)"},
       {"Unknown field: ", "Неизвестное поле: ", "Белгісіз өріс: "}});
  EXPECT_EQ(c.message("ru",
                      "The change would break the roster's rules: person \"Ким Алина\": only 8.0 h "
                      "rest before post \"Қақпа\" at 2026-12-08 06:00 (minimum 11.0 h)"),
            "Изменение нарушило бы правила графика: «Ким Алина»: только 8.0 ч отдыха перед "
            "постом «Қақпа» в 2026-12-08 06:00 (минимум 11.0 ч)");
  // A value after the beginning stays as it is.
  EXPECT_EQ(c.message("kk", "Unknown field: colour"), "Белгісіз өріс: colour");
}

TEST(Catalogue, AServiceMessageWithNumbersIsTranslatedByItsFormat) {
  Catalogue c({{"must be between {} and {}", "должно быть от {} до {}", "{} және {} аралығында"},
               {"is longer than {} bytes", "длиннее {} байт", "{} байттан ұзын"},
               {"Showing {} of {} people.", "Показаны {1} из {0}.", "{0}/{1}"}});
  EXPECT_EQ(c.message("ru", "must be between -5 and 10000000000000"),
            "должно быть от -5 до 10000000000000");
  EXPECT_EQ(c.message("kk", "is longer than 50 bytes"), "50 байттан ұзын");
  EXPECT_EQ(c.message("ru", "Showing 3 of 7 people."), "Показаны 7 из 3.");
  EXPECT_EQ(c.message("en", "is longer than 50 bytes"), "is longer than 50 bytes");
}

TEST(Catalogue, AServiceMessageWithValuesInsideIsTranslatedByItsFormatKey) {
  Catalogue c(
      {{"No notice {} in activation {}.", "Нет повестки {} в активации {}.",
        "{1} активацияда {0} хабарлама жоқ."},
       {"{}: {}", "{}: {}", "{}: {}"},
       {"at most {}", "не больше {}", "ең көбі {}"},
       {"at most {} in one batch", "не больше {} в одном пакете", "бір пакетте ең көбі {}"}});
  EXPECT_EQ(c.message("ru", "at most 500"), "не больше 500");
  EXPECT_EQ(c.message("ru", "at most 20 in one batch"), "не больше 20 в одном пакете");
  EXPECT_EQ(c.message("ru", "No notice 5 in activation 12."), "Нет повестки 5 в активации 12.");
  EXPECT_EQ(c.message("kk", "No notice 5 in activation 12."), "12 активацияда 5 хабарлама жоқ.");
  EXPECT_EQ(c.message("kk", "No notice  in activation 12."), "No notice  in activation 12.")
      << "every value holds something";
  EXPECT_EQ(c.message("ru", "No notice 5 in activation 12"), "No notice 5 in activation 12");
  EXPECT_EQ(c.message("ru", "Name: Aibek"), "Name: Aibek") << "a key of no words fits nothing";
}

TEST(Catalogue, TranslatesByTheEnglishTextAndFallsBackToIt) {
  Catalogue c({{"Sign out", "Выйти", "Шығу"}, {"Only Russian", "Только по-русски", ""}});
  EXPECT_EQ(c.text("kk", "Sign out"), "Шығу");
  EXPECT_EQ(c.text("ru", "Sign out"), "Выйти");
  EXPECT_EQ(c.text("en", "Sign out"), "Sign out");
  EXPECT_EQ(c.text("kk", "Only Russian"), "Only Russian");
  EXPECT_EQ(c.text("ru", "Unknown"), "Unknown");
}

TEST(Catalogue, TheTemplateLambdaTranslatesAndKeepsValues) {
  Catalogue c({{"{{n}} people", "{{n}} человек", "{{n}} адам"}, {"A & B", "А и Б", "А & Б"}});
  auto dir = testing::TempDir() + "qorgan-i18n-templates";
  std::filesystem::create_directories(dir);
  { std::ofstream(dir + "/page.mustache") << "<p>{{#t}}{{n}} people{{/t}}|{{#t}}A & B{{/t}}</p>"; }
  auto t = Templates::load(dir);
  ASSERT_TRUE(t);
  for (auto [lang, want] : {std::pair{"kk", "<p>&lt;b&gt; адам|А &amp; Б</p>"},
                            std::pair{"ru", "<p>&lt;b&gt; человек|А и Б</p>"},
                            std::pair{"en", "<p>&lt;b&gt; people|A &amp; B</p>"}}) {
    Data d{Data::type::object};
    d.set("n", "<b>");
    d.set("t", translator(c, lang));
    EXPECT_EQ(t->render("page", d), want) << lang;
  }
}

}  // namespace qorgan::view
