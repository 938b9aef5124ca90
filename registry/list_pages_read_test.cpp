// How much of the people table a page of SQLite's list reads. A district's page with a status by
// name (the list's usual query) found its people in people_region_status and then looked each of
// them up in the table by rowid: a descent of the table's B-tree a row, 51 a page,
// about a seventh of the request's instructions. With every column of a list row in that index
// (migration 0108; since 0109 as one text) a page is one range of the index and reads no page of
// the table. What SQLite
// reads is seen through a VFS over the default one that notes the database file's pages as its
// connections read them (in place, through the readers' memory map, or by read()); which pages
// are the table's, SQLite's dbstat table says. How many columns a page's statement reads a row,
// SQLite's trace of each connection says.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <set>

#include "registry/list_text.hpp"
#include "registry/person_store.hpp"
#include "registry/registry.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::registry;

namespace {

constexpr int kPerRegion = 3000, kNames = 7;
constexpr std::int64_t kRegion = 2, kOtherRegion = 3;

// The pages of main database files read while `recording`.
std::atomic<bool> recording{false};
std::mutex read_mutex;
std::set<std::int64_t> pages_read;

void note_read(sqlite3_int64 offset) {
  if (!recording) return;
  std::lock_guard lock(read_mutex);
  pages_read.insert(offset / 4096 + 1);  // SQLite's default page size, which the tests keep
}

// A file of the noting VFS: the real file's handle follows it in the same allocation.
struct NotedFile {
  sqlite3_file base;
  bool main_db;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};
NotedFile* noted(sqlite3_file* f) {
  return reinterpret_cast<NotedFile*>(f);
}
sqlite3_file* real(sqlite3_file* f) {
  return noted(f)->real();
}

sqlite3_vfs* default_vfs = nullptr;
sqlite3_vfs noting_vfs;
sqlite3_io_methods noted_methods;

int noted_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto* file = noted(f);
  file->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  file->base.pMethods = nullptr;
  int rc = default_vfs->xOpen(default_vfs, name, file->real(), flags, out_flags);
  if (file->real()->pMethods) file->base.pMethods = &noted_methods;
  return rc;
}

void install_noting_vfs() {
  default_vfs = sqlite3_vfs_find(nullptr);
  noting_vfs = *default_vfs;
  noting_vfs.zName = "noting";
  noting_vfs.szOsFile = int(sizeof(NotedFile)) + default_vfs->szOsFile;
  noting_vfs.xOpen = noted_open;
  noted_methods = sqlite3_io_methods{
      3,
      [](sqlite3_file* f) {
        int rc = real(f)->pMethods->xClose(real(f));
        f->pMethods = nullptr;
        return rc;
      },
      [](sqlite3_file* f, void* buf, int n, sqlite3_int64 at) {
        if (noted(f)->main_db) note_read(at);
        return real(f)->pMethods->xRead(real(f), buf, n, at);
      },
      [](sqlite3_file* f, const void* buf, int n, sqlite3_int64 at) {
        return real(f)->pMethods->xWrite(real(f), buf, n, at);
      },
      [](sqlite3_file* f, sqlite3_int64 size) {
        return real(f)->pMethods->xTruncate(real(f), size);
      },
      [](sqlite3_file* f, int flags) { return real(f)->pMethods->xSync(real(f), flags); },
      [](sqlite3_file* f, sqlite3_int64* size) {
        return real(f)->pMethods->xFileSize(real(f), size);
      },
      [](sqlite3_file* f, int lock) { return real(f)->pMethods->xLock(real(f), lock); },
      [](sqlite3_file* f, int lock) { return real(f)->pMethods->xUnlock(real(f), lock); },
      [](sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); },
      [](sqlite3_file* f, int op, void* arg) {
        return real(f)->pMethods->xFileControl(real(f), op, arg);
      },
      [](sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); },
      [](sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); },
      [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
        return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
      },
      [](sqlite3_file* f, int at, int n, int flags) {
        return real(f)->pMethods->xShmLock(real(f), at, n, flags);
      },
      [](sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); },
      [](sqlite3_file* f, int remove) { return real(f)->pMethods->xShmUnmap(real(f), remove); },
      [](sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
        if (noted(f)->main_db) note_read(at);
        return real(f)->pMethods->xFetch(real(f), at, n, out);
      },
      [](sqlite3_file* f, sqlite3_int64 at, void* p) {
        return real(f)->pMethods->xUnfetch(real(f), at, p);
      },
  };
  sqlite3_vfs_register(&noting_vfs, 1);
}

