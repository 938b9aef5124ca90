// A list's cursor is the text base64url_encode() makes of the last row's id and sort value, and
// parse_list_params() reads back what it holds.
#include "core/paging.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "core/crypto.hpp"

using namespace qorgan::core;

TEST(Paging, ACursorIsTheBase64urlOfItsIdAndValueAndReadsBack) {
  const std::vector<SortOption> sorts{{"name", "search_key", false}};
  for (std::int64_t id :
       {std::int64_t{0}, std::int64_t{7}, std::int64_t{-1}, std::int64_t{499999},
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()})
    for (size_t n = 0; n <= 40; ++n) {
      std::string value;
      for (size_t i = 0; i < n; ++i)
        value += i % 4 == 0 ? "ж" : std::string(1, char(0x20 + (i * 37 + n) % 0xDF));
      const auto cursor = make_cursor(value, id);
      EXPECT_EQ(cursor, base64url_encode(std::to_string(id) + "\n" + value)) << id << " " << n;
      ListQuery q;
      q.cursor = cursor;
      auto p = parse_list_params(q, sorts);
      ASSERT_TRUE(p) << cursor;
      EXPECT_EQ(p->after_id, id);
      EXPECT_EQ(p->after_value, value);
    }
}
