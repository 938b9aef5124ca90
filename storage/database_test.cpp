// Runs on a real SQLite file, and on PostgreSQL too when QORGAN_TEST_PG names a server
// (the test script starts a throwaway cluster and sets it).
#include "storage/database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "core/outage.hpp"
#include "core/test_directory.hpp"
#include "storage/migrations.hpp"
#include "storage/row_cursor.hpp"
#include "storage/snapshot.hpp"
#include "storage/write_later.hpp"

using namespace qorgan;
using namespace qorgan::storage;

class Engines : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "sqlite") {
      url = "sqlite:" + (core::fresh_test_directory("qorgan-storage") / "t.db").string();
    } else {
      const char* pg = std::getenv("QORGAN_TEST_PG");
      if (!pg || !*pg) GTEST_SKIP() << "QORGAN_TEST_PG not set: no PostgreSQL server to test";
      url = pg;
    }
    auto db = open_database(url);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    db_->write([](Tx& tx) -> core::Status {
      tx.script(
          "DROP TABLE IF EXISTS t_items; CREATE TABLE t_items (id BIGINT PRIMARY KEY, "
          "name TEXT UNIQUE, score DOUBLE PRECISION)");
      return {};
    });
  }
  // A counter that every write of the concurrency tests bumps, and item -1 named "taken" (the
  // name that makes a write conflict).
  void count_writes() {
    db_->write([](Tx& tx) -> core::Status {
      tx.script(
          "DROP TABLE IF EXISTS t_counter; CREATE TABLE t_counter (id BIGINT PRIMARY KEY, n "
          "BIGINT)");
      tx.exec("INSERT INTO t_counter (id, n) VALUES (1, 0)");
      tx.exec("INSERT INTO t_items (id, name) VALUES (-1, 'taken')");
      return {};
    });
  }
  // The ids in t_items, and t_counter's count, as another connection reads them.
  std::set<std::int64_t> stored_ids() {
    return db_->read([](Tx& tx) {
      std::set<std::int64_t> ids;
      for (const auto& r : tx.query("SELECT id FROM t_items")) ids.insert(r.i64(0));
      return ids;
    });
  }
  std::int64_t counted() {
    return db_->read([](Tx& tx) { return tx.one("SELECT n FROM t_counter").i64(0); });
  }
  std::unique_ptr<Database> db_;
};

TEST_P(Engines, WriteCommitsAndReadsBackTypedValues) {
  auto r = db_->write([](Tx& tx) -> core::Result<std::int64_t> {
    return tx.exec("INSERT INTO t_items (id, name, score) VALUES ($1, $2, $3), ($4, $5, NULL)",
                   {1, "Ақсай", 2.5, 2, std::optional<std::string>{}});
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 2);
  auto rows =
      db_->read([](Tx& tx) { return tx.query("SELECT id, name, score FROM t_items ORDER BY id"); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].i64(0), 1);
  EXPECT_EQ(rows[0].str(1), "Ақсай");
  EXPECT_DOUBLE_EQ(rows[0].f64(2), 2.5);
  EXPECT_TRUE(rows[1].null(1));
  EXPECT_TRUE(rows[1].null(2));
}

// each_row() gives what query() gives, column by column: NULLs, integers, text (also empty text,
// which is not NULL, also to opt_view), across several rows and with parameters, and no row for an
// empty result.
TEST_P(Engines, EachRowReadsWhatQueryReads) {
  ASSERT_TRUE(db_->write([](Tx& tx) -> core::Status {
    tx.exec(
        "INSERT INTO t_items (id, name, score) VALUES ($1, $2, NULL), ($3, $4, NULL), ($5, NULL, "
        "NULL)",
        {1, "Ақсай", 2, std::string(), 3});
    return {};
  }));
  const std::string sql = "SELECT id, name, id * 10, 'x' FROM t_items WHERE id >= $1 ORDER BY id";
  std::vector<std::tuple<std::int64_t, bool, std::string, std::int64_t, std::string,
                         std::optional<std::string>, std::optional<std::string>>>
      seen;
  db_->read([&](Tx& tx) {
    each_row(tx, sql, {2}, [&](const RowCursor& r) {
      auto name = r.opt_view(1), x = r.opt_view(3);
      seen.emplace_back(r.i64(0), r.null(1), std::string(r.text(1)), r.i64(2),
                        std::string(r.text(3)),
                        name ? std::optional(std::string(*name)) : std::nullopt,
                        x ? std::optional(std::string(*x)) : std::nullopt);
    });
    return 0;
  });
  auto rows = db_->read([&](Tx& tx) { return tx.query(sql, {2}); });
  ASSERT_EQ(seen.size(), rows.size());
  ASSERT_EQ(seen.size(), 2u);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(std::get<0>(seen[i]), rows[i].i64(0));
    EXPECT_EQ(std::get<1>(seen[i]), rows[i].null(1));
    EXPECT_EQ(std::get<2>(seen[i]), rows[i].str(1));
    EXPECT_EQ(std::get<3>(seen[i]), rows[i].i64(2));
    EXPECT_EQ(std::get<4>(seen[i]), "x");
  }
  EXPECT_EQ(std::get<2>(seen[0]), std::string());
  EXPECT_TRUE(std::get<1>(seen[1]));
  EXPECT_EQ(std::get<5>(seen[0]), std::optional<std::string>(""));  // empty, not NULL
  EXPECT_EQ(std::get<5>(seen[1]), std::nullopt);
  EXPECT_EQ(std::get<6>(seen[1]), std::optional<std::string>("x"));
  int none = 0;
  db_->read([&](Tx& tx) {
    each_row(tx, sql, {99}, [&](const RowCursor&) { ++none; });
    return 0;
  });
  EXPECT_EQ(none, 0);
}

