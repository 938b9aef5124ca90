// Import validation on a real SQLite file: the whole file is checked, every bad row reported,
// duplicates found in the file and in the database, and nothing stored unless all is well.
#include "registry/people_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "registry/facility_import.hpp"
#include "registry/person_store.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::registry;
using core::Json;

namespace {

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = core::fresh_test_directory("qorgan-import");
    auto db = storage::open_test_database(dir_);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    reg_ = std::make_unique<Registry>(*db_, core::MasterKey::generate());
    auto city = reg_->regions.create(
        auth::system_principal("test"), actor_,
        Json{{"code", "C1"}, {"level", "city"}, {"name", {{"kk", "a"}, {"ru", "a"}, {"en", "a"}}}});
    ASSERT_TRUE(city);
    admin_.role = auth::Role::admin;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::int64_t count(const char* table) {
    return db_->read([&](storage::Tx& tx) {
      return tx.one(std::string("SELECT COUNT(*) FROM ") + table).i64(0);
    });
  }
  csv::ImportReport run(const std::string& text, bool dry = false) {
    csv::ImportOptions o;
    o.dry_run = dry;
    auto r = import_people(*reg_, admin_, actor_, text, o);
    EXPECT_TRUE(r) << r.error().message;
    return *r;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Registry> reg_;
  auth::Actor actor_{std::nullopt, "test", "rid"};
  auth::Principal admin_;
};

const std::string kHead = "family_name,given_name,birth_date,iin,region,status\n";

// `n` valid, distinct IINs of people born on 1990-01-01.
std::vector<std::string> iins(size_t n) {
  std::vector<std::string> out;
  for (int c = 3; c <= 4; ++c)
    for (int serial = 0; serial < 10000 && out.size() < n; ++serial) {
      char d[12];
      std::snprintf(d, sizeof d, "900101%d%04d", c, serial);
      int sum = 0;
      for (int i = 0; i < 11; ++i) sum += (d[i] - '0') * (i + 1);
      int check = sum % 11;
      if (check == 10) {
        static const int w[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
        sum = 0;
        for (int i = 0; i < 11; ++i) sum += (d[i] - '0') * w[i];
        check = sum % 11;
        if (check == 10) continue;
      }
      out.push_back(std::string(d, 11) + char('0' + check));
    }
  return out;
}

TEST_F(ImportTest, GoodFileIsStoredWithOneAuditEntry) {
  auto audit_before = count("audit_log");
  auto r = run(kHead + "Ахметова,Әлия,1990-01-01,900101300017,C1,reservist\n");
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.stored, 1);
  EXPECT_EQ(count("people"), 1);
  EXPECT_EQ(count("audit_log"), audit_before + 1);
}

TEST_F(ImportTest, DryRunStoresNothingButPreviews) {
  auto r = run(kHead + "Ахметова,Әлия,1990-01-01,900101300017,C1,reservist\n", true);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.stored, 0);
  ASSERT_EQ(r.preview.size(), 1u);
  EXPECT_EQ(r.preview[0]["given_name"], "Әлия");
  EXPECT_EQ(count("people"), 0);
}

TEST_F(ImportTest, EveryBadRowIsReportedAndNothingStored) {
  auto r = run(kHead +
               "Ok,A,1990-01-01,900101300017,C1,reservist\n"
               "Dup,B,1990-01-01,900101300017,C1,reservist\n"
               ",C,1990-01-01,900101300018,C9,retired\n"
               "Short,row\n");
  EXPECT_FALSE(r.valid);
  std::vector<std::pair<std::int64_t, std::string>> got;
  for (const auto& p : r.problems) got.emplace_back(p.row, p.column);
  // Row 4 has several problems; the JSON rules run only once the region resolves.
  EXPECT_EQ(
      got, (std::vector<std::pair<std::int64_t, std::string>>{{3, "iin"}, {4, "region"}, {5, ""}}));
  EXPECT_EQ(count("people"), 0);
}

