#include "portal/text.hpp"

#include <gtest/gtest.h>

#include <tuple>
#include <vector>

namespace qorgan::portal {

TEST(PortalText, RussianAndEnglishFormsShareStems) {
  EXPECT_EQ(search_terms_joined("обороны"), search_terms_joined("оборона"));
  EXPECT_EQ(search_terms_joined("Exercises"), search_terms_joined("exercise"));
  EXPECT_EQ(search_terms_joined("жаттығулар"), search_terms_joined("жаттығу"));
  EXPECT_EQ(search_terms_joined("ЁЛКИ"), search_terms_joined("елка"));
}

// What a reader types and a sentence of an article it must (or must not) find.
TEST(PortalText, SearchFindsTheFormsReadersType) {
  struct Case {
    const char* query;
    const char* text;
    bool found;
  };
  const std::vector<Case> cases{
      // Russian case endings of one noun, each way round.
      {"сирены", "Проверка сиренами прошла", true},
      {"сиренами", "Сирены включат в полдень", true},
      {"сиренам", "Сирены включат в полдень", true},
      {"сирене", "Сирены включат в полдень", true},
      {"сирен", "Проверка сирене не помешала", true},
      // Place-name adjectives find the place, in every case of the adjective.
      {"Медеу", "Учения прошли в Медеуском районе", true},
      {"Медеу", "Аппарат акима Медеуского района", true},
      {"Медеу", "Медеуский район готов", true},
      {"Бостандык", "жители Бостандыкского района", true},
      {"Наурызбай", "в Наурызбайском районе", true},
      {"Алатау", "Алатауская дорога", true},
      // …but a noun in -ском is not read as an adjective.
      {"пои", "Займитесь поиском укрытия", false},
      // Kazakh endings.
      {"жаттығу", "Жаттығуларға қатысыңыз", true},
      {"жаттығулар", "Жаттығудың мақсаты", true},
      {"аудан", "Медеу ауданында жаттығу", true},
      // A different word is not found.
      {"сирены", "Сироты получили помощь", false},
      {"Медеу", "Медицинский пункт открыт", false},
  };
  for (const auto& c : cases)
    EXPECT_EQ(query_matches(c.query, c.text), c.found) << c.query << " in " << c.text;
}

TEST(PortalText, LiveSearchMatchesTheLastWordAsAPrefix) {
  const std::vector<std::tuple<const char*, const char*, bool>> cases{
      {"Меде", "в Медеуском районе", true},
      {"проверка сир", "Проверка сирен в полдень", true},
      {"evacu", "Evacuation routes are open", true},
      {"жатты", "Жаттығулар басталды", true},
      {"пров сирен", "Проверка сирен в полдень", false},  // only the last word is a prefix
  };
  for (auto [q, text, found] : cases)
    EXPECT_EQ(query_matches(q, text, true), found) << q << " in " << text;
  // Typed in full, a part of a word is not the word.
  EXPECT_FALSE(query_matches("жатты", "Жаттығулар басталды"));
}

TEST(PortalText, MarkdownIsInert) {
  auto html = render_markdown(
      "Hi <script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"
      "![p](data:text/html;base64,AAAA)");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_EQ(html.find("onerror"), std::string::npos);
  EXPECT_NE(render_markdown("**bold**").find("<strong>bold</strong>"), std::string::npos);
}

TEST(PortalText, DatesInAlmatyPerLanguage) {
  // 2025-06-07T11:54:00Z is 16:54 in Almaty (UTC+5 since 2024).
  core::Timestamp t = 1749297240LL * 1000000;
  EXPECT_EQ(format_local(t, "en"), "07 June 2025 16:54");
  EXPECT_EQ(format_local(t, "ru"), "07 июня 2025 16:54");
  EXPECT_EQ(format_local(t, "kk"), "07 маусым 2025 16:54");
  EXPECT_EQ(format_iso_local(t), "2025-06-07T16:54:00+05:00");
  EXPECT_EQ(parse_local("2025-06-07T16:54"), t);
  EXPECT_EQ(format_local_input(t), "2025-06-07T16:54");
  EXPECT_FALSE(parse_local("2025-13-07T16:54"));
  EXPECT_FALSE(parse_local("garbage"));
  EXPECT_EQ(format_local_zoned(t, "en", "Asia/Almaty"), "07 June 2025 16:54 (Almaty, UTC+5)");
  EXPECT_EQ(zone_label(t, "Asia/Kolkata"), "Kolkata, UTC+5:30");
  EXPECT_EQ(zone_label(t, "UTC"), "UTC");
}

TEST(PortalText, ViewPlurals) {
  EXPECT_EQ(views_label(1, "ru"), "1 просмотр");
  EXPECT_EQ(views_label(242, "ru"), "242 просмотра");
  EXPECT_EQ(views_label(5, "ru"), "5 просмотров");
  EXPECT_EQ(views_label(21, "ru"), "21 просмотр");
  EXPECT_EQ(views_label(1, "en"), "1 view");
  EXPECT_EQ(views_label(242, "en"), "242 views");
  EXPECT_EQ(views_label(242, "kk"), "242 рет қаралды");
}

TEST(PortalText, SnippetHighlightsInflectedForms) {
  auto s = highlight_snippet("Учения по обороне города пройдут <завтра>.", "оборона");
  EXPECT_NE(s.find("<mark>обороне</mark>"), std::string::npos) << s;
  EXPECT_NE(s.find("&lt;завтра&gt;"), std::string::npos) << s;
}

TEST(PortalText, LineDiff) {
  auto d = line_diff("a\nb\nc", "a\nB\nc");
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[1].op, '+');
  EXPECT_EQ(d[1].text, "B");
  EXPECT_EQ(d[2].op, '-');
}

TEST(PortalText, PlainText) {
  EXPECT_EQ(plain_text("# Title\n\nSome *text* here."), "Title\nSome text here.");
}

}  // namespace qorgan::portal