TEST_P(Engines, FailedResultRollsBackEverything) {
  auto r = db_->write([](Tx& tx) -> core::Status {
    tx.exec("INSERT INTO t_items (id, name) VALUES ($1, $2)", {1, "a"});
    return core::fail(core::Error::invalid("no"));
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(db_->read([](Tx& tx) { return tx.one("SELECT COUNT(*) FROM t_items").i64(0); }), 0);
}

TEST_P(Engines, ConstraintViolationBecomesConflictAndRollsBack) {
  auto r = db_->write([](Tx& tx) -> core::Status {
    tx.exec("INSERT INTO t_items (id, name) VALUES ($1, $2)", {1, "a"});
    tx.exec("INSERT INTO t_items (id, name) VALUES ($1, $2)", {2, "a"});
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::conflict);
  EXPECT_EQ(db_->read([](Tx& tx) { return tx.one("SELECT COUNT(*) FROM t_items").i64(0); }), 0);
}

TEST_P(Engines, RepeatedPlaceholderBindsSameValue) {
  auto n = db_->read([](Tx& tx) {
    return tx.one("SELECT CAST($1 AS BIGINT) + CAST($1 AS BIGINT) + CAST($2 AS BIGINT)", {20, 2})
        .i64(0);
  });
  EXPECT_EQ(n, 42);
}

TEST_P(Engines, MigrationsApplyOnceAndSchemaIsCurrent) {
  auto first = migrate(*db_);
  ASSERT_TRUE(first) << first.error().message;
  auto second = migrate(*db_);
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->empty());
  EXPECT_TRUE(schema_current(*db_));
}

TEST_P(Engines, BinaryValuesRoundTripByteForByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += char(i);
  bytes += std::string("\0\0\\x00'\"", 7);
  db_->write([&](Tx& tx) -> core::Status {
    tx.script(std::string("DROP TABLE IF EXISTS t_blobs; CREATE TABLE t_blobs (id BIGINT, data ") +
              (tx.engine() == Engine::sqlite ? "BLOB" : "BYTEA") + ")");
    tx.exec("INSERT INTO t_blobs (id, data) VALUES ($1, $2), ($3, $4), ($5, NULL)",
            {1, Blob{bytes}, 2, Blob{}, 3});
    return {};
  });
  auto rows = db_->read([](Tx& tx) { return tx.query("SELECT data FROM t_blobs ORDER BY id"); });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].blob(0), bytes);
  EXPECT_EQ(rows[1].blob(0), "");
  EXPECT_TRUE(rows[2].null(0));
  // A parameter is bound as binary in a WHERE clause too.
  EXPECT_EQ(db_->read([&](Tx& tx) {
    return tx.one("SELECT COUNT(*) FROM t_blobs WHERE data = $1", {Blob{bytes}}).i64(0);
  }),
            1);
}