TEST_F(ImportTest, DuplicatesAgainstTheDatabaseAreReported) {
  run(kHead + "Ok,A,1990-01-01,900101300017,C1,reservist\n");
  auto r = run(kHead + "Again,A,1990-01-01,900101300017,C1,reservist\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].column, "iin");
  EXPECT_NE(r.problems[0].message.find("already registered"), std::string::npos);
  EXPECT_EQ(count("people"), 1);
}

TEST_F(ImportTest, TheListOfBadRowsIsCappedAndTheRestCounted) {
  std::string text = kHead;
  for (int i = 0; i < 1500; ++i) text += "A,B,1990-01-01,900101300017,C1,retired\n";
  auto r = run(text);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.problems.size(), csv::kMaxListedProblems);
  EXPECT_EQ(r.problem_count(), 1500);
  EXPECT_EQ(r.problems.front().row, 2);
  EXPECT_EQ(r.problems.back().row, 1001);
  auto e = r.error();
  EXPECT_EQ(e.fields.size(), csv::kMaxListedProblems);
  EXPECT_NE(e.message.find("1500 problems"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("The first 1000 are listed"), std::string::npos) << e.message;
  EXPECT_EQ(count("people"), 0);
}

TEST_F(ImportTest, ARefusedLargeFileLeavesTheDatabaseAsItWas) {
  auto ids = iins(15001);
  ASSERT_EQ(ids.size(), 15001u);
  run(kHead + "Before,A,1990-01-01," + ids.back() + ",C1,reservist\n");
  auto indexes = [&] {
    return db_->read([](storage::Tx& tx) {
      return tx
          .one(
              "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = "
              "'people'")
          .i64(0);
    });
  };
  auto indexes_before = indexes();
  auto audit_before = count("audit_log");
  std::string text = kHead;
  for (size_t i = 0; i < 15000; ++i) text += "Row,A,1990-01-01," + ids[i] + ",C1,reservist\n";
  // Large enough to be loaded with the indexes set aside; its last row repeats its first IIN,
  // which only the rows stored before it can tell.
  auto dry = run(text, true);
  EXPECT_TRUE(dry.valid);
  EXPECT_EQ(dry.stored, 0);
  text += "Again,A,1990-01-01," + ids[0] + ",C1,reservist\n";
  auto r = run(text);
  EXPECT_FALSE(r.valid);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].row, 15002);
  EXPECT_EQ(r.problems[0].message, "duplicates the IIN in row 2");
  EXPECT_EQ(count("people"), 1);
  EXPECT_EQ(count("person_skills"), 0);
  EXPECT_EQ(count("audit_log"), audit_before);
  EXPECT_EQ(indexes(), indexes_before);
}

// On PostgreSQL a row a rolled-back transaction wrote stays in the table and its indexes, dead,
// until a vacuum, and every index scan through it reads its pages: a large import that is not
// kept (a dry run, a bad row found late) reclaims what it wrote before it answers. Counted with
// pgstattuple (a contrib module of the server), not timed.
class ImportOnPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = storage::test_postgres_server();
    if (!server) GTEST_SKIP() << "QORGAN_TEST_PG is not set";
    auto db = storage::open_test_postgres(*server, "import_reclaim");
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    reg_ = std::make_unique<Registry>(*db_, core::MasterKey::generate());
    ASSERT_TRUE(reg_->regions.create(
        auth::system_principal("test"), actor_,
        Json{
            {"code", "C1"}, {"level", "city"}, {"name", {{"kk", "a"}, {"ru", "a"}, {"en", "a"}}}}));
    admin_.role = auth::Role::admin;
    db_->read([](storage::Tx& tx) { tx.script("CREATE EXTENSION IF NOT EXISTS pgstattuple"); });
  }

  // Of `table` and its B-tree indexes: the dead rows, and the index entries beyond the live rows.
  std::pair<std::int64_t, std::int64_t> left_behind(const std::string& table) {
    return db_->read([&](storage::Tx& tx) {
      auto heap = tx.one("SELECT dead_tuple_count, tuple_count FROM pgstattuple($1)", {table});
      auto extra = tx.one(
          "SELECT COALESCE(SUM(GREATEST(s.tuple_count + s.dead_tuple_count - $2, 0)), 0) "
          "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = "
          "c.relam, LATERAL pgstattuple(i.indexrelid::regclass) s WHERE i.indrelid = "
          "$1::regclass AND a.amname = 'btree'",
          {table, heap.i64(1)});
      return std::pair{heap.i64(0), extra.i64(0)};
    });
  }
  csv::ImportReport run(const std::string& text, bool dry = false) {
    csv::ImportOptions o;
    o.dry_run = dry;
    auto r = import_people(*reg_, admin_, actor_, text, o);
    EXPECT_TRUE(r) << r.error().message;
    return *r;
  }

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Registry> reg_;
  auth::Actor actor_{std::nullopt, "test", "rid"};
  auth::Principal admin_;
};

