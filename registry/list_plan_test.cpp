// How much of the people table a page of PostgreSQL's list reads, where the plan is the one a
// server settles on (the generic plan of the prepared statement). At 10 million people a region
// whose names lie late in the alphabet, or that holds nobody, was listed by walking everyone in
// name order, and a region's page with a skill probed person_skills for each of the region's
// people: requests that ran for seconds and timed out. The rows a page reads are counted by
// PostgreSQL in the transaction (pg_stat_xact_user_tables), not timed. Runs when QORGAN_TEST_PG
// names a server.
#include <gtest/gtest.h>

#include "registry/person_store.hpp"
#include "registry/registry.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::registry;

namespace {

constexpr int kRegions = 20, kPerRegion = 1000, kMedics = 10, kCityDistricts = 4;
constexpr std::int64_t kEmptyRegion = kRegions + 1, kLateRegion = 1, kCity = 100;

// kRegions districts of kPerRegion people each, the first kCityDistricts of them in city kCity,
// and one district that holds nobody. Region r's names sort after those of every region above r, so
// region 1's come last. The first kMedics people by id (in region 1) are medics; everyone else is a
// cook. Birth dates and creation times are scattered over the regions, some shared.
void fill(storage::Database& db) {
  db.write([&](storage::Tx& tx) -> core::Status {
    tx.exec(
        "INSERT INTO regions (id, path, code, level, name_kk, name_ru, name_en, search_key, "
        "created_at, updated_at) VALUES ($1::bigint, '/' || $1::bigint || '/', 'C', 'city', 'a', "
        "'a', 'a', 'a', "
        "0, 0)",
        {kCity});
    tx.exec(
        "INSERT INTO regions (id, parent_id, path, code, level, name_kk, name_ru, name_en, "
        "search_key, created_at, updated_at) SELECT r, CASE WHEN r <= $2 THEN $3::bigint END, CASE "
        "WHEN r <= $2 THEN '/' || $3::bigint || '/' ELSE '/' END || r || '/', 'D' || r, "
        "'district', 'a', 'a', "
        "'a', 'a', 0, 0 FROM generate_series(1, $1) r",
        {std::int64_t(kEmptyRegion), std::int64_t(kCityDistricts), kCity});
    tx.exec(
        "INSERT INTO people (id, family_name, given_name, search_key, birth_date, iin_sealed, "
        "iin_index, region_id, status, created_at, updated_at, list_kinds, skills_text) "
        "SELECT n, 'Family' || n, 'Given', lpad(($1 + 1 - r)::text, 3, '0') || ' family' || "
        "lpad(n::text, 6, '0'), to_char(date '1960-01-01' + n * 7919 % 9973, 'YYYY-MM-DD'), "
        "'sealed', 'index-' || n, r, (ARRAY['reservist', 'volunteer', 'active', "
        "'unavailable'])[1 + n % 4], n * 104729 % 10007, n, "
        "1, CASE WHEN n <= $3 THEN '5:medic--' ELSE '4:cook--' END FROM generate_series(1, $1) r, "
        "generate_series(1, $2) i, LATERAL (SELECT (r - 1) * $2 + i AS n) k",
        {std::int64_t(kRegions), std::int64_t(kPerRegion), std::int64_t(kMedics)});
    tx.exec(
        "INSERT INTO person_skills (person_id, skill) SELECT id, CASE WHEN id <= $1 THEN 'medic' "
        "ELSE 'cook' END FROM people",
        {std::int64_t(kMedics)});
    tx.exec("ANALYZE people");
    tx.exec("ANALYZE person_skills");
    return {};
  });
}

struct Read {
  std::vector<std::int64_t> ids;
  std::int64_t people_rows = 0;   // rows of people read, by any scan
  std::int64_t skill_probes = 0;  // index scans of person_skills
};

// The page of `q` (50 people, in name order unless `sort` says otherwise, after `cursor`) and
// what reading it took.
Read page(storage::Database& db, person_store::Query q, std::optional<std::string> sort = {},
          std::optional<std::string> cursor = {}) {
  q.with_iin = false;
  q.today = "2026-01-01";
  core::ListQuery query;
  query.sort = std::move(sort);
  query.cursor = std::move(cursor);
  auto params = core::parse_list_params(query, People::sorts());
  EXPECT_TRUE(params);
  // The transaction's counts, before and after: PostgreSQL's also hold those of the
  // connection's earlier transactions until it reports them, about once a second. It writes
  // nothing.
  Read out;
  db.write([&](storage::Tx& tx) -> core::Status {
    tx.exec("SET LOCAL plan_cache_mode = force_generic_plan");
    auto counts = [&] {
      auto r = tx.one(
          "SELECT (SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM "
          "pg_stat_xact_user_tables WHERE relname = 'people'), (SELECT coalesce(idx_scan, 0) "
          "FROM pg_stat_xact_user_tables WHERE relname = 'person_skills')");
      return std::pair(r.i64(0), r.i64(1));
    };
    auto before = counts();
    person_store::list(tx, q, *params, [&](ListedPerson& p) { out.ids.push_back(p.id); });
    auto after = counts();
    out.people_rows = after.first - before.first;
    out.skill_probes = after.second - before.second;
    return {};
  });
  return out;
}

class PeopleListPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = storage::test_postgres_server();
    if (!server) GTEST_SKIP() << "QORGAN_TEST_PG is not set";
    auto opened = storage::open_test_postgres(*server, "list_plan");
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    fill(*db_);
  }
  std::unique_ptr<storage::Database> db_;
};

