// The writer must print exactly what core::Json's dump() prints (the API's bytes must not change
// when a view switches from building a tree to writing text).
#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

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

// write_json_string() looks at a string of 4 to 16 bytes as two words, and checks a string of
// two-byte letters four letters at a time: every length, with a byte that breaks either at every
// position, is written as dump() writes it.
TEST(JsonWriter, ShortStringsAndLettersAreWrittenAsDumpWritesThem) {
  auto write = [](std::string_view s) {
    std::string out(json_string_room(s), '\0');
    out.resize(size_t(write_json_string(out.data(), s) - out.data()));
    return out;
  };
  for (const std::string& odd : std::initializer_list<std::string>{
           "\"", "\\", "\n", std::string("\0", 1), "a", " ", "\xC0\xB0", "\xC1\xBF", "\xD0\x41",
           "\x80\x80", "\xD0\xD0", "\xE2\x80\x94", "\xF0\x9F\x98\x80", "\xFF", "\xD0", "\xC2\x80"})
    for (size_t letters = 0; letters <= 12; ++letters)
      for (size_t at = 0; at <= letters; ++at) {
        std::string s;
        for (size_t i = 0; i < letters; ++i) s += i == at ? odd : (i % 3 ? "Қ" : "ж");
        if (at == letters) s += odd;
        EXPECT_EQ(write(s), dumped(Json(s))) << s;
        std::string ascii(letters, 'x');
        ascii.insert(at, odd);
        EXPECT_EQ(write(ascii), dumped(Json(ascii))) << ascii;
      }
  for (std::string s : {"Әбенов", "Ахметов", "Серикбаева", "Нұрсұлтан", "ab", "abc", "2026-01-01"})
    EXPECT_EQ(write(s), dumped(Json(s))) << s;
}

// A string found plain is one that dump() writes as itself between quotes, and no other: a list
// text so marked when stored is copied, not checked, when written.
TEST(JsonWriter, APlainStringIsOneWrittenAsItself) {
  auto as_itself = [](const std::string& s) { return dumped(Json(s)) == '"' + s + '"'; };
  for (const std::string& odd : std::initializer_list<std::string>{
           "\"", "\\", "\n", std::string("\0", 1), "\x1f", "\x7f", "a", " ", "\xC0\xB0", "\xD0\x41",
           "\x80\x80", "\xD0\xD0", "\xE2\x80\x94", "\xF0\x9F\x98\x80", "\xFF", "\xD0",
           "\xED\xA0\x80", "\xE2\x82"})
    for (size_t letters = 0; letters <= 20; ++letters)
      for (size_t at = 0; at <= letters; ++at) {
        std::string s;
        for (size_t i = 0; i < letters; ++i) s += i == at ? odd : (i % 3 ? "Қ" : "ж");
        if (at == letters) s += odd;
        EXPECT_EQ(json_string_plain(s), as_itself(s)) << s;
        std::string ascii(letters, 'x');
        ascii.insert(at, odd);
        EXPECT_EQ(json_string_plain(ascii), as_itself(ascii)) << ascii;
      }
  for (std::string s : {"", "Әбенов", "+77011234567", "a@b.kz", "1990-03-11", "kk"})
    EXPECT_TRUE(json_string_plain(s)) << s;
  for (std::string s : {"Ер\"лан", "a\\b", "Дана\t", "ok\xED\xA0\x80", "\xC3\x28"})
    EXPECT_FALSE(json_string_plain(s)) << s;
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

// Rounded numbers are written from their integers, yet must read as dump() prints the rounded
// double: whole numbers with ".0", no exponent, negative zero kept, null for what is not finite.
// The same double always; the same text too, except where dump()'s digit search gives 17 digits
// for a value that has fewer (found only at 4 places from 10,000 up, about 1 in 2,000 there).
TEST(JsonWriter, RoundedNumbersMatchDumpOfTheRoundedDouble) {
  std::vector<double> xs{0.0,        -0.0,    0.04,      -0.04,         0.05,    0.15,
                         1.0 / 3,    2.0 / 3, 0.00014,   0.00005,       7.25,    99.95,
                         0.09999,    10000.0, 1e9 + 0.3, 123456789.987, -12.345, 1e14,
                         67354.3197, 3e15,    1e300,     -7e20};
  for (int i = 0; i < 5000; ++i) xs.push_back(i * 0.0137 + i * i * 0.31 - 2000);
  for (int i = 0; i <= 20000; ++i) xs.push_back(double(i) / 20000);  // every share to 4 places
  for (int places = 0; places <= 4; ++places) {
    const double scale = std::pow(10.0, places);
    for (double x : xs) {
      std::string out;
      append_json_rounded(out, x, places);
      const Json expected = std::round(x * scale) / scale;
      const Json read = Json::parse(out);
      EXPECT_EQ(read, expected) << out;
      EXPECT_EQ(std::signbit(read.get<double>()), std::signbit(expected.get<double>())) << out;
      if (places < 4 || std::fabs(x) < 10000) {
        EXPECT_EQ(out, expected.dump()) << x << " to " << places;
      }
    }
  }
  for (double x : {std::nan(""), double(INFINITY), -double(INFINITY)}) {
    std::string out;
    JsonWriter(out).rounded(x, 1);
    EXPECT_EQ(out, "null");
  }
  std::string out;
  EXPECT_THROW(append_json_rounded(out, 1.5, 5), std::invalid_argument);
  EXPECT_THROW(append_json_rounded(out, 1.5, -1), std::invalid_argument);
}