// Images and road graphs kept as base64 text before migration 30 are binary after it.
TEST(StorageUpgrade, Base64TextBecomesBinaryOnSqlite) {
  auto dir = core::fresh_test_directory("qorgan-storage-upgrade");
  auto db = open_database("sqlite:" + (dir / "t.db").string());
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(migrate(**db, 20));
  std::string image("\x89PNG\r\n\x1A\n\0\xFF", 10);
  (*db)->write([&](Tx& tx) -> core::Status {
    tx.exec(
        "INSERT INTO portal_media (id, mime, width, height, alt, caption, bytes, created_by, "
        "created_at) VALUES (1, 'image/png', 1, 1, 'a', '', 10, 'x', 0)");
    tx.exec(
        "INSERT INTO portal_media_variants (media_id, variant, mime, width, height, data) "
        "VALUES (1, 'original', 'image/png', 1, 1, 'iVBORw0KGgoA/w==')");
    return {};
  });
  auto applied = migrate(**db);
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(applied->front(), 30);
  auto row = (*db)->read([](Tx& tx) {
    return tx.one("SELECT data, typeof(data) FROM portal_media_variants WHERE media_id = 1");
  });
  EXPECT_EQ(row.str(1), "blob");
  EXPECT_EQ(row.blob(0), image);
}

namespace {
// A table `t` whose ids the engine assigns, with a unique index and a secondary one (t_grp).
// Each test has its own: ctest runs the PostgreSQL cases in parallel against one database.
void make_people_like_table(Database& db, const std::string& t) {
  db.write([&](Tx& tx) -> core::Status {
    tx.script("DROP TABLE IF EXISTS " + t + "; CREATE TABLE " + t + " (id " +
              (tx.engine() == Engine::sqlite
                   ? "INTEGER PRIMARY KEY"
                   : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY") +
              ", name TEXT NOT NULL, grp TEXT); CREATE UNIQUE INDEX " + t + "_name ON " + t +
              "(name); CREATE INDEX " + t + "_grp ON " + t + "(grp)");
    return {};
  });
}
bool index_exists(Tx& tx, const std::string& name) {
  std::string sql = tx.engine() == Engine::sqlite
                        ? "SELECT COUNT(*) FROM sqlite_schema WHERE name = $1"
                        : "SELECT COUNT(*) FROM pg_indexes WHERE indexname = $1";
  return tx.one(sql, {name}).i64(0) == 1;
}
bool grp_index_exists(Database& db, const std::string& t) {
  return db.read([&](Tx& tx) { return index_exists(tx, t + "_grp"); });
}
// One row named `name` into `t`, committed on the writer.
void insert_name(Database& db, const std::string& t, const char* name) {
  db.write([&](Tx& tx) -> core::Status {
    tx.exec("INSERT INTO " + t + " (name) VALUES ($1)", {name});
    return {};
  });
}
std::int64_t count_rows(Database& db, const std::string& t) {
  return db.read([&](Tx& tx) { return tx.one("SELECT COUNT(*) FROM " + t).i64(0); });
}
}  // namespace

TEST_P(Engines, InsertRowsGivesEachRowItsIdInOrder) {
  make_people_like_table(*db_, "t_ids");
  constexpr int kRows = 1000 + 50 + 8 + 3;  // every statement size the engines use
  auto ids = db_->write([](Tx& tx) -> core::Result<std::vector<std::int64_t>> {
    Params values;
    for (int i = 0; i < kRows; ++i) {
      values.emplace_back("n" + std::to_string(i));
      values.emplace_back(i % 2 ? Value("odd") : Value());
    }
    return tx.insert_rows("t_ids (name, grp)", 2, values);
  });
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids->size(), size_t(kRows));
  auto rows = db_->read([](Tx& tx) { return tx.query("SELECT id, name FROM t_ids"); });
  ASSERT_EQ(rows.size(), size_t(kRows));
  std::map<std::int64_t, std::string> name_of;
  for (const auto& r : rows) name_of[r.i64(0)] = r.str(1);
  for (int i = 0; i < kRows; ++i) EXPECT_EQ(name_of[(*ids)[i]], "n" + std::to_string(i));
}