// Two districts of kPerRegion people each, kNames names among them (long runs of equal names,
// as a real district's), every status, some with skills; people's ids alternate between the
// districts, so that a district's rows lie on every page of the table.
void fill(storage::Database& db) {
  db.write([&](storage::Tx& tx) -> core::Status {
    tx.exec(
        "INSERT INTO regions (id, parent_id, path, code, level, name_kk, name_ru, name_en, "
        "search_key, created_at, updated_at) VALUES (1, NULL, '/1/', 'C', 'city', 'a', 'a', 'a', "
        "'a', 0, 0), ($1, 1, '/1/' || $1 || '/', 'D2', 'district', 'a', 'a', 'a', 'a', 0, 0), "
        "($2, 1, '/1/' || $2 || '/', 'D3', 'district', 'a', 'a', 'a', 'a', 0, 0)",
        {kRegion, kOtherRegion});
    tx.exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
        "INSERT INTO people (id, family_name, given_name, patronymic, search_key, birth_date, "
        "iin_sealed, iin_index, phone, email, region_id, status, created_at, updated_at, "
        "list_kinds, language, skills_text) SELECT i, 'Family' || (i % $2), 'Given', 'Patronymic', "
        "'family' || (i % $2) || ' given', '1980-01-' || printf('%02d', 1 + i % 28), "
        "'sealed-' || i, 'index-' || i, '+7700' || i, 'p' || i || '@example.kz', "
        "CASE WHEN i % 2 = 0 THEN $3 ELSE $4 END, CASE i / 2 % 4 WHEN 0 THEN 'reservist' WHEN 1 "
        "THEN 'volunteer' WHEN 2 THEN 'active' ELSE 'unavailable' END, i, i, "
        "CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END, 'kk', CASE WHEN i % 3 = 0 THEN '5:medic--' END "
        "FROM n",
        {std::int64_t(2 * kPerRegion), std::int64_t(kNames), kRegion, kOtherRegion});
    tx.exec(std::string("UPDATE people SET list_text = ") + person_store::kListTextSql);
    return {};
  });
  // In this build's form, which holds the id and the skills text too.
  ASSERT_TRUE(person_store::rewrite_list_texts(db));
}

// The columns of each people list statement that a connection runs while `recording`: every
// connection opened after install_column_counter() reports its statements to SQLite's trace.
std::vector<int> list_columns;
std::atomic<int> statements{0};  // every query run while `recording`

int note_statement(unsigned, void*, void* statement, void*) {
  auto* st = static_cast<sqlite3_stmt*>(statement);
  const std::string_view sql = sqlite3_sql(st);
  if (recording && (sql.starts_with("SELECT") || sql.starts_with("WITH"))) ++statements;
  // A page's statement: the one that reads list_text (in its columns, before FROM).
  const auto columns = sql.substr(0, sql.find(" FROM "));
  if (recording && sql.starts_with("SELECT ") && columns.find("list_text") != sql.npos &&
      sql.find("FROM people WHERE 1=1") != sql.npos) {
    std::lock_guard lock(read_mutex);
    list_columns.push_back(sqlite3_column_count(st));
  }
  return 0;
}

int trace_connection(sqlite3* db, char**, const sqlite3_api_routines*) {
  return sqlite3_trace_v2(db, SQLITE_TRACE_STMT, note_statement, nullptr);
}

void install_column_counter() {
  sqlite3_auto_extension(reinterpret_cast<void (*)()>(trace_connection));
}

struct Read {
  std::vector<std::int64_t> ids;
  std::vector<std::string> search_keys;
  std::vector<std::int64_t> regions;
  std::vector<std::string> statuses;
  std::int64_t table_pages = 0;  // pages of the people table read
  std::vector<int> columns;      // of each statement the page ran, a row of it
  int statements = 0;            // statements the page ran, of any kind
};

