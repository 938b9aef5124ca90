#include "core/json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace qorgan::core {
namespace {

std::string nested(int depth) {
  return std::string(std::size_t(depth), '[') + std::string(std::size_t(depth), ']');
}

// {"a": <arrays nested depth - 1 deep>}: `depth` levels in all.
std::string object_nested(int depth) {
  return R"({"a":)" + nested(depth - 1) + "}";
}

TEST(ParseJsonObject, AcceptsNestingUpToTheLimit) {
  auto j = parse_json_object(object_nested(kMaxJsonDepth));
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_TRUE((*j)["a"].is_array());
}

TEST(ParseJsonObject, RefusesNestingPastTheLimitNamingIt) {
  for (int depth : {kMaxJsonDepth + 1, 100000}) {
    auto j = parse_json_object(object_nested(depth));
    ASSERT_FALSE(j) << depth;
    EXPECT_EQ(j.error().code, ErrorCode::invalid);
    EXPECT_EQ(j.error().message, "The body's arrays and objects are nested deeper than 64 levels.");
  }
  EXPECT_FALSE(parse_json_object(R"({"a":)" + std::string(100000, '{')));
}

TEST(ParseJsonObject, BracketsInsideStringsAreNotNesting) {
  auto j = parse_json_object(R"({"a":")" + std::string(200, '[') + R"(\"{{{{"})");
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_EQ((*j)["a"].get<std::string>().size(), 205U);
}

TEST(ParseJsonObject, AnEscapedBackslashEndsItsEscape) {
  // "\\" is a whole string; the brackets after it are nesting.
  auto j = parse_json_object(R"({"a":"\\","b":)" + nested(kMaxJsonDepth) + "}");
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().message.find("nested deeper than 64 levels"), std::string::npos);
}

TEST(ParseJsonObject, RefusesWhatIsNotAJsonObject) {
  EXPECT_EQ(parse_json_object("[1]").error().message, "The body must be a JSON object.");
  EXPECT_EQ(parse_json_object("{").error().message, "The body is not valid JSON.");
  EXPECT_EQ(parse_json_object("\"\xff\"").error().message, "The body is not valid UTF-8.");
}

}  // namespace
}  // namespace qorgan::core
