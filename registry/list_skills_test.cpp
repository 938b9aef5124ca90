// A person's skills are kept on their row too (people.skills_text, migration 0101), where
// both engines' lists read them: skills stored before the migration are written there by it exactly
// as the store writes them for a new person, and both are listed as stored. On SQLite, and on
// PostgreSQL when QORGAN_TEST_PG names a server.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "registry/registry.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::registry;
using core::Json;

namespace {

// Names that look like the stored form itself ("<bytes>:<text>", "-" for no date), and a
// two-byte letter, whose bytes and characters differ.
const Json kSkills = Json::array(
    {Json{{"skill", "12:x-"}, {"qualified_on", "2020-01-02"}},
     Json{{"skill", "-"}, {"expires_on", "2099-12-31"}},
     Json{{"skill", "ұшқыш 3"}, {"qualified_on", "1999-05-05"}, {"expires_on", "2001-01-01"}}});

void check_upgrade(storage::Database& db) {
  const auto key = core::MasterKey::generate();
  // As stored before migration 0101: the skills rows, in an id order that is not their names'.
  db.write([&](storage::Tx& tx) -> core::Status {
    tx.exec(
        "INSERT INTO regions (id, path, code, level, name_kk, name_ru, name_en, search_key, "
        "created_at, updated_at) VALUES (1, '/1/', 'C1', 'city', 'a', 'a', 'a', 'a', 0, 0)");
    tx.exec(
        "INSERT INTO people (id, family_name, given_name, search_key, birth_date, iin_sealed, "
        "iin_index, region_id, status, created_at, updated_at, list_kinds) VALUES (1001, 'Әлиев', "
        "'Ерлан', 'әлиев ерлан', '1990-03-11', $1, 'index-1', 1, 'active', 0, 0, 1), (1002, "
        "'Бекова', 'Дана', 'бекова дана', '1991-04-12', $2, 'index-2', 1, 'active', 0, 0, 0)",
        {core::seal(key, "people.iin", "900311300011"),
         core::seal(key, "people.iin", "910412400012")});
    for (const auto& s : kSkills)
      tx.exec(
          "INSERT INTO person_skills (person_id, skill, qualified_on, expires_on) VALUES (1001, "
          "$1, "
          "$2, $3)",
          {s["skill"].get<std::string>(),
           s.contains("qualified_on") ? storage::Value(s["qualified_on"].get<std::string>())
                                      : storage::Value(),
           s.contains("expires_on") ? storage::Value(s["expires_on"].get<std::string>())
                                    : storage::Value()});
    return {};
  });
  auto applied = storage::migrate(db);
  ASSERT_TRUE(applied) << applied.error().message;
  ASSERT_FALSE(applied->empty());
  EXPECT_EQ(applied->front(), 101);

  Registry reg(db, key);
  auth::Principal admin;
  admin.role = auth::Role::admin;
  // The same skills given to a new person: the store's text is the migration's.
  auto added = reg.people.create(admin, auth::Actor{},
                                 Json{{"family_name", "Әлиева"},
                                      {"given_name", "Ерлан"},
                                      {"birth_date", "1990-01-01"},
                                      {"iin", "900101300017"},
                                      {"region_id", 1},
                                      {"status", "active"},
                                      {"skills", kSkills}});
  ASSERT_TRUE(added) << added.error().message;
  auto text_of = [&](std::int64_t id) {
    return db.read([&](storage::Tx& tx) {
      return tx.one("SELECT skills_text FROM people WHERE id = $1", {id}).opt_str(0);
    });
  };
  EXPECT_EQ(text_of(1001),
            "5:12:x-10:2020-01-02-1:--10:2099-12-3112:ұшқыш 310:1999-05-0510:2001-01-01");
  EXPECT_EQ(text_of(1002), std::nullopt);
  EXPECT_EQ(text_of(added->id), text_of(1001));

  core::ListQuery query;
  auto params = core::parse_list_params(query, People::sorts());
  ASSERT_TRUE(params);
  PersonFilter filter;
  filter.region = 1;
  filter.status = "active";
  auto page = reg.people.list(admin, filter, *params);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->items.size(), 3u);
  for (const auto& p : page->items) {
    auto one = reg.people.get(admin, p.id);
    ASSERT_TRUE(one);
    ASSERT_EQ(p.skills.size(), one->skills.size()) << p.family_name;
    for (size_t i = 0; i < p.skills.size(); ++i) {
      EXPECT_EQ(p.skills[i].skill, one->skills[i].skill);
      EXPECT_EQ(p.skills[i].qualified_on, one->skills[i].qualified_on);
      EXPECT_EQ(p.skills[i].expires_on, one->skills[i].expires_on);
      EXPECT_EQ(p.skills[i].expired, one->skills[i].expired);
    }
    if (p.id == 1002) continue;
    ASSERT_EQ(p.skills.size(), 3u);
    EXPECT_EQ(p.skills[0].skill, "12:x-");
    EXPECT_EQ(p.skills[1].skill, "-");
    EXPECT_EQ(p.skills[1].qualified_on, std::nullopt);
    EXPECT_EQ(p.skills[2].skill, "ұшқыш 3");
    EXPECT_TRUE(p.skills[2].expired);
  }

  // The skill filter lists who holds the skill, also where its name is written inside another
  // skill's name on the row (PostgreSQL's list looks for it in the row's text first), and not who
  // holds it expired.
  auto holders = [&](const std::string& skill) {
    PersonFilter f = filter;
    f.skill = skill;
    auto listed = reg.people.list(admin, f, *params);
    EXPECT_TRUE(listed) << listed.error().message;
    std::set<std::int64_t> ids;
    if (listed)
      for (const auto& p : listed->items) ids.insert(p.id);
    return ids;
  };
  EXPECT_EQ(holders("12:x-"), (std::set<std::int64_t>{1001, added->id}));
  EXPECT_EQ(holders("-"), (std::set<std::int64_t>{1001, added->id}));
  EXPECT_TRUE(holders("x-").empty());
  EXPECT_TRUE(holders("ұшқыш 3").empty());
}

TEST(PeopleListSkills, SkillsStoredBeforeTheMigrationAreListedAsTheStoreWritesThem) {
  auto dir = core::fresh_test_directory("qorgan-list-skills");
  auto db = storage::open_test_database(dir, 100);
  ASSERT_TRUE(db) << db.error().message;
  check_upgrade(**db);
  std::filesystem::remove_all(dir);
}

TEST(PeopleListSkills, SkillsStoredBeforeTheMigrationAreListedAsTheStoreWritesThemOnPostgres) {
  auto server = storage::test_postgres_server();
  if (!server) GTEST_SKIP() << "QORGAN_TEST_PG is not set";
  auto db = storage::open_test_postgres(*server, "list_skills", 100);
  ASSERT_TRUE(db) << db.error().message;
  check_upgrade(**db);
}

}  // namespace
