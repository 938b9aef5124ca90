#include "demo/dataset.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/time.hpp"
#include "core/validate.hpp"
#include "demo/districts.hpp"

namespace qorgan::demo {
namespace {

TEST(DemoNames, FemaleFamilyNamesFollowTheRules) {
  EXPECT_EQ(female_family_name({"Ахметов", {}}), "Ахметова");
  EXPECT_EQ(female_family_name({"Соловьёв", {}}), "Соловьёва");
  EXPECT_EQ(female_family_name({"Ильин", {}}), "Ильина");
  EXPECT_EQ(female_family_name({"Ковальский", {}}), "Ковальская");
  EXPECT_EQ(female_family_name({"Ким", {}}), "Ким");
  EXPECT_EQ(female_family_name({"Шевченко", {}}), "Шевченко");
}

TEST(DemoIin, MatchesBirthDateAndSexAndValidates) {
  int serial = 0;
  auto iin = make_iin(1990, 1, 1, Sex::male, serial);
  EXPECT_EQ(iin.substr(0, 7), "9001013");
  EXPECT_EQ(core::check_iin(iin), "");
  serial = 0;
  auto woman = make_iin(2003, 7, 15, Sex::female, serial);
  EXPECT_EQ(woman.substr(0, 7), "0307156");
  EXPECT_EQ(core::check_iin(woman), "");
}

TEST(DemoDistricts, AlmatyHasItsEightDistricts) {
  ASSERT_EQ(districts().size(), 8u);
  std::set<std::string_view> codes;
  for (const auto& d : districts()) {
    EXPECT_EQ(d.place.code.size(), 9u);
    EXPECT_TRUE(d.place.code.starts_with("75"));
    codes.insert(d.place.code);
    // Each district's centroid is its own nearest centroid, and its neighbourhoods lie nearer to
    // it than to any other district's centroid or at least within 6 km of it.
    EXPECT_EQ(&districts()[nearest_district(d.place.lat, d.place.lon).index], &d);
    for (const auto& n : d.neighbourhoods)
      EXPECT_LT(distance_m(n.lat, n.lon, d.place.lat, d.place.lon), 6000) << n.en;
  }
  EXPECT_EQ(codes.size(), 8u);
}

TEST(DemoDataSet, IsDeterministicAndPlausible) {
  auto a = generate(kDefaultSeed, 2000);
  auto b = generate(kDefaultSeed, 2000);
  ASSERT_EQ(a.people.size(), 2000u);
  ASSERT_EQ(b.people.size(), 2000u);
  for (std::size_t i = 0; i < a.people.size(); ++i) {
    EXPECT_EQ(a.people[i].iin, b.people[i].iin);
    EXPECT_EQ(a.people[i].family_name, b.people[i].family_name);
  }
  auto c = generate(kDefaultSeed + 1, 2000);
  int same = 0;
  for (std::size_t i = 0; i < a.people.size(); ++i) same += a.people[i].iin == c.people[i].iin;
  EXPECT_LT(same, 100);

  std::set<std::string> iins, phones, emails, kinds;
  std::map<std::size_t, std::map<std::string, int>> filled;
  for (const auto& p : a.people) {
    EXPECT_EQ(core::check_iin(p.iin), "") << p.iin;
    EXPECT_TRUE(iins.insert(p.iin).second) << "duplicate IIN " << p.iin;
    EXPECT_TRUE(phones.insert(p.phone).second) << p.phone;
    EXPECT_EQ(core::check_phone(p.phone), "") << p.phone;
    if (p.email) {
      EXPECT_EQ(core::check_email(*p.email), "") << *p.email;
      EXPECT_TRUE(p.email->ends_with("@example.kz"));
      EXPECT_TRUE(emails.insert(*p.email).second) << *p.email;
    }
    ASSERT_TRUE(core::parse_date(p.birth_date)) << p.birth_date;
    // YYMMDD of the IIN is the birth date; the 7th digit is the century and sex.
    EXPECT_EQ(p.iin.substr(0, 2), p.birth_date.substr(2, 2));
    EXPECT_EQ(p.iin.substr(2, 2), p.birth_date.substr(5, 2));
    EXPECT_EQ(p.iin.substr(4, 2), p.birth_date.substr(8, 2));
    int c7 = p.iin[6] - '0';
    EXPECT_EQ(c7 % 2 == 1, p.sex == Sex::male);
    EXPECT_EQ(c7 >= 5, p.birth_date >= "2000");
    if (p.sex == Sex::female && p.patronymic) {
      EXPECT_TRUE(p.patronymic->ends_with("на") || p.patronymic->ends_with("қызы"))
          << *p.patronymic;
    }
    if (p.sex == Sex::male && p.patronymic) {
      EXPECT_TRUE(p.patronymic->ends_with("ич") || p.patronymic->ends_with("ұлы")) << *p.patronymic;
    }
    for (const auto& s : p.skills) EXPECT_LT(s.qualified_on, s.expires_on);
    if (p.membership) filled[p.membership->unit][p.membership->position]++;
  }
  for (std::size_t u = 0; u < a.units.size(); ++u) {
    const auto& unit = a.units[u];
    kinds.insert(unit.kind);
    if (unit.parent) {
      EXPECT_LT(*unit.parent, u);
    }
    for (const auto& pos : unit.positions) {
      EXPECT_LE(filled[u][pos.position], pos.target) << unit.name << " " << pos.position;
    }
    if (unit.status != "planned") {
      ASSERT_TRUE(a.commanders[u]) << unit.name;
      EXPECT_EQ(a.people[*a.commanders[u]].membership->unit, u);
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"law_enforcement", "special_unit", "territorial_troops",
                                          "volunteer_squad"}));
}

}  // namespace
}  // namespace qorgan::demo