TEST_F(PeopleListPlan, ARegionThatHoldsNobodyReadsNobody) {
  person_store::Query q;
  q.region_id = kEmptyRegion;
  auto read = page(*db_, q);
  EXPECT_TRUE(read.ids.empty());
  EXPECT_EQ(read.people_rows, 0);
}

TEST_F(PeopleListPlan, ARegionWhoseNamesComeLastReadsItsPageOnly) {
  person_store::Query q;
  q.region_id = kLateRegion;
  auto read = page(*db_, q);
  ASSERT_EQ(read.ids.size(), 51u);  // the page and the one that tells there is a next
  for (size_t i = 0; i < read.ids.size(); ++i) EXPECT_EQ(read.ids[i], std::int64_t(i) + 1);
  EXPECT_LE(read.people_rows, 51);
}

TEST_F(PeopleListPlan, ARegionsPageWithASkillProbesTheSkillsOfThoseWhoMayHaveItOnly) {
  person_store::Query q;
  q.region_id = kLateRegion;
  q.skill = "medic";
  auto read = page(*db_, q);
  ASSERT_EQ(read.ids.size(), size_t(kMedics));
  for (size_t i = 0; i < read.ids.size(); ++i) EXPECT_EQ(read.ids[i], std::int64_t(i) + 1);
  // A probe for each medic (the cooks' text rules them out), and the planner's look at either
  // end of the person index as it plans the statement.
  EXPECT_LE(read.skill_probes, kMedics + 2);
}

// A city's page with a skill by name walks each district's people in name order until the page
// is full: here the city's medics are the first of district kLateRegion, whose names come last,
// so every one of the city's people is walked. The index it walks holds their skills text (0106),
// so the walk reads the index only and the table is read for the page's people.
TEST_F(PeopleListPlan, ACitysPageWithASkillByNameReadsTheTableForItsPeopleOnly) {
  db_->read([](storage::Tx& tx) { tx.script("VACUUM people"); });  // a settled table's pages
  person_store::Query q;
  q.region_id = kCity;
  q.skill = "medic";
  auto read = page(*db_, q);
  ASSERT_EQ(read.ids.size(), size_t(kMedics));
  for (size_t i = 0; i < read.ids.size(); ++i) EXPECT_EQ(read.ids[i], std::int64_t(i) + 1);
  EXPECT_LE(read.people_rows, kMedics);  // 4,000 (all the city's people) without it
}

// The first 101 ids of `where` in `order` (both SQL), as PostgreSQL sorts them whole.
std::vector<std::int64_t> sorted_ids(storage::Database& db, const std::string& where,
                                     const std::string& order) {
  std::vector<std::int64_t> ids;
  db.read([&](storage::Tx& tx) {
    for (const auto& r :
         tx.query("SELECT id FROM people WHERE " + where + " ORDER BY " + order + " LIMIT 101"))
      ids.push_back(r.i64(0));
    return 0;
  });
  return ids;
}

std::string birth_date_of(storage::Database& db, std::int64_t id) {
  return db.read([&](storage::Tx& tx) {
    return tx.one("SELECT birth_date FROM people WHERE id = $1", {id}).str(0);
  });
}

TEST_F(PeopleListPlan, ACitysPagesByBirthDateReadAboutAPageAndARowADistrict) {
  person_store::Query q;
  q.region_id = kCity;
  const auto want = sorted_ids(*db_, "region_id <= 4", "birth_date DESC, id DESC");
  auto first = page(*db_, q, "-birth_date");
  ASSERT_EQ(first.ids.size(), 51u);
  EXPECT_EQ(first.ids, std::vector<std::int64_t>(want.begin(), want.begin() + 51));
  // The page and the row that tells there is a next, and each region's row ahead of it: not the
  // 4,000 people of the city sorted, nor everyone's in that order kept if in the city.
  EXPECT_LE(first.people_rows, 51 + kCityDistricts + 1);
  const std::int64_t last = first.ids[49];
  auto next = page(*db_, q, "-birth_date", core::make_cursor(birth_date_of(*db_, last), last));
  ASSERT_EQ(next.ids.size(), 51u);
  EXPECT_EQ(next.ids, std::vector<std::int64_t>(want.begin() + 50, want.end()));
  EXPECT_LE(next.people_rows, 51 + kCityDistricts + 1);
}

TEST_F(PeopleListPlan, ACitysPageByNameWithAStatusReadsAboutAPage) {
  person_store::Query q;
  q.region_id = kCity;
  q.status = "active";
  const auto want = sorted_ids(*db_, "region_id <= 4 AND status = 'active'", "search_key, id");
  auto read = page(*db_, q);
  ASSERT_EQ(read.ids.size(), 51u);
  EXPECT_EQ(read.ids, std::vector<std::int64_t>(want.begin(), want.begin() + 51));
  EXPECT_LE(read.people_rows, 51 + kCityDistricts + 1);
}

TEST_F(PeopleListPlan, EveryonesPageByCreationReadsItsPageOnly) {
  person_store::Query q;
  const auto want = sorted_ids(*db_, "true", "created_at DESC, id DESC");
  auto read = page(*db_, q, "-created_at");
  ASSERT_EQ(read.ids.size(), 51u);
  EXPECT_EQ(read.ids, std::vector<std::int64_t>(want.begin(), want.begin() + 51));
  EXPECT_LE(read.people_rows, 51);
}

}  // namespace