// Many rows at once (PostgreSQL sends them with COPY, whose text format escapes some bytes):
// every value comes back as it was given, and a row that breaks a constraint stores none.
TEST_P(Engines, InsertRowsStoresEveryValueAsGiven) {
  db_->write([](Tx& tx) -> core::Status {
    bool lite = tx.engine() == Engine::sqlite;
    tx.script(
        std::string("DROP TABLE IF EXISTS t_values; CREATE TABLE t_values (id ") +
        (lite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY") +
        ", name TEXT NOT NULL UNIQUE, n BIGINT, x " + (lite ? "REAL" : "DOUBLE PRECISION") +
        ", data " + (lite ? "BLOB" : "BYTEA") + ")");
    return {};
  });
  const std::vector<std::string> texts{"tab\there",      "line\nbreak", "cr\rhere",
                                       "back\\slash\\N", "\\N",         "Қорған, «кавычки»"};
  constexpr int kRows = 150;
  auto name = [&](int i) { return texts[size_t(i) % texts.size()] + " " + std::to_string(i); };
  const std::string bytes("\0\x01\\\t\n\xff", 6);
  auto values = [&](int rows) {
    Params v;
    for (int i = 0; i < rows; ++i) {
      v.emplace_back(name(i));
      v.push_back(i % 3 ? Value(std::int64_t(i) - 75) : Value());
      v.emplace_back(i + 0.25);
      v.push_back(i % 2 ? Value(Blob{bytes}) : Value());
    }
    return v;
  };
  auto ids = db_->write([&](Tx& tx) -> core::Result<std::vector<std::int64_t>> {
    return tx.insert_rows("t_values (name, n, x, data)", 4, values(kRows));
  });
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids->size(), size_t(kRows));
  auto rows =
      db_->read([](Tx& tx) { return tx.query("SELECT id, name, n, x, data FROM t_values"); });
  ASSERT_EQ(rows.size(), size_t(kRows));
  std::map<std::int64_t, size_t> at;
  for (size_t k = 0; k < rows.size(); ++k) at[rows[k].i64(0)] = k;
  for (int i = 0; i < kRows; ++i) {
    const auto& r = rows[at.at((*ids)[size_t(i)])];
    EXPECT_EQ(r.str(1), name(i));
    EXPECT_EQ(r.opt_i64(2), i % 3 ? std::optional<std::int64_t>(i - 75) : std::nullopt);
    EXPECT_DOUBLE_EQ(r.f64(3), i + 0.25);
    EXPECT_EQ(r.null(4), i % 2 == 0);
    if (i % 2) {
      EXPECT_EQ(r.blob(4), bytes);
    }
  }
  // The last row repeats the first one's name: nothing of this load is stored.
  auto dup = db_->write([&](Tx& tx) -> core::Status {
    auto v = values(kRows);
    for (auto& x : v)
      if (auto s = std::get_if<std::string>(&x.get())) x = Value(*s + " again");
    v[v.size() - 4] = Value(name(0) + " again");
    tx.insert_rows("t_values (name, n, x, data)", 4, v);
    return {};
  });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::conflict);
  EXPECT_EQ(count_rows(*db_, "t_values"), kRows);
}

TEST_P(Engines, BulkLoadKeepsIndexesWhetherItCommitsOrRollsBack) {
  make_people_like_table(*db_, "t_bulk");
  auto load = [&](Params values, bool ok) {
    return db_->write([&](Tx& tx) -> core::Status {
      tx.begin_bulk_load({"t_bulk"});
      // Both engines set the secondary index aside for the load; the unique one guards it.
      EXPECT_FALSE(index_exists(tx, "t_bulk_grp"));
      EXPECT_TRUE(index_exists(tx, "t_bulk_name"));
      tx.insert_rows("t_bulk (name, grp)", 2, values);
      if (!ok) return core::fail(core::Error::invalid("bad file"));
      tx.finish_bulk_load();
      return {};
    });
  };
  EXPECT_FALSE(load({"a", "g", "b", "g"}, false));
  EXPECT_TRUE(grp_index_exists(*db_, "t_bulk"));
  EXPECT_EQ(count_rows(*db_, "t_bulk"), 0);
  EXPECT_TRUE(load({"a", "g", "b", "g"}, true));
  EXPECT_TRUE(grp_index_exists(*db_, "t_bulk"));
  EXPECT_EQ(count_rows(*db_, "t_bulk"), 2);
  // The unique index stays through a bulk load and guards it: the whole load is a conflict.
  auto dup = load({"c", "g", "a", "g"}, true);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::conflict);
  EXPECT_TRUE(grp_index_exists(*db_, "t_bulk"));
  EXPECT_EQ(count_rows(*db_, "t_bulk"), 2);
}

