#include "portal/articles.hpp"

#include <gtest/gtest.h>

#include "core/test_directory.hpp"
#include "portal/portal.hpp"
#include "storage/test_database.hpp"

namespace qorgan::portal {

TEST(PortalArticles, AScheduledArticleIsPublishedWhenItsTimeComesAndListenersHear) {
  auto db = storage::open_test_database(core::fresh_test_directory("portal-articles"));
  ASSERT_TRUE(db) << db.error().message;
  Portal portal(**db);
  int heard = 0;
  auto subscription = portal.changes.subscribe([&heard] { ++heard; });
  auth::Principal editor, chief;
  editor.login = "editor";
  editor.role = auth::Role::editor;
  chief.login = "chief";
  chief.role = auth::Role::chief_editor;
  auto actor = auth::Actor::cli("test");

  auto a = portal.articles.create(
      editor, actor, {{"lang", "ru"}, {"category", "notices"}, {"title", "Проверка сирен"}});
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(portal.articles.transition(editor, actor, a->id, {{"status", "in_review"}}));
  auto denied = portal.articles.transition(editor, actor, a->id, {{"status", "published"}});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, core::ErrorCode::forbidden);

  auto when = core::now_us() + 60'000'000;
  auto scheduled = portal.articles.transition(
      chief, actor, a->id, {{"status", "scheduled"}, {"scheduled_at", core::format_rfc3339(when)}});
  ASSERT_TRUE(scheduled) << scheduled.error().message;
  EXPECT_EQ(heard, 0) << "nothing public changed yet";
  EXPECT_EQ(portal.articles.publish_due(when - 1'000'000), 0);
  EXPECT_FALSE(portal.reader.published_by_id(a->id));

  EXPECT_EQ(portal.articles.publish_due(when), 1);
  EXPECT_EQ(heard, 1);
  auto published = portal.reader.published_by_id(a->id);
  ASSERT_TRUE(published);
  EXPECT_EQ(published->published_at, (when / 1'000'000) * 1'000'000);
  EXPECT_EQ(portal.articles.publish_due(when), 0) << "published once";
  SearchQuery q;
  q.q = "сирены";
  EXPECT_EQ(portal.reader.search(q).size(), 1u);

  auto revisions = portal.articles.revisions(a->id);
  ASSERT_TRUE(revisions);
  EXPECT_EQ(revisions->size(), 1u);
}

}  // namespace qorgan::portal
