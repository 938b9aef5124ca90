// The API's person reads are written as text (person_text, PeoplePageText); they must be the very
// bytes that dumping to_json() of the same records gives, for every role's view.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <map>

#include "registry/registry.hpp"
#include "registry/registry_json.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::registry;
using core::Json;

namespace {

std::string dumped(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

class PersonTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = core::fresh_test_directory("qorgan-person-text");
    auto db = storage::open_test_database(dir_);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    reg_ = std::make_unique<Registry>(*db_, core::MasterKey::generate());
    auto city = reg_->regions.create(
        system_, actor_,
        Json{{"code", "C1"}, {"level", "city"}, {"name", {{"kk", "a"}, {"ru", "a"}, {"en", "a"}}}});
    ASSERT_TRUE(city) << city.error().message;
    region_ = city->id;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::int64_t add(Json body) {
    body["region_id"] = region_;
    auto r = reg_->people.create(system_, actor_, body);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? r->id : 0;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Registry> reg_;
  auth::Actor actor_{std::nullopt, "test", "rid"};
  auth::Principal system_ = auth::system_principal("test");
  std::int64_t region_ = 0;
};

TEST_F(PersonTextTest, ReadsAreTheBytesOfTheJsonForEveryView) {
  std::vector<std::int64_t> ids{
      add({{"family_name", "Ахметова"},
           {"given_name", "Әлия \"Аля\" \\ /"},
           {"patronymic", "Серікқызы"},
           {"birth_date", "1990-01-01"},
           {"iin", "900101300017"},
           {"phone", "+77011234567"},
           {"email", "a@example.kz"},
           {"status", "active"},
           {"skills",
            {{{"skill", "first aid"}, {"qualified_on", "2020-01-01"}, {"expires_on", "2021-01-01"}},
             {{"skill", "driver"}}}},
           {"availability",
            {{{"weekday", 3}, {"start", "18:00"}, {"end", "22:00"}},
             {{"weekday", 1}, {"start", "09:00"}, {"end", "12:30"}}}},
           {"unavailable",
            {{{"from", "2031-02-01"}, {"to", "2031-02-10"}, {"reason", "leave"}},
             {{"from", "2030-05-01"}, {"to", "2030-05-02"}}}}}),
      add({{"family_name", "Line\nbreak\ttab"},
           {"given_name", "B"},
           {"birth_date", "1990-01-01"},
           {"iin", "900101400013"},
           {"status", "reservist"}})};
  auth::Principal admin, auditor;
  admin.role = auth::Role::admin;
  auditor.role = auth::Role::auditor;
  auto json = [](const Person& p) { return to_json(p); };
  for (const auto& who : {admin, auditor}) {
    for (auto id : ids) {
      auto p = reg_->people.get(who, id);
      ASSERT_TRUE(p);
      EXPECT_EQ(person_text(*p), dumped(to_json(*p)));
      p->updated_at = p->created_at + 86'400'000'001;  // changed a day and a microsecond later
      EXPECT_EQ(person_text(*p), dumped(to_json(*p)));
    }
    // Pages of one (a next cursor each, the second page after it) and of all, written as the
    // store reads them, against the records of the same pages.
    core::ListParams p;
    p.sort_column = "search_key";
    std::map<int, std::vector<std::int64_t>> listed;  // by page size
    for (int limit : {1, 50}) {
      p.limit = limit;
      p.after_value.reset();
      p.after_id.reset();
      for (int n = 0; n < 3; ++n) {
        auto page = reg_->people.list(who, {}, p);
        ASSERT_TRUE(page);
        PeoplePageText text(1);
        ASSERT_TRUE(reg_->people.list(who, {}, p, text));
        EXPECT_EQ(text.take(), dumped(core::page_json(*page, json)));
        for (const auto& q : page->items) listed[limit].push_back(q.id);
        if (!page->next_cursor) break;
        p.after_value = page->items.back().search_key;
        p.after_id = page->items.back().id;
      }
    }
    EXPECT_EQ(listed[1].size(), ids.size());
    EXPECT_EQ(listed[1], listed[50]);
  }
  // The auditor's copies carry neither IIN nor contacts, and the text leaves them out.
  auto seen = reg_->people.get(auditor, ids[0]);
  ASSERT_TRUE(seen);
  EXPECT_TRUE(seen->iin.empty());
  EXPECT_FALSE(seen->phone);
  EXPECT_EQ(person_text(*seen).find("iin"), std::string::npos);
  EXPECT_NE(person_text(*reg_->people.get(admin, ids[0])).find("\"iin\":\"900101300017\""),
            std::string::npos);
  auto missing = reg_->people.get(admin, 999);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::not_found);
}

}  // namespace

// Texts that need every kind of escaping, invalid UTF-8 and long texts, written with room made
// for the worst case (registry_json.cpp's record_room): the bytes of the dumped JSON all the same.
TEST(PersonText, HostileTextsAreTheBytesOfTheJson) {
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls += char(c);
  const std::string all_escaped = controls + controls + "\"\\\"\\";
  const std::string invalid = "\xff\xfe\xc3(\xe2\x82 \xf0\x9f\x98 ok";
  const std::string long_text(5000, '\x01');
  Person p;
  p.id = std::numeric_limits<std::int64_t>::min();
  p.region_id = std::numeric_limits<std::int64_t>::max();
  p.family_name = all_escaped;
  p.given_name = invalid;
  p.patronymic = long_text;
  p.birth_date = "";
  p.iin = "\"1\"";
  p.phone = invalid + all_escaped;
  p.email = std::nullopt;
  p.language = "\x7f\xc2\x80";
  p.status = long_text + invalid;
  p.created_at = 1;
  p.updated_at = 253'402'300'799'000'000;  // 9999-12-31T23:59:59Z
  for (int i = 0; i < 40; ++i) {
    p.skills.push_back({all_escaped, std::nullopt, invalid});
    p.skills.back().expired = i % 2 == 0;
    p.availability.push_back({i - 20, -1'000'000'000 * (i % 3), 2'000'000'000});
    p.unavailable.push_back(
        {long_text, all_escaped, i % 2 ? std::optional(invalid) : std::nullopt});
  }
  for (bool iin : {true, false})
    for (bool contacts : {true, false}) {
      p.view = {iin, contacts};
      EXPECT_EQ(person_text(p), dumped(to_json(p)));
    }
}