const std::pair<std::int64_t, std::int64_t> kNothingLeft{0, 0};

TEST_F(ImportOnPostgres, ALargeImportNotKeptLeavesNoDeadRows) {
  auto ids = iins(person_store::kReclaimAfter + 1);
  ASSERT_EQ(ids.size(), size_t(person_store::kReclaimAfter + 1));
  run(kHead + "Before,A,1990-01-01," + ids.back() + ",C1,reservist\n");
  std::string text = kHead;
  for (size_t i = 0; i + 1 < ids.size(); ++i)
    text += "Row,A,1990-01-01," + ids[i] + ",C1,reservist,first aid\n";
  text.insert(kHead.size() - 1, ",skills");
  auto dry = run(text, true);
  EXPECT_TRUE(dry.valid);
  EXPECT_EQ(dry.stored, 0);
  EXPECT_EQ(left_behind("people"), kNothingLeft);
  EXPECT_EQ(left_behind("person_skills"), kNothingLeft);
  // Found at the end, after every row before it was written.
  text += "Again,A,1990-01-01," + ids.back() + ",C1,reservist,\n";
  auto r = run(text);
  EXPECT_FALSE(r.valid);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].row, std::int64_t(ids.size()) + 1);
  EXPECT_EQ(left_behind("people"), kNothingLeft);
  EXPECT_EQ(left_behind("person_skills"), kNothingLeft);
  EXPECT_EQ(db_->read([](storage::Tx& tx) { return tx.one("SELECT COUNT(*) FROM people").i64(0); }),
            1);
}

// A large load counts the people per region at its end instead of a trigger per row: the
// counters equal a fresh count after it, a refused one leaves them as they were, and the trigger
// is back for the writes that follow.
TEST_F(ImportTest, ALargeLoadLeavesTheRegionCountersEqualToAFreshCount) {
  auto district = reg_->regions.create(auth::system_principal("test"), actor_,
                                       Json{{"code", "D1"},
                                            {"level", "district"},
                                            {"parent_id", 1},
                                            {"name", {{"kk", "d"}, {"ru", "d"}, {"en", "d"}}}});
  ASSERT_TRUE(district);
  auto ids = iins(12003);
  ASSERT_EQ(ids.size(), 12003u);
  run(kHead + "Before,A,1990-01-01," + ids[12000] + ",C1,reservist\n");
  auto counters = [&] {
    return db_->read([](storage::Tx& tx) {
      std::map<std::int64_t, std::int64_t> out;
      for (const auto& r :
           tx.query("SELECT region_id, people FROM region_people WHERE people <> 0"))
        out[r.i64(0)] = r.i64(1);
      return out;
    });
  };
  auto fresh = [&] {
    return db_->read([](storage::Tx& tx) {
      std::map<std::int64_t, std::int64_t> out;
      for (const auto& r : tx.query("SELECT region_id, COUNT(*) FROM people GROUP BY region_id"))
        out[r.i64(0)] = r.i64(1);
      return out;
    });
  };
  std::string text = kHead;
  for (size_t i = 0; i < 12000; ++i)
    text += "Row,A,1990-01-01," + ids[i] + (i % 3 ? ",D1" : ",C1") + ",reservist\n";
  auto refused = run(text + "Again,A,1990-01-01," + ids[12000] + ",D1,reservist\n");
  EXPECT_FALSE(refused.valid);
  EXPECT_EQ(counters(), (std::map<std::int64_t, std::int64_t>{{1, 1}}));
  auto r = run(text);
  ASSERT_TRUE(r.valid);
  EXPECT_EQ(r.stored, 12000);
  EXPECT_EQ(counters(), fresh());
  EXPECT_EQ(counters(), (std::map<std::int64_t, std::int64_t>{{1, 4001}, {district->id, 8000}}));
  run(kHead + "After,A,1990-01-01," + ids[12001] + ",D1,reservist\n");
  EXPECT_EQ(counters(), fresh());
  EXPECT_EQ(counters()[district->id], 8001);
}