namespace {
// This process's resident memory in kB: now, and at its peak since reset_peak_memory() (Linux).
std::pair<long, long> resident_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  long now = 0, peak = 0;
  while (std::getline(status, line)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "VmRSS:") in >> now;
    if (key == "VmHWM:") in >> peak;
  }
  return {now, peak};
}
void reset_peak_memory() {
  std::ofstream("/proc/self/clear_refs") << "5";
}
}  // namespace

TEST_P(Engines, ABulkLoadRebuildsALargeIndexWithoutHoldingItsEntriesInMemory) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "PostgreSQL sorts in its own process";
  db_->write([&](Tx& tx) -> core::Status {
    tx.script(
        "CREATE TABLE t_wide (id INTEGER PRIMARY KEY, k TEXT NOT NULL, pad TEXT NOT NULL); "
        "CREATE INDEX t_wide_k ON t_wide (k, pad)");
    return {};
  });
  // 150,000 entries of about 420 bytes: 60 MB for the index's sort, in no order.
  constexpr int kRows = 150000, kChunk = 1000;
  long grew = -1;
  auto loaded = db_->write([&](Tx& tx) -> core::Status {
    tx.begin_bulk_load({"t_wide"});
    std::uint32_t x = 1;
    for (int at = 0; at < kRows; at += kChunk) {
      Params values;
      for (int i = 0; i < kChunk; ++i) {
        x = x * 1664525u + 1013904223u;
        values.emplace_back(std::to_string(x));
        values.emplace_back(std::string(400, char('a' + x % 26)));
      }
      tx.insert_rows("t_wide (k, pad)", 2, values);
    }
    auto before = resident_kb().first;
    reset_peak_memory();
    tx.finish_bulk_load();
    grew = resident_kb().second - before;
    return {};
  });
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(db_->read([&](Tx& tx) { return index_exists(tx, "t_wide_k"); }));
  // Sorted in runs of 16 MB spilled to a temporary file, the rebuild's memory does not grow with
  // the index: about 30 MB (a run and the one it grew from), where keeping the entries in memory,
  // each allocated on its own, took 90 MB.
  EXPECT_LT(grew, 48 * 1024) << "kB more at the rebuild's peak than before it";
  EXPECT_EQ(db_->read([&](Tx& tx) {
    return tx.one("SELECT COUNT(*) FROM t_wide INDEXED BY t_wide_k WHERE k >= ''").i64(0);
  }),
            kRows);
}

TEST_P(Engines, ReadSeesOneSnapshot) {
  make_people_like_table(*db_, "t_snap");
  auto add = [&](const char* name) { insert_name(*db_, "t_snap", name); };
  add("a");
  auto counts = db_->read([&](Tx& tx) {
    auto before = tx.one("SELECT COUNT(*) FROM t_snap").i64(0);
    add("b");
    return std::pair(before, tx.one("SELECT COUNT(*) FROM t_snap").i64(0));
  });
  EXPECT_EQ(counts.first, 1);
  // SQLite reads are one transaction; PostgreSQL reads are statement by statement.
  EXPECT_EQ(counts.second, db_->engine() == Engine::sqlite ? 1 : 2);
}

