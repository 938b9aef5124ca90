// The API's person reads are written as text (People::get_text, list_text); they must be the
// very bytes that dumping the JSON of get() and list() gives, for every role's view.
#include <gtest/gtest.h>

#include <filesystem>

#include "registry/registry.hpp"
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
    auto city = reg_->regions.create_as(
        actor_,
        Json{{"code", "C1"}, {"level", "city"}, {"name", {{"kk", "a"}, {"ru", "a"}, {"en", "a"}}}});
    ASSERT_TRUE(city) << city.error().message;
    region_ = city->id;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::int64_t add(Json body) {
    body["region_id"] = region_;
    auto r = reg_->people.create_as(actor_, body);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? (*r)["id"].get<std::int64_t>() : 0;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Registry> reg_;
  auth::Actor actor_{std::nullopt, "test", "rid"};
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
  for (const auto& who : {admin, auditor}) {
    for (auto id : ids) {
      auto tree = reg_->people.get(who, id);
      auto text = reg_->people.get_text(who, id);
      ASSERT_TRUE(tree && text);
      EXPECT_EQ(*text, dumped(*tree));
    }
    ListParams p;
    p.sort_column = "search_key";
    p.limit = 1;  // a next cursor too
    auto tree = reg_->people.list(who, {}, p);
    auto text = reg_->people.list_text(who, {}, p);
    ASSERT_TRUE(tree && text);
    EXPECT_EQ(*text, dumped(*tree));
    p.limit = 50;
    EXPECT_EQ(*reg_->people.list_text(who, {}, p), dumped(*reg_->people.list(who, {}, p)));
  }
  auto missing = reg_->people.get_text(admin, 999);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::not_found);
}

}  // namespace
