#include "core/escape.hpp"

#include <gtest/gtest.h>

using namespace qorgan::core;

TEST(Escape, MarkupCharactersAreEscaped) {
  EXPECT_EQ(html_escape("<b class=\"x\">Tom & 'Jerry'</b>"),
            "&lt;b class=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;");
  EXPECT_EQ(xml_escape("'a' & <b>"), "&apos;a&apos; &amp; &lt;b&gt;");
}

TEST(Escape, ControlCharactersAreDroppedAndBrokenUtf8Replaced) {
  EXPECT_EQ(html_escape(std::string("a\x01"
                                    "b\x7f"
                                    "c\xff"
                                    "d")),
            "abc\xEF\xBF\xBD"
            "d");
  EXPECT_EQ(html_escape("\xC2\x85x"), "x");  // C1 control (NEL)
  EXPECT_EQ(html_escape("Алматы ✓ 𝄞"), "Алматы ✓ 𝄞");
  // Overlong forms and surrogates are not characters.
  EXPECT_EQ(html_escape("\xE0\x80\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  // A sequence cut short at the end of the text.
  EXPECT_EQ(xml_escape("ok\xD0"), "ok\xEF\xBF\xBD");
  // Line breaks and tabs stay (they are text).
  EXPECT_EQ(xml_escape("a\tb\r\nc"), "a\tb\r\nc");
  // U+FFFE and U+FFFF are not XML characters.
  EXPECT_EQ(xml_escape("x\xEF\xBF\xBEy\xEF\xBF\xBF"), "xy");
}

TEST(Utf8, DecodesAndCounts) {
  std::string_view s = "Aә𝄞\xFFz";
  std::size_t i = 0;
  EXPECT_EQ(next_code_point(s, i).value, U'A');
  EXPECT_EQ(next_code_point(s, i).value, U'ә');
  EXPECT_EQ(next_code_point(s, i).value, U'𝄞');
  auto bad = next_code_point(s, i);
  EXPECT_FALSE(bad.well_formed);
  EXPECT_EQ(bad.value, kReplacement);
  EXPECT_EQ(next_code_point(s, i).value, U'z');
  EXPECT_EQ(i, s.size());
  EXPECT_EQ(code_point_count("Қазақ"), 5u);
  std::string out;
  append_utf8(out, U'ғ');
  EXPECT_EQ(out, "ғ");
}
