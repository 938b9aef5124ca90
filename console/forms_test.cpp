#include "console/forms.hpp"

#include <gtest/gtest.h>

#include "console/pages.hpp"

namespace qorgan::console {
namespace {

TEST(FormToJson, BuildsNestedObjectsAndKeepsBadNumbersForTheService) {
  std::vector<Field> fields{{"name.en", "Name"},
                            {"code", "Code"},
                            {"centroid.lat", "Lat", FieldKind::number},
                            {"centroid.lon", "Lon", FieldKind::number},
                            {"parent_id", "Parent", FieldKind::select}};
  fields[4].numeric_value = true;
  Form form{{"name.en", " Almaty "},
            {"code", ""},
            {"centroid.lat", ""},
            {"centroid.lon", ""},
            {"parent_id", "7"}};
  auto j = form_to_json(fields, form, true);
  EXPECT_EQ(j, core::Json::parse(R"({"name":{"en":"Almaty"},"parent_id":7})"));
  // On update an emptied field is cleared (null); a wholly empty group is left out.
  j = form_to_json(fields, form, false);
  EXPECT_TRUE(j["code"].is_null());
  EXPECT_FALSE(j.contains("centroid"));
  form = Form{{"centroid.lat", "43,2"}, {"centroid.lon", "76.9"}};
  j = form_to_json(fields, form, true);
  EXPECT_EQ(j["centroid"]["lat"], "43,2");
  EXPECT_EQ(j["centroid"]["lon"], 76.9);
}

TEST(Forms, ErrorsLandOnTheirFields) {
  std::vector<Field> fields{{"name.kk", "Kazakh"}, {"name.ru", "Russian"}, {"skills", "Skills"}};
  std::vector<core::FieldError> unplaced;
  auto d = fields_data(
      fields, auth::Principal{}, [](const std::string&) { return std::string(); },
      {{"name", "is required"}, {"skills[1].expires_on", "must be a date"}, {"sort", "is unknown"}},
      true, &unplaced);
  ASSERT_EQ(unplaced.size(), 1u);
  EXPECT_EQ(unplaced[0].field, "sort");
  const auto& list = d.list_value();
  EXPECT_TRUE(list[0].get("error"));
  EXPECT_FALSE(list[1].get("error"));
  EXPECT_TRUE(list[2].get("error"));
}

TEST(Console, OnlyLocalPathsAreSafeToReturnTo) {
  EXPECT_TRUE(safe_next("/console/units?q=a"));
  EXPECT_FALSE(safe_next("//evil.example/"));
  EXPECT_FALSE(safe_next("/\\evil.example/"));
  EXPECT_FALSE(safe_next("https://evil.example/"));
  EXPECT_FALSE(safe_next("/console\r\nSet-Cookie: x=1"));
}

}  // namespace
}  // namespace qorgan::console
