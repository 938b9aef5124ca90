#include "portal/media.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "core/test_directory.hpp"
#include "portal/portal.hpp"
#include "storage/test_database.hpp"

namespace qorgan::portal {

namespace {

// A 2×2 RGB PNG.
const std::string kPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x02\x00\x00\x00"
    "\x02\x08\x02\x00\x00\x00\xfd\xd4\x9a\x73\x00\x00\x00\x11\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf"
    "\xc0\x00\x44\x60\xe2\x3f\x03\x00\x1d\xf0\x03\xfd\xa0\x33\x09\x89\x00\x00\x00\x00\x49\x45\x4e"
    "\x44\xae\x42\x60\x82",
    74);

auth::Principal person(const char* login, auth::Role role) {
  auth::Principal p;
  p.login = login;
  p.role = role;
  return p;
}

}  // namespace

TEST(PortalMedia, TypeComesFromTheContent) {
  EXPECT_EQ(sniff_image("\xFF\xD8\xFF\xE0rest"), "image/jpeg");
  EXPECT_EQ(sniff_image(std::string_view("\x89PNG\r\n\x1A\nrest", 12)), "image/png");
  EXPECT_EQ(sniff_image("GIF89a..."), "image/gif");
  EXPECT_EQ(sniff_image("<svg onload=alert(1)>"), "");
  EXPECT_EQ(sniff_image(""), "");
}

TEST(PortalMedia, AddressesAreUnguessableAndUnpublishedMediaIsForEditorsOnly) {
  auto db = storage::open_test_database(core::fresh_test_directory("portal-media-keys"));
  ASSERT_TRUE(db) << db.error().message;
  Portal portal(**db);
  auto chief = person("chief", auth::Role::chief_editor);
  auto actor = auth::Actor::cli("test");
  auto first = portal.media.upload(chief, actor, kPng, "A red and green square", "");
  auto second = portal.media.upload(chief, actor, kPng, "The same square again", "");
  ASSERT_TRUE(first && second);
  EXPECT_GE(first->key.size(), 22u);
  EXPECT_NE(first->key, second->key);
  EXPECT_FALSE(std::regex_match(first->key, std::regex("[0-9]+")));
  EXPECT_FALSE(portal.media.file(std::to_string(first->id), "large", true)) << "ids are no address";

  // An article picks the image by id; it is stored under the key.
  auto a = portal.articles.create(
      chief, actor,
      {{"lang", "en"},
       {"category", "news"},
       {"title", "Shelters of the district"},
       {"body", "A second picture: ![square](/media/" + std::to_string(second->id) + "/thumb)"},
       {"images", core::Json::array({{{"media_id", first->id}, {"alt", "A square"}}})}});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->images[0]["src"], media_path(first->key, "large"));
  EXPECT_NE(a->body.find(media_path(second->key, "thumb")), std::string::npos) << a->body;

  // A draft's images exist for editors only.
  EXPECT_FALSE(portal.media.file(first->key, "large", false));
  auto draft_view = portal.media.file(first->key, "large", true);
  ASSERT_TRUE(draft_view);
  EXPECT_FALSE(draft_view->published);

  ASSERT_TRUE(portal.articles.transition(chief, actor, a->id, {{"status", "in_review"}}));
  ASSERT_TRUE(portal.articles.transition(chief, actor, a->id, {{"status", "published"}}));
  auto shown = portal.media.file(first->key, "large", false);
  ASSERT_TRUE(shown);
  EXPECT_TRUE(shown->published);
  EXPECT_TRUE(portal.media.file(second->key, "thumb", false)) << "images in the body count too";

  ASSERT_TRUE(portal.articles.transition(chief, actor, a->id, {{"status", "unpublished"}}));
  EXPECT_FALSE(portal.media.file(first->key, "large", false));

  // An edit that drops the body's image stops showing it.
  ASSERT_TRUE(portal.articles.transition(chief, actor, a->id, {{"status", "published"}}));
  ASSERT_TRUE(portal.articles.update(chief, actor, a->id, {{"body", "No picture now."}}));
  EXPECT_TRUE(portal.media.file(first->key, "large", false));
  EXPECT_FALSE(portal.media.file(second->key, "thumb", false));
}

TEST(PortalMedia, ReferencesWrittenBeforeKeysAreRewrittenOnce) {
  auto dir = core::fresh_test_directory("portal-media-legacy");
  auto db = storage::open_database("sqlite:" + (dir / "t.db").string());
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(storage::migrate(**db, kKeyedMediaMigration - 1));
  auto seeded = (*db)->write([](storage::Tx& tx) -> core::Result<int> {
    for (int i = 0; i < 2; ++i) {
      auto id = tx.one(
                      "INSERT INTO portal_media (mime, width, height, alt, caption, bytes, "
                      "created_by, created_at) VALUES ('image/png', 2, 2, 'old', '', 74, 'x', 0) "
                      "RETURNING id")
                    .i64(0);
      for (const char* v : {"original", "large", "thumb"})
        tx.exec(
            "INSERT INTO portal_media_variants (media_id, variant, mime, width, height, data) "
            "VALUES ($1, $2, 'image/png', 2, 2, $3)",
            {id, std::string(v), storage::Blob{kPng}});
    }
    tx.exec(
        "INSERT INTO portal_articles (lang, translation_group, slug, category_id, title, body, "
        "images, status, published_at, created_by, created_at, updated_at) VALUES ('en', 1, "
        "'old', (SELECT id FROM portal_categories WHERE slug = 'news'), 'Old', "
        "'See ![map](/media/1/large) and /media/77/large.', "
        "'[{\"src\":\"/media/1/thumb\",\"alt\":\"m\",\"caption\":\"\"}]', 'published', 1, 'x', "
        "0, 0)");
    return 0;
  });
  ASSERT_TRUE(seeded) << seeded.error().message;
  ASSERT_TRUE(storage::migrate(**db));
  auto changed = key_legacy_media(**db);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, 1);
  auto keys = (*db)->read([](storage::Tx& tx) {
    std::vector<std::string> out;
    for (const auto& r : tx.query("SELECT public_key FROM portal_media ORDER BY id"))
      out.push_back(r.str(0));
    return out;
  });
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_TRUE(std::regex_match(keys[0], std::regex("[0-9a-f]{32}")));
  EXPECT_NE(keys[0], keys[1]);
  auto [body, images] = (*db)->read([](storage::Tx& tx) {
    auto r = tx.one("SELECT body, images FROM portal_articles");
    return std::pair{r.str(0), r.str(1)};
  });
  EXPECT_EQ(body, "See ![map](/media/" + keys[0] + "/large) and /media/77/large.")
      << "an unknown id is left as it was";
  EXPECT_NE(images.find("/media/" + keys[0] + "/thumb"), std::string::npos) << images;

  Portal portal(**db);
  EXPECT_TRUE(portal.media.file(keys[0], "large", false)) << "a published article shows it";
  EXPECT_FALSE(portal.media.file(keys[1], "large", false)) << "nothing shows it";
  EXPECT_EQ(*key_legacy_media(**db), 0) << "a second run changes nothing";
}

}  // namespace qorgan::portal
