// The writer must print exactly what core::Json's dump() prints (the API's bytes must not change
// when a view switches from building a tree to writing text).
#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

using namespace qorgan::core;

namespace {
std::string dumped(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}
std::string written(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}
}  // namespace

TEST(JsonWriter, StringsAreEscapedAsDumpEscapesThem) {
  std::string every_ascii;
  for (int c = 1; c < 128; ++c) every_ascii += char(c);
  for (const std::string& s : {std::string(), every_ascii, std::string("\0x", 2),
                               std::string("Тулеев Ерлан «Қорған» 😀 \u2028 /slash"),
                               std::string("quote\" back\\slash\ttab\nline\x7f"),
                               std::string("Әбенов"), std::string("Әбенов \"Нұр\"\n")})
    EXPECT_EQ(written(s), dumped(Json(s))) << s;
}

// Strings are scanned eight bytes at a time: a byte that needs escaping, or a non-ASCII one, is
// found at every position of a word and of the tail after the last whole word.
TEST(JsonWriter, EveryPositionOfALongStringIsChecked) {
  for (const std::string& odd : std::initializer_list<std::string>{
           "\"", "\\", "\n", std::string("\0", 1), "\x1f", "\x7f", " ", "\xFF", "Қ", "\xD0"})
    for (size_t len = 1; len <= 24; ++len)
      for (size_t at = 0; at < len; ++at) {
        std::string s(len, 'a');
        s.replace(at, 1, odd);
        EXPECT_EQ(written(s), dumped(Json(s))) << s;
      }
}

TEST(JsonWriter, InvalidUtf8IsReplacedAsDumpReplacesIt) {
  for (std::string s : {"\xC3\x28", "ok\xED\xA0\x80", "\xC0\xAF", "abc\xE2\x82", "\xFF\xFEz"})
    EXPECT_EQ(written(s), dumped(Json(s)));
}

TEST(JsonWriter, NestedValuesMatchDump) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a").begin_array().value(1).value(INT64_MIN).value(true).value(nullptr);
  w.begin_object().end_object().begin_array().end_array().end_array();
  w.key("b").value(std::optional<std::string>());
  w.key("c").value(std::optional<std::string>("x"));
  w.key("d").begin_object().key("e").value(false).key("f").raw("[1,2]").end_object();
  w.end_object();
  Json j{{"a", {1, INT64_MIN, true, nullptr, Json::object(), Json::array()}},
         {"b", nullptr},
         {"c", "x"},
         {"d", {{"e", false}, {"f", {1, 2}}}}};
  EXPECT_EQ(out, dumped(j));
}
