#include "portal/reader.hpp"

#include <gtest/gtest.h>

#include "core/test_directory.hpp"
#include "portal/portal.hpp"
#include "storage/test_database.hpp"

namespace qorgan::portal {

namespace {

core::Timestamp at(const char* rfc3339) {
  return *core::parse_rfc3339(rfc3339);
}

}  // namespace

TEST(PortalSearchDates, ADayIsReadOnTheSiteClock) {
  core::Date day{2025, 6, 7};
  EXPECT_EQ(day_bound(day, false, "Asia/Almaty"), at("2025-06-07T00:00:00+05:00"));
  EXPECT_EQ(day_bound(day, true, "Asia/Almaty"), at("2025-06-07T23:59:59+05:00"));
  // Another zone moves both bounds: Moscow is UTC+3, New York on summer time UTC-4.
  EXPECT_EQ(day_bound(day, false, "Europe/Moscow"), at("2025-06-06T21:00:00Z"));
  EXPECT_EQ(day_bound(day, true, "Europe/Moscow"), at("2025-06-07T20:59:59Z"));
  EXPECT_EQ(day_bound(day, false, "America/New_York"), at("2025-06-07T04:00:00Z"));
  EXPECT_EQ(day_bound({2025, 1, 7}, false, "America/New_York"), at("2025-01-07T05:00:00Z"));
  EXPECT_EQ(day_bound(day, true, "UTC"), at("2025-06-07T23:59:59Z"));
  EXPECT_FALSE(day_bound(day, false, "Mars/Olympus_Mons"));
}

TEST(PortalReader, PagesContinueAfterTheirCursorAndRefuseForeignOnes) {
  auto db = storage::open_test_database(core::fresh_test_directory("portal-reader"));
  ASSERT_TRUE(db) << db.error().message;
  Portal portal(**db);
  auth::Principal chief;
  chief.login = "chief";
  chief.role = auth::Role::chief_editor;
  auto actor = auth::Actor::cli("test");
  for (int i = 0; i < 5; ++i) {
    auto a = portal.articles.create(
        chief, actor,
        {{"lang", "en"}, {"category", "news"}, {"title", "Story " + std::to_string(i)}});
    ASSERT_TRUE(a) << a.error().message;
    ASSERT_TRUE(portal.articles.transition(chief, actor, a->id, {{"status", "in_review"}}));
    ASSERT_TRUE(portal.articles.transition(chief, actor, a->id, {{"status", "published"}}));
  }
  PublicQuery q;
  q.lang = "en";
  q.limit = 3;
  auto first = portal.reader.public_list(q);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->items.size(), 3u);
  ASSERT_TRUE(first->next_cursor);
  const auto& last = first->items.back();
  EXPECT_EQ(*first->next_cursor,
            std::to_string(*last.published_at) + "." + std::to_string(last.id));
  q.cursor = first->next_cursor;
  auto second = portal.reader.public_list(q);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->items.size(), 2u);
  EXPECT_FALSE(second->next_cursor);
  EXPECT_LT(second->items.front().id, last.id);

  q.cursor = "not-a-cursor";
  auto bad = portal.reader.public_list(q);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::invalid);
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].field, "cursor");
  // Pages start from the newest instead.
  EXPECT_EQ(portal.reader.published(q).items.size(), 3u);
}

}  // namespace qorgan::portal
