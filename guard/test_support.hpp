#pragma once
// Small hand-made instances for the guard tests (fictional people).
#include "guard/model.hpp"

namespace qorgan::guard::test {

inline Day day(int y, int m, int d) {
  return day_of({y, m, d});
}

inline Person person(std::string id, std::vector<std::string> skills = {},
                     Point home = {43.25, 76.95}) {
  Person p;
  p.id = std::move(id);
  p.sex = Sex::male;
  p.birth = day(1990, 1, 1);
  p.home = home;
  for (auto& s : skills) p.skills.push_back({s, -1'000'000, 1'000'000});
  return p;
}

inline Post post(std::string id, std::vector<ShiftSpec> pattern, int min = 1, int target = 1,
                 std::vector<std::string> skills = {}) {
  Post p;
  p.id = std::move(id);
  p.location = {43.24, 76.94};
  p.min_guards = min;
  p.target_guards = target;
  p.skills = std::move(skills);
  p.pattern = std::move(pattern);
  return p;
}

}  // namespace qorgan::guard::test