// in_snapshot: every read of the database on this thread, each through its own db.read as the
// services read, sees the one moment; a row committed meanwhile by another connection shows only
// after it, while another thread sees it at once. A failed statement inside leaves no trace.
TEST_P(Engines, InSnapshotReadsOneMomentOnThisThreadOnly) {
  make_people_like_table(*db_, "t_snap");
  auto add = [&](const char* name) { insert_name(*db_, "t_snap", name); };
  auto count = [&] {
    return db_->read([](Tx& tx) { return tx.one("SELECT COUNT(*) FROM t_snap").i64(0); });
  };
  add("a");
  auto seen = in_snapshot(*db_, [&] {
    std::vector<std::int64_t> seen{count()};
    add("b");
    std::int64_t elsewhere = 0;
    std::thread([&] { elsewhere = count(); }).join();
    seen.push_back(elsewhere);
    seen.push_back(count());
    seen.push_back(in_snapshot(*db_, count));  // a nested one joins it
    return seen;
  });
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 1, 1}));
  EXPECT_EQ(count(), 2);

  EXPECT_THROW(
      in_snapshot(
          *db_,
          [&] { return db_->read([](Tx& tx) { return tx.query("SELECT no_such FROM t_snap"); }); }),
      DbError);
  EXPECT_EQ(in_snapshot(*db_, count), 2);

  // A read from an each_row callback shares the connection the rows come from, even the same
  // statement: both run to their end.
  const char* names = "SELECT name FROM t_snap WHERE name >= $1 ORDER BY name";
  std::vector<std::string> pairs;
  in_snapshot(*db_, [&] {
    db_->read([&](Tx& tx) {
      each_row(tx, names, {"a"}, [&](const RowCursor& r) {
        auto outer = std::string(r.text(0));
        for (const auto& row : db_->read([&](Tx& t) { return t.query(names, {outer}); }))
          pairs.push_back(outer + row.str(0));
      });
      return 0;
    });
    return 0;
  });
  EXPECT_EQ(pairs, (std::vector<std::string>{"aa", "ab", "bb"}));
  EXPECT_EQ(db_->stats().readers_busy, 0);
}

// What a write's callback throws, to tell it from the engine's own errors.
struct Thrown : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writers at once (on SQLite they share commits, and one writer may run the others' callbacks):
// each write's outcome is its own. Exactly the writes acknowledged are stored, a failed, thrown
// or conflicting one takes back only its own changes, not those of the writes committed with
// it, and its writer gets what its callback threw.
TEST_P(Engines, ConcurrentWritersKeepEachTheirOwnOutcome) {
  count_writes();
  constexpr int kThreads = 8, kEach = 150;
  std::vector<std::set<std::int64_t>> acknowledged(kThreads), conflicts(kThreads), thrown(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::int64_t id = t * kEach + i + 1;
        try {
          auto r = db_->write([&](Tx& tx) -> core::Status {
            tx.exec("UPDATE t_counter SET n = n + 1 WHERE id = 1");
            // Every 11th write takes a name in use: a conflict after its first statement ran.
            std::string name = id % 11 == 0 ? "taken" : "name-" + std::to_string(id);
            tx.exec("INSERT INTO t_items (id, name) VALUES ($1, $2)", {id, name});
            if (id % 3 == 0) return core::fail(core::Error::invalid("refused"));
            if (id % 7 == 0) throw Thrown("thrown by " + std::to_string(id));
            return {};
          });
          if (r) acknowledged[t].insert(id);
          if (!r && r.error().code == core::ErrorCode::conflict) conflicts[t].insert(id);
        } catch (const Thrown& e) {
          EXPECT_EQ(std::string(e.what()), "thrown by " + std::to_string(id));
          thrown[t].insert(id);
        }
      }
    });
  for (auto& th : threads) th.join();
  std::set<std::int64_t> expected{-1};
  for (const auto& a : acknowledged) expected.insert(a.begin(), a.end());
  auto stored = stored_ids();
  EXPECT_EQ(stored, expected);
  EXPECT_EQ(counted(), std::int64_t(expected.size()) - 1);
  for (std::int64_t id : {std::int64_t{3}, std::int64_t{7}, std::int64_t{22}})
    EXPECT_FALSE(stored.contains(id)) << id;
  EXPECT_TRUE(stored.contains(1));
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kEach; ++i) {
      const std::int64_t id = t * kEach + i + 1;
      EXPECT_EQ(conflicts[t].contains(id), id % 11 == 0) << id;
      EXPECT_EQ(thrown[t].contains(id), id % 11 != 0 && id % 3 != 0 && id % 7 == 0) << id;
    }
}