// Names repeat within a file and an import remembers their keys: each person still gets the key
// of their own whole name, whichever names came before.
TEST_F(ImportTest, EveryPersonGetsTheNameKeyOfTheirOwnName) {
  auto ids = iins(8);
  std::vector<std::pair<std::string, std::string>> names{
      {"Ахметова", "Әлия"}, {"Ахметова", "Әлия"}, {"Ахметова", "Алия"},  {"Akhmetova", "Aliya"},
      {"Ахметова", "Әлия"}, {"Ахметов", "Әлия"},  {"Серікбаев", "Ұлан"}, {"Ахметова", "Әлия"}};
  std::string text = "family_name,given_name,patronymic,birth_date,iin,region,status\n";
  for (size_t i = 0; i < names.size(); ++i)
    text += names[i].first + "," + names[i].second + "," + (i == 4 ? "Серікқызы" : "") +
            ",1990-01-01," + ids[i] + ",C1,reservist\n";
  ASSERT_TRUE(run(text).valid);
  auto keys = db_->read([](storage::Tx& tx) {
    std::vector<std::string> out;
    for (const auto& r : tx.query("SELECT name_key FROM people ORDER BY id"))
      out.push_back(r.str(0));
    return out;
  });
  ASSERT_EQ(keys.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i)
    EXPECT_EQ(keys[i], core::name_key(names[i].first + " " + names[i].second + " " +
                                      (i == 4 ? "Серікқызы" : "")))
        << "row " << i + 2;
  EXPECT_NE(keys[4], keys[0]);
  EXPECT_NE(keys[5], keys[0]);
}

TEST_F(ImportTest, FieldRulesAreThoseOfTheApi) {
  auto r =
      run("family_name,given_name,birth_date,iin,region,status,phone,skills\n"
          "A,B,1990-01-01,900101300017,C1,reservist,8701,first aid|2020-01-01|2019-01-01\n");
  std::vector<std::string> cols;
  for (const auto& p : r.problems) cols.push_back(p.column);
  EXPECT_EQ(cols, (std::vector<std::string>{"phone", "skills"}));
}