class PeopleListPagesRead : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = core::fresh_test_directory("list_pages_read");
    {
      auto made = storage::open_test_database(dir_);
      ASSERT_TRUE(made) << made.error().message;
      fill(**made);
    }  // closed: its last connection moves the WAL's pages into the file, where they are read
    install_noting_vfs();
    install_column_counter();
    auto opened = storage::open_database("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    db_->read([&](storage::Tx& tx) {
      for (const auto& r : tx.query("SELECT pageno FROM dbstat WHERE name = 'people'"))
        table_.insert(r.i64(0));
      return 0;
    });
    ASSERT_GT(table_.size(), 20u);
  }
  void TearDown() override {
    db_.reset();
    if (default_vfs) sqlite3_vfs_unregister(&noting_vfs);
    sqlite3_cancel_auto_extension(reinterpret_cast<void (*)()>(trace_connection));
    std::filesystem::remove_all(dir_);
  }

  // The page of region `region`'s people (with `status`, if given) by name after `cursor`, as an
  // admin sees it (with the sealed IIN), and how many of the table's pages reading it took.
  Read page(std::optional<std::string> status, std::optional<std::string> cursor = {},
            std::int64_t region = kRegion) {
    person_store::Query q;
    q.region_id = region;
    q.status = std::move(status);
    q.today = "2026-01-01";
    core::ListQuery query;
    query.cursor = std::move(cursor);
    auto params = core::parse_list_params(query, People::sorts());
    EXPECT_TRUE(params);
    Read out;
    pages_read.clear();
    list_columns.clear();
    statements = 0;
    recording = true;
    db_->read([&](storage::Tx& tx) {
      person_store::list(tx, q, *params, [&](ListedPerson& p) {
        out.ids.push_back(p.id);
        out.search_keys.emplace_back(p.search_key);
        out.regions.push_back(p.region_id);
        out.statuses.emplace_back(p.status);
        EXPECT_FALSE(p.iin_sealed.empty());
      });
      return 0;
    });
    recording = false;
    out.columns = list_columns;
    out.statements = statements;
    for (auto page : pages_read) out.table_pages += table_.contains(page);
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::set<std::int64_t> table_;
};

TEST_F(PeopleListPagesRead, ADistrictsPageByNameWithAStatusReadsNoTablePage) {
  auto first = page("active");
  ASSERT_EQ(first.ids.size(), 51u);  // the page and the row that tells there is a next
  EXPECT_EQ(first.table_pages, 0);   // 52 with the rows looked up in the table
}

TEST_F(PeopleListPagesRead, ALaterPageReadsNoTablePageEither) {
  // The cursor stands inside a run of equal names: the page reads the rest of the run, then what
  // follows it.
  auto first = page("active");
  ASSERT_EQ(first.ids.size(), 51u);
  auto later = page("active", core::make_cursor(first.search_keys[49], first.ids[49]));
  ASSERT_EQ(later.ids.size(), 51u);
  EXPECT_EQ(later.ids.front(), first.ids[50]);
  EXPECT_EQ(later.table_pages, 0);  // 52 with the rows looked up in the table
}

// What `fill` stored for person `id`.
std::int64_t region_of(std::int64_t id) {
  return id % 2 == 0 ? kRegion : kOtherRegion;
}
std::string status_of(std::int64_t id) {
  static const std::string statuses[] = {"reservist", "volunteer", "active", "unavailable"};
  return statuses[id / 2 % 4];
}

TEST_F(PeopleListPagesRead, ADistrictsPageWithAStatusReadsNeitherFromEachRow) {
  // The query fixes every row's region and status: a row reads its list_text (its id, skills text
  // and every other field a list shows or needs, the sealed IIN among them): 1 column (3 with the
  // id and the skills text beside it, 14 with those fields one column each, 16 with region_id and
  // status read from each row too).
  auto first = page("active");
  ASSERT_EQ(first.ids.size(), 51u);
  EXPECT_EQ(first.columns, std::vector<int>{1});
  for (size_t i = 0; i < first.ids.size(); ++i) {
    EXPECT_EQ(first.regions[i], region_of(first.ids[i])) << first.ids[i];
    EXPECT_EQ(first.statuses[i], status_of(first.ids[i])) << first.ids[i];
  }
  // A later page inside a run of equal names: the run's rest (then what follows it) so too.
  auto later = page("active", core::make_cursor(first.search_keys[49], first.ids[49]));
  ASSERT_EQ(later.ids.size(), 51u);
  ASSERT_FALSE(later.columns.empty());
  for (int columns : later.columns) EXPECT_EQ(columns, 1);
  for (size_t i = 0; i < later.ids.size(); ++i) {
    EXPECT_EQ(later.regions[i], kRegion) << later.ids[i];
    EXPECT_EQ(later.statuses[i], "active") << later.ids[i];
  }
}

TEST_F(PeopleListPagesRead, RowsReadWhatTheQueryLeavesOpen) {
  // A city's page: its people's districts differ, and are read from each row; without a status,
  // so is the status.
  // The first takes the city for a region without sub-regions (its rows' region fixed, 1
  // column), finds it wrong and reads it again; a later one of this thread knows better.
  auto guessed = page("active", {}, 1);
  EXPECT_EQ(guessed.columns, (std::vector<int>{1, 2}));
  auto city = page("active", {}, 1);
  EXPECT_EQ(city.ids, guessed.ids);
  ASSERT_EQ(city.ids.size(), 51u);
  EXPECT_EQ(city.columns, std::vector<int>{2});
  std::set<std::int64_t> regions(city.regions.begin(), city.regions.end());
  EXPECT_EQ(regions, (std::set<std::int64_t>{kRegion, kOtherRegion}));
  for (size_t i = 0; i < city.ids.size(); ++i) {
    EXPECT_EQ(city.regions[i], region_of(city.ids[i])) << city.ids[i];
    EXPECT_EQ(city.statuses[i], "active") << city.ids[i];
  }
  auto any = page(std::nullopt);
  ASSERT_EQ(any.ids.size(), 51u);
  EXPECT_EQ(any.columns, std::vector<int>{2});
  std::set<std::string> statuses(any.statuses.begin(), any.statuses.end());
  EXPECT_GT(statuses.size(), 1u);
  for (size_t i = 0; i < any.ids.size(); ++i) {
    EXPECT_EQ(any.regions[i], kRegion) << any.ids[i];
    EXPECT_EQ(any.statuses[i], status_of(any.ids[i])) << any.ids[i];
  }
}

