#include "portal/demo.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "portal/portal.hpp"
#include "storage/migrations.hpp"

namespace qorgan::portal {

TEST(PortalDemo, LoadsSixtyOriginalArticlesInEveryCategoryAndLanguage) {
  auto dir = std::filesystem::temp_directory_path() / ("portal-demo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    auto db = storage::open_database("sqlite:" + (dir / "demo.db").string());
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(storage::migrate(**db));
    auto n = load_demo_content(**db);
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_GE(*n, 60);
    EXPECT_FALSE(load_demo_content(**db)) << "a second load is refused";

    Portal portal(**db);
    auto all = portal.reader.all_published();
    EXPECT_EQ(int(all.size()), *n);
    std::set<std::string> langs, cats;
    std::map<std::int64_t, int> groups;
    for (const auto& a : all) {
      langs.insert(a.lang);
      cats.insert(a.category_slug);
      groups[a.translation_group]++;
    }
    EXPECT_EQ(langs.size(), 3u);
    EXPECT_EQ(cats.size(), portal.categories.list().size());
    int linked = 0, single = 0;
    for (auto [g, count] : groups) (count > 1 ? linked : single)++;
    EXPECT_GT(linked, 10);
    EXPECT_GT(single, 5);
    SearchQuery q;
    q.q = "укрытий";
    q.lang = "ru";
    EXPECT_FALSE(portal.reader.search(q).empty());
    q.q = "shelter";
    q.lang = "en";
    EXPECT_FALSE(portal.reader.search(q).empty());
    EXPECT_EQ(portal.settings.document()["social"].size(), 5u);

    // Every story has a picture of its own, the same in its translations, described in the
    // article's language; the sections have different scenes, so different descriptions.
    std::map<std::int64_t, std::string> picture_of_group;
    std::set<std::string> pictures;
    std::map<std::string, std::set<std::string>> alts;
    for (const auto& a : all) {
      ASSERT_EQ(a.images.size(), 1u) << a.title;
      const std::string src = a.images[0]["src"].get<std::string>();
      const std::string alt = a.images[0]["alt"].get<std::string>();
      EXPECT_FALSE(alt.empty()) << a.title;
      alts[a.lang].insert(alt);
      auto [it, first] = picture_of_group.try_emplace(a.translation_group, src);
      if (first)
        EXPECT_TRUE(pictures.insert(src).second) << "two stories share " << src;
      else
        EXPECT_EQ(it->second, src) << a.title;
      EXPECT_GT(a.views, 0) << a.title;
    }
    EXPECT_EQ(pictures.size(), groups.size());
    for (const auto& [lang, texts] : alts) EXPECT_EQ(texts.size(), 6u) << lang;
    EXPECT_TRUE(alts["kk"].contains("Діңгектегі хабарлау сиренасы"));
    EXPECT_TRUE(alts["ru"].contains("Схема улиц с маршрутом эвакуации до укрытия"));
  }
  // QORGAN_PORTAL_DEMO_KEEP=1 keeps the database to look at (`qorgan --db sqlite:PATH serve`).
  if (!std::getenv("QORGAN_PORTAL_DEMO_KEEP"))
    std::filesystem::remove_all(dir);
  else
    std::printf("kept %s\n", (dir / "demo.db").c_str());
}

}  // namespace qorgan::portal