// Rows are checked without a JSON body for each; what the import says of a row must be what
// POST /api/v1/people says of the same fields sent as a body, message for message.
TEST_F(ImportTest, ARowGetsTheMessagesTheApiGivesItsFieldsAsABody) {
  const std::vector<std::string> cols{"family_name", "given_name", "patronymic", "birth_date",
                                      "iin",         "phone",      "email",      "region_id",
                                      "status",      "language",   "skills"};
  const std::vector<std::string> required{"family_name", "given_name", "birth_date", "iin",
                                          "status"};
  std::string many_skills;
  for (int i = 0; i <= 100; ++i) many_skills += (i ? ";s" : "s") + std::to_string(i);
  const std::vector<std::vector<std::string>> rows{
      {" ", "B", "", "1990-01-01", "900101300017", "", "", "1", "reservist", "", ""},
      {"A", std::string(101, 'b'), "P\x01", "1990-13-01", "900101300018", "8701", "x@", "1",
       "sleeping", "de", ""},
      {"A", "B", "", "1900-01-01", "900101300017", "+77010000000", "a@b.kz", "1", "reservist", "kk",
       "|2020-01-01;x|2020-02-30;y|2020-01-01|2019-01-01; ;" + std::string(101, 'z')},
      {"A", "B", "", "1990-01-01", "900101300017", "", "", "1", "active", "", many_skills},
      {"A", "B", "", "1990-01-01", "900101300017", "", "", "", "active", "", "x|2020-01-01 "},
  };
  std::string text = core::csv::write_row(cols);
  for (const auto& r : rows) text += core::csv::write_row(r);
  auto report = run(text);
  ASSERT_FALSE(report.valid);
  for (size_t i = 0; i < rows.size(); ++i) {
    Json body = Json::object();
    for (size_t c = 0; c < cols.size(); ++c) {
      std::string t = core::trim(rows[i][c]);
      bool needed = std::find(required.begin(), required.end(), cols[c]) != required.end();
      if (t.empty() && !needed) continue;
      if (cols[c] == "region_id") {
        body["region_id"] = std::stoll(t);
      } else if (cols[c] == "skills") {
        body["skills"] = Json::array();
        std::size_t at = 0;
        while (at <= t.size()) {
          auto end = std::min(t.find(';', at), t.size());
          std::string entry = t.substr(at, end - at);
          at = end + 1;
          if (core::trim(entry).empty()) continue;
          std::vector<std::string> parts;
          for (std::size_t p = 0;;) {
            auto bar = entry.find('|', p);
            parts.push_back(entry.substr(p, bar == std::string::npos ? bar : bar - p));
            if (bar == std::string::npos) break;
            p = bar + 1;
          }
          Json s{{"skill", parts[0]}};
          if (parts.size() > 1 && !core::trim(parts[1]).empty())
            s["qualified_on"] = core::trim(parts[1]);
          if (parts.size() > 2 && !core::trim(parts[2]).empty())
            s["expires_on"] = core::trim(parts[2]);
          body["skills"].push_back(s);
        }
      } else {
        body[cols[c]] = t;
      }
    }
    std::vector<std::pair<std::string, std::string>> api, imported;
    auto checked = reg_->people.prepare_new(body, core::today_utc());
    ASSERT_FALSE(checked) << "row " << i + 2;
    for (const auto& e : checked.error().fields) {
      std::string column = e.field.substr(0, e.field.find_first_of("[."));
      api.emplace_back(column, e.field == column ? e.message : e.field + " " + e.message);
    }
    for (const auto& p : report.problems)
      if (p.row == std::int64_t(i) + 2) imported.emplace_back(p.column, p.message);
    EXPECT_EQ(imported, api) << "row " << i + 2;
    EXPECT_GE(api.size(), 1u);
  }
}

TEST_F(ImportTest, MissingAndUnknownColumnsRejectTheFileAtTheHeader) {
  auto r = run("family_name,given_nme,iin\nA,B,C\n");
  EXPECT_FALSE(r.valid);
  for (const auto& p : r.problems) EXPECT_EQ(p.row, 1);
  EXPECT_GE(r.problems.size(),
            4u);  // given_nme unknown; given_name, birth_date, status, region missing
}

TEST_F(ImportTest, ProgressIsReported) {
  std::string text = kHead;
  text += "Ok,A,1990-01-01,900101300017,C1,reservist\n";
  int calls = 0;
  csv::ImportOptions o;
  o.progress = [&](std::string_view, std::size_t done, std::size_t total, std::int64_t) {
    ++calls;
    EXPECT_LE(done, total);
  };
  ASSERT_TRUE(import_people(*reg_, admin_, actor_, text, o));
  EXPECT_GE(calls, 2);  // the end of reading and the commit
}

TEST_F(ImportTest, FacilityRowsAreCheckedAgainstTheServiceLimits) {
  csv::ImportOptions o;
  auto r = import_facilities(*reg_, admin_, actor_,
                             "name,kind,region,lat,lon,criticality,guard_posts\n"
                             "A,energy,C1,43.2,76.9,1,2\n"
                             "B,spaceport,C1,95,76.9,0,-1\n",
                             o);
  ASSERT_TRUE(r);
  std::vector<std::string> cols;
  for (const auto& p : r->problems) cols.push_back(p.column);
  EXPECT_EQ(cols, (std::vector<std::string>{"kind", "lat", "criticality", "guard_posts"}));
  EXPECT_EQ(count("facilities"), 0);
}

}  // namespace