TEST_F(PeopleListPagesRead, ADistrictsPageIsOneStatement) {
  // The region is taken for one without sub-regions, which the page's statement checks before it
  // reads the index; the region's own statement before it was about 5,000 instructions a request.
  auto first = page("active");
  ASSERT_EQ(first.ids.size(), 51u);
  EXPECT_EQ(first.statements, 1);
  auto later = page("active", core::make_cursor(first.search_keys[49], first.ids[49]));
  ASSERT_EQ(later.ids.size(), 51u);
  EXPECT_EQ(later.statements, int(later.columns.size()));  // the page's own, no other
}

// Rows the rewrite after migration 0112 has not reached (their text without the id and the
// skills text) list as before: each such row's id and skills are looked up, within runs of equal
// names from the row before it.
TEST_F(PeopleListPagesRead, RowsNotYetRewrittenListAsBefore) {
  auto first = page("active");
  auto later = page("active", core::make_cursor(first.search_keys[49], first.ids[49]));
  ASSERT_EQ(later.ids.size(), 51u);
  auto older = db_->write([](storage::Tx& tx) -> core::Status {
    tx.exec(std::string("UPDATE people SET list_text = ") + person_store::kListTextSql +
            " WHERE id % 3 <> 0");
    return {};
  });
  ASSERT_TRUE(older);
  for (const auto& [before, cursor] :
       {std::pair{first, std::optional<std::string>()},
        std::pair{later, std::optional(core::make_cursor(first.search_keys[49], first.ids[49]))}}) {
    auto now = page("active", cursor);
    EXPECT_EQ(now.ids, before.ids);
    EXPECT_EQ(now.search_keys, before.search_keys);
    EXPECT_EQ(now.regions, before.regions);
    EXPECT_EQ(now.statuses, before.statuses);
  }
}

TEST_F(PeopleListPagesRead, ADistrictGivenASubRegionListsItsPeopleAtOnce) {
  auto before = page("active");
  ASSERT_EQ(before.ids.size(), 51u);
  std::set<std::int64_t> regions(before.regions.begin(), before.regions.end());
  EXPECT_EQ(regions, std::set<std::int64_t>{kRegion});
  // Another connection, as another server on the file would, moves the other district under
  // this one: its people are this district's from the next page on.
  auto other = storage::open_database("sqlite:" + (dir_ / "t.db").string());
  ASSERT_TRUE(other) << other.error().message;
  auto moved = (*other)->write([](storage::Tx& tx) -> core::Status {
    tx.exec(
        "UPDATE regions SET parent_id = $1, path = '/1/' || $1 || '/' || $2 || '/' WHERE id = $2",
        {kRegion, kOtherRegion});
    return {};
  });
  ASSERT_TRUE(moved);
  for (int round = 0; round < 2; ++round) {  // the guess found wrong, then not made
    auto after = page("active");
    ASSERT_EQ(after.ids.size(), 51u);
    std::set<std::int64_t> now(after.regions.begin(), after.regions.end());
    EXPECT_EQ(now, (std::set<std::int64_t>{kRegion, kOtherRegion})) << round;
    for (size_t i = 0; i < after.ids.size(); ++i)
      EXPECT_EQ(after.regions[i], region_of(after.ids[i])) << after.ids[i];
  }
}

TEST_F(PeopleListPagesRead, ASingleRecordIsReadFromTheTable) {
  // What the lists above are measured with sees a read of the table.
  pages_read.clear();
  recording = true;
  auto name = db_->read(
      [](storage::Tx& tx) { return tx.one("SELECT family_name FROM people WHERE id = 4").str(0); });
  recording = false;
  EXPECT_EQ(name, "Family4");
  std::int64_t table_pages = 0;
  for (auto p : pages_read) table_pages += table_.contains(p);
  EXPECT_GT(table_pages, 0);
}

}  // namespace
