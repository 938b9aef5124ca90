// Names stored before migration 48 (no romanised key yet) become searchable across scripts once
// fill_name_keys has run, and a name written afterwards carries its key from the start.
#include <gtest/gtest.h>

#include <filesystem>

#include "registry/name_key_store.hpp"
#include "registry/regions.hpp"
#include "registry/units.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::registry;
using core::Json;

namespace {

TEST(NameKeys, OldRowsAreFilledAndNewRowsKeepTheirKey) {
  auto dir = core::fresh_test_directory("qorgan-name-keys");
  auto db = storage::open_test_database(dir);
  ASSERT_TRUE(db) << db.error().message;
  auth::Principal admin;
  admin.role = auth::Role::admin;
  const auth::Actor actor{};
  Regions regions(**db);
  auto city = regions.create(admin, actor,
                             Json{{"code", "C"},
                                  {"level", "city"},
                                  {"name", {{"kk", "Қала"}, {"ru", "Город"}, {"en", "City"}}}});
  ASSERT_TRUE(city) << city.error().message;
  Units units(**db);
  auto unit = units.create(
      admin, actor,
      Json{{"name", "Жетысу батальоны"}, {"kind", "territorial_troops"}, {"region_id", city->id}});
  ASSERT_TRUE(unit) << unit.error().message;
  auto search = [&](const std::string& q) {
    core::ListQuery query;
    query.q = q;
    auto p = core::parse_list_params(query, Units::sorts());
    EXPECT_TRUE(p);
    auto page = units.list(admin, {}, *p);
    EXPECT_TRUE(page);
    return page ? page->items.size() : 0u;
  };
  EXPECT_EQ(search("Zhetysu"), 1u);
  // As a row written before the key existed.
  (*db)->write([&](storage::Tx& tx) -> core::Status {
    tx.exec("UPDATE units SET name_key = '' WHERE id = $1", {unit->id});
    return {};
  });
  EXPECT_EQ(search("Zhetysu"), 0u);
  EXPECT_EQ(search("Жетысу"), 1u);  // the folded name still matches in its own script
  EXPECT_EQ(fill_name_keys(**db), 1);
  EXPECT_EQ(search("Zhetysu"), 1u);
  EXPECT_EQ(fill_name_keys(**db), 0);  // nothing left to fill
  // Regions (0087): the same for a row written before their key existed.
  auto regions_found = [&](const std::string& q) {
    core::ListQuery query;
    query.q = q;
    auto p = core::parse_list_params(query, Regions::sorts());
    EXPECT_TRUE(p);
    auto page = regions.list(admin, {}, *p);
    EXPECT_TRUE(page);
    return page ? page->items.size() : 0u;
  };
  EXPECT_EQ(regions_found("Kala"), 1u);
  (*db)->write([&](storage::Tx& tx) -> core::Status {
    tx.exec("UPDATE regions SET name_key = '' WHERE id = $1", {city->id});
    return {};
  });
  EXPECT_EQ(regions_found("Kala"), 0u);
  EXPECT_EQ(fill_name_keys(**db), 1);
  EXPECT_EQ(regions_found("Kala"), 1u);
  std::filesystem::remove_all(dir);
}

}  // namespace
