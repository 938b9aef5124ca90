#pragma once
// The demo's fictional forces as plain data: units with their target strength by position and
// people with their skills, availability and memberships. Generated from a seed, so the same seed
// gives the same data set on every machine; nothing here touches the database.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "demo/names.hpp"

namespace qorgan::demo {

struct PositionTarget {
  std::string position;
  int target = 0;
};

struct UnitSeed {
  std::string name, kind, status;
  std::size_t district = 0;           // index into districts()
  std::optional<std::size_t> parent;  // index into DataSet::units, always earlier
  std::vector<PositionTarget> positions;
};

struct SkillSeed {
  std::string skill, qualified_on, expires_on;  // dates as YYYY-MM-DD
};

struct SlotSeed {
  int weekday = 1;  // 1 = Monday … 7 = Sunday
  int start_minute = 0, end_minute = 0;
};

struct PeriodSeed {
  std::string from, to, reason;
};

struct MembershipSeed {
  std::size_t unit = 0;  // index into DataSet::units
  std::string position, from_date;
};

struct PersonSeed {
  std::string family_name, given_name;
  std::optional<std::string> patronymic;
  Sex sex = Sex::male;
  std::string birth_date, iin, phone;
  std::optional<std::string> email;
  std::size_t district = 0;                  // index into districts(): the home region
  std::optional<std::size_t> neighbourhood;  // index into that district's neighbourhoods
  std::string status;
  std::vector<SkillSeed> skills;
  std::vector<SlotSeed> availability;
  std::vector<PeriodSeed> unavailable;
  std::optional<MembershipSeed> membership;
};

struct DataSet {
  std::vector<UnitSeed> units;
  std::vector<PersonSeed> people;
  // For each unit, the index into `people` of its commander (the member holding "commander").
  std::vector<std::optional<std::size_t>> commanders;
};

inline constexpr std::uint64_t kDefaultSeed = 20260101;

// About `people` fictional people (at least as many as the units need to look staffed).
DataSet generate(std::uint64_t seed = kDefaultSeed, std::size_t people = 2000);

// A valid IIN for a birth date and sex: YYMMDD, the century/sex digit (3/4 for 1900s men/women,
// 5/6 for 2000s), four serial digits and the check digit. Serials whose check digit does not
// exist are skipped upwards; `serial` receives the one used.
std::string make_iin(int year, int month, int day, Sex sex, int& serial);

const std::vector<std::string>& demo_skills();

}  // namespace qorgan::demo