// Writes queued with write_later among writers that wait (on SQLite they share groups, handed on
// between the queue's thread and the waiting ones): each is told its own outcome, a success only
// once it is committed (a read from another connection then sees it), and only successes stay.
TEST_P(Engines, QueuedWritesAreToldTheirOutcomeOnceCommitted) {
  count_writes();
  struct Told {
    bool ok = false, conflict = false, thrown = false, seen_committed = false;
  };
  constexpr int kThreads = 6, kEach = 120;
  std::mutex mu;
  std::condition_variable all_told;
  std::map<std::int64_t, Told> told;
  std::set<std::int64_t> acknowledged_waiting;
  const auto write = [](std::int64_t id) {
    return [id](Tx& tx) -> core::Status {
      tx.exec("UPDATE t_counter SET n = n + 1 WHERE id = 1");
      std::string name = id % 11 == 0 ? "taken" : "name-" + std::to_string(id);
      tx.exec("INSERT INTO t_items (id, name) VALUES ($1, $2)", {id, name});
      if (id % 3 == 0) return core::fail(core::Error::invalid("refused"));
      if (id % 7 == 0) throw Thrown("thrown by " + std::to_string(id));
      return {};
    };
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::int64_t id = t * kEach + i + 1;
        if (t % 2) {  // a writer that waits, beside the queued ones
          try {
            if (db_->write(write(id))) {
              std::lock_guard lock(mu);
              acknowledged_waiting.insert(id);
            }
          } catch (const Thrown&) {
          }
          continue;
        }
        write_later(*db_, write(id), [&, id](Written<core::Status> w) {
          Told now;
          try {
            auto r = w.take();
            now.ok = bool(r);
            now.conflict = !r && r.error().code == core::ErrorCode::conflict;
          } catch (const Thrown& e) {
            now.thrown = std::string(e.what()) == "thrown by " + std::to_string(id);
          }
          if (now.ok)
            now.seen_committed = db_->read([&](Tx& tx) {
              return tx.one("SELECT COUNT(*) FROM t_items WHERE id = $1", {id}).i64(0) == 1;
            });
          std::lock_guard lock(mu);
          told[id] = now;
          all_told.notify_all();
        });
      }
    });
  for (auto& th : threads) th.join();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(all_told.wait_for(lock, std::chrono::seconds(60), [&] {
      return told.size() == std::size_t((kThreads + 1) / 2 * kEach);
    }));
  }
  std::set<std::int64_t> expected{-1};
  expected.insert(acknowledged_waiting.begin(), acknowledged_waiting.end());
  for (const auto& [id, t] : told) {
    const bool fails = id % 11 == 0 || id % 3 == 0 || id % 7 == 0;
    EXPECT_EQ(t.ok, !fails) << id;
    EXPECT_EQ(t.conflict, id % 11 == 0) << id;
    EXPECT_EQ(t.thrown, id % 11 != 0 && id % 3 != 0 && id % 7 == 0) << id;
    EXPECT_EQ(t.seen_committed, t.ok) << id;
    if (t.ok) expected.insert(id);
  }
  auto stored = stored_ids();
  EXPECT_EQ(stored, expected);
  EXPECT_EQ(counted(), std::int64_t(expected.size()) - 1);
}

INSTANTIATE_TEST_SUITE_P(Storage, Engines, ::testing::Values("sqlite", "postgres"));

// A statement whose answer came too late is given up on (core::Outage, its connection dropped),
// and PostgreSQL ends it then rather than running it to its end: it notices that its client has
// gone. Without that, a statement of a minute kept its backend busy the whole minute.
TEST(PostgresAnswerBound, AStatementGivenUpOnEndsOnTheServerToo) {
  const char* pg = std::getenv("QORGAN_TEST_PG");
  if (!pg || !*pg) GTEST_SKIP() << "QORGAN_TEST_PG not set: no PostgreSQL server to test";
  auto bounded = open_database(pg, 2, std::chrono::milliseconds(300));
  ASSERT_TRUE(bounded) << bounded.error().message;
  const std::string mark =
      "given-up-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  EXPECT_THROW((*bounded)->read([&](Tx& tx) { return tx.query("SELECT pg_sleep(60) -- " + mark); }),
               core::Outage);
  auto watcher = open_database(pg);
  ASSERT_TRUE(watcher) << watcher.error().message;
  auto running = [&] {
    return (*watcher)->read([&](Tx& tx) {
      return tx
          .one(
              "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND "
              "pid <> pg_backend_pid() AND query LIKE $1",
              {"%" + mark + "%"})
          .i64(0);
    });
  };
  std::int64_t left = 1;
  for (int i = 0; i < 40 && left > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    left = running();
  }
  EXPECT_EQ(left, 0) << "the statement given up on still runs 10 s later";
}
