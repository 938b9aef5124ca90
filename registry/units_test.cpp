// The unit service's rules on a real SQLite file: the tree (moves carry the subtree, no cycles),
// the commander's status-only right, and strength counting only current memberships.
#include "registry/units.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/time.hpp"
#include "registry/regions.hpp"
#include "registry/unit_store.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::registry;
using core::Json;

namespace {

class UnitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = core::fresh_test_directory("qorgan-units");
    auto db = storage::open_test_database(dir_);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    Regions regions(*db_);
    auto city = regions.create(auth::system_principal("test"), actor_,
                               Json{{"code", "C"},
                                    {"level", "city"},
                                    {"name", {{"kk", "Қала"}, {"ru", "Город"}, {"en", "City"}}}});
    ASSERT_TRUE(city) << city.error().message;
    region_ = city->id;
    admin_.role = auth::Role::admin;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Unit make(const std::string& name, std::optional<std::int64_t> parent = std::nullopt) {
    Json body{{"name", name}, {"kind", "territorial_troops"}, {"region_id", region_}};
    if (parent) body["parent_id"] = *parent;
    auto u = Units(*db_).create(admin_, actor_, body);
    EXPECT_TRUE(u) << u.error().message;
    return *u;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  auth::Actor actor_{std::nullopt, "test", "rid"};
  auth::Principal admin_;
  std::int64_t region_ = 0;
};

TEST_F(UnitsTest, MovingAUnitCarriesItsSubtreeAndCyclesAreRefused) {
  Units units(*db_);
  auto a = make("A"), b = make("B", a.id), c = make("C", b.id), d = make("D");
  auto moved = units.update(admin_, actor_, b.id, Json{{"parent_id", d.id}});
  ASSERT_TRUE(moved) << moved.error().message;
  auto c2 = units.get(admin_, c.id);
  EXPECT_EQ(c2->path, "/" + std::to_string(d.id) + "/" + std::to_string(b.id) + "/" +
                          std::to_string(c.id) + "/");
  for (auto parent : {b.id, c.id}) {
    auto bad = units.update(admin_, actor_, b.id, Json{{"parent_id", parent}});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, core::ErrorCode::invalid);
    ASSERT_EQ(bad.error().fields.size(), 1u);
    EXPECT_EQ(bad.error().fields[0].field, "parent_id");
  }
}

TEST_F(UnitsTest, CommandersChangeOnlyTheStatusWithinTheirSubtree) {
  Units units(*db_);
  auto a = make("A"), b = make("B", a.id), other = make("Other");
  auth::Principal cmd;
  cmd.role = auth::Role::commander;
  cmd.unit_id = a.id;
  cmd.unit_path = a.path;
  EXPECT_TRUE(units.update(cmd, actor_, b.id, Json{{"status", "active"}}));
  auto rename = units.update(cmd, actor_, b.id, Json{{"name", "X"}});
  ASSERT_FALSE(rename);
  EXPECT_EQ(rename.error().code, core::ErrorCode::forbidden);
  auto outside = units.update(cmd, actor_, other.id, Json{{"status", "active"}});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().code, core::ErrorCode::not_found);
  EXPECT_FALSE(units.create(cmd, actor_,
                            Json{{"name", "N"}, {"kind", "special_unit"}, {"region_id", region_}}));
}

TEST_F(UnitsTest, StrengthCountsCurrentMembershipsOnly) {
  Units units(*db_);
  auto u = make("U");
  ASSERT_TRUE(
      units.update(admin_, actor_, u.id,
                   Json{{"positions", Json::array({{{"position", "medic"}, {"target", 2}}})}}));
  std::string today = core::today_utc();
  db_->write([&](storage::Tx& tx) -> core::Status {
    tx.exec(
        "INSERT INTO people (family_name, given_name, search_key, birth_date, iin_sealed, "
        "iin_index, region_id, status, created_at, updated_at) VALUES ('F', 'G', 'f g', "
        "'1990-01-01', 'x', 'i', $1, 'active', 0, 0)",
        {region_});
    for (auto [from, to] : {std::pair<std::string, storage::Value>{"2000-01-01", nullptr},
                            {"2000-01-01", today},         // ends today: still current
                            {"2000-01-01", "2000-12-31"},  // ended
                            {"2999-01-01", nullptr}})      // not yet begun
      tx.exec(
          "INSERT INTO memberships (person_id, unit_id, position, from_date, to_date) VALUES "
          "(1, $1, 'medic', $2, $3)",
          {u.id, from, to});
    tx.exec(
        "INSERT INTO memberships (person_id, unit_id, position, from_date) VALUES (1, $1, "
        "'cook', '2001-01-01')",
        {u.id});
    return {};
  });
  auto s = units.strength(admin_, u.id);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->unit_id, u.id);
  ASSERT_EQ(s->positions.size(), 2u);
  EXPECT_EQ(s->positions[0].position, "cook");
  EXPECT_EQ(s->positions[0].target, 0);
  EXPECT_EQ(s->positions[0].actual, 1);
  EXPECT_EQ(s->positions[1].position, "medic");
  EXPECT_EQ(s->positions[1].target, 2);
  EXPECT_EQ(s->positions[1].actual, 2);
  EXPECT_EQ(s->target_total, 2);
  EXPECT_EQ(s->actual_total, 3);
}

}  // namespace
