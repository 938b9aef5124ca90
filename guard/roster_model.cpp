#include "guard/roster_model.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace qorgan::guard {

namespace {

constexpr Day kNoEnd = 1'000'000;

bool covers(const std::string& outer, const std::string& inner) {
  return inner.starts_with(outer);
}

}  // namespace

Day day_or(const std::optional<std::string>& date, Day otherwise) {
  if (!date) return otherwise;
  auto d = core::parse_date(*date);
  return d ? day_of(*d) : otherwise;
}

DutyModel build_model(const DutyInput& in) {
  DutyModel out;
  out.instance.zone = in.zone;
  out.instance.rules = in.rules;

  // Eligibility rules: the facility's region path and the assigned units' paths.
  struct Rule {
    std::string region_path;
    std::vector<std::string> unit_paths;
  };
  std::vector<Rule> rules;
  std::map<std::string, std::size_t> rule_of;  // key → index
  for (const auto& p : in.posts) {
    std::vector<std::string> units;
    if (auto it = in.facility_unit_paths.find(p.facility_id); it != in.facility_unit_paths.end())
      units = it->second;
    std::sort(units.begin(), units.end());
    std::string key = p.region_path + "|" + fmt::format("{}", fmt::join(units, ","));
    if (rule_of.emplace(key, rules.size()).second) rules.push_back({p.region_path, units});
    auto rule = rule_of[key];

    auto pats = in.patterns.find(p.id);
    if (pats == in.patterns.end()) continue;
    const Day post_from = day_or(p.active_from, 0), post_to = day_or(p.active_to, kNoEnd);
    for (std::size_t i = 0; i < pats->second.size(); ++i) {
      const auto& pat = pats->second[i];
      Post m;
      m.id = fmt::format("post-{}/pattern-{}", p.id, pat.id);
      m.location = {p.lat, p.lon};
      m.min_guards = p.min_guards;
      m.target_guards = p.target_guards;
      m.skills = p.skills;
      m.skills.push_back(fmt::format("{}{}", kEligibleSkill, rule));
      if (p.sex == "M") m.sex = Sex::male;
      if (p.sex == "F") m.sex = Sex::female;
      m.min_age = p.min_age;
      m.active_from = std::max(post_from, day_or(pat.valid_from, 0));
      m.active_to = post_to;
      if (i + 1 < pats->second.size())
        m.active_to = std::min(post_to, day_or(pats->second[i + 1].valid_from, kNoEnd) - 1);
      if (m.active_to < m.active_from) continue;
      m.pattern = pat.shifts;
      out.instance.posts.push_back(std::move(m));
      out.post_ids.push_back(p.id);
    }
  }

  const Day first = in.from - 1, last = in.from + in.days + 1;  // rest crosses the edges
  for (const auto& d : in.people) {
    Person p;
    p.id = std::to_string(d.id);
    if (d.sex == 'M') p.sex = Sex::male;
    if (d.sex == 'F') p.sex = Sex::female;
    if (auto b = core::parse_date(d.birth_date)) p.birth = day_of(*b);
    p.home = {d.lat.value_or(0), d.lon.value_or(0)};
    for (std::size_t r = 0; r < rules.size(); ++r)
      for (const auto& m : d.memberships) {
        bool ok = covers(m.unit_region_path, rules[r].region_path);
        for (const auto& u : rules[r].unit_paths) ok = ok || covers(u, m.unit_path);
        if (!ok) continue;
        Day from = day_or(m.from, 0), to = day_or(m.to, kNoEnd);
        if (to < first || from > last) continue;
        p.skills.push_back({fmt::format("{}{}", kEligibleSkill, r), from, to});
      }
    if (p.skills.empty()) continue;  // may stand at none of these posts
    for (const auto& s : d.skills) {
      Day from = day_or(s.qualified_on, 0), to = day_or(s.expires_on, kNoEnd);
      if (to >= from) p.skills.push_back({s.skill, from, to});
    }
    for (const auto& a : d.unavailable) {
      Day from = day_or(a.from, kNoEnd), to = day_or(a.to, 0);
      if (to < from) continue;
      p.absences.push_back({local_instant(in.zone, from, 0), local_instant(in.zone, to + 1, 0)});
    }
    if (!d.availability.empty()) {
      // Time outside the weekly availability is an absence, day by day.
      for (Day day = first; day <= last; ++day) {
        int weekday = int((day % 7 + 7 + 3) % 7) + 1;  // 1970-01-01 was a Thursday (4)
        std::vector<std::pair<int, int>> open;
        for (const auto& s : d.availability)
          if (s.weekday == weekday) open.push_back({s.start_minute, s.end_minute});
        std::sort(open.begin(), open.end());
        int at = 0;
        for (const auto& [start, end] : open) {
          if (start > at)
            p.absences.push_back(
                {local_instant(in.zone, day, at), local_instant(in.zone, day, start)});
          at = std::max(at, end);
        }
        if (at < 1440)
          p.absences.push_back(
              {local_instant(in.zone, day, at), local_instant(in.zone, day, 1440)});
      }
    }
    out.instance.people.push_back(std::move(p));
    out.person_ids.push_back(d.id);
  }
  return out;
}

core::Json posts_to_json(const DutyInput& in) {
  core::Json posts = core::Json::array();
  for (const auto& p : in.posts) {
    core::Json pats = core::Json::array();
    if (auto it = in.patterns.find(p.id); it != in.patterns.end())
      for (const auto& pat : it->second) {
        core::Json shifts = core::Json::array();
        for (const auto& s : pat.shifts) shifts.push_back({s.start_minute, s.minutes});
        pats.push_back({{"id", pat.id}, {"valid_from", pat.valid_from}, {"shifts", shifts}});
      }
    posts.push_back({{"id", p.id},
                     {"facility_id", p.facility_id},
                     {"region_path", p.region_path},
                     {"name", p.name},
                     {"lat", p.lat},
                     {"lon", p.lon},
                     {"min_guards", p.min_guards},
                     {"target_guards", p.target_guards},
                     {"skills", p.skills},
                     {"sex", p.sex ? core::Json(*p.sex) : core::Json()},
                     {"min_age", p.min_age ? core::Json(*p.min_age) : core::Json()},
                     {"active_from", p.active_from},
                     {"active_to", p.active_to ? core::Json(*p.active_to) : core::Json()},
                     {"patterns", pats}});
  }
  core::Json units = core::Json::object();
  for (const auto& [facility, paths] : in.facility_unit_paths)
    units[std::to_string(facility)] = paths;
  return {{"zone", in.zone},
          {"min_rest_minutes", in.rules.min_rest / kMinute},
          {"max_minutes_per_7_days", in.rules.max_per_7_days / kMinute},
          {"from", in.from},
          {"days", in.days},
          {"posts", posts},
          {"facility_units", units}};
}

void posts_from_json(const core::Json& j, DutyInput& in) {
  in.zone = j.value("zone", in.zone);
  in.rules.min_rest = j.value("min_rest_minutes", std::int64_t(11 * 60)) * kMinute;
  in.rules.max_per_7_days = j.value("max_minutes_per_7_days", std::int64_t(48 * 60)) * kMinute;
  in.from = j.value("from", Day(0));
  in.days = j.value("days", 7);
  in.posts.clear();
  in.patterns.clear();
  for (const auto& pj : j.value("posts", core::Json::array())) {
    DutyPost p;
    p.id = pj.value("id", std::int64_t(0));
    p.facility_id = pj.value("facility_id", std::int64_t(0));
    p.region_path = pj.value("region_path", "");
    p.name = pj.value("name", "");
    p.lat = pj.value("lat", 0.0);
    p.lon = pj.value("lon", 0.0);
    p.min_guards = pj.value("min_guards", 1);
    p.target_guards = pj.value("target_guards", 1);
    p.skills = pj.value("skills", std::vector<std::string>{});
    if (pj.contains("sex") && pj["sex"].is_string()) p.sex = pj["sex"].get<std::string>();
    if (pj.contains("min_age") && pj["min_age"].is_number()) p.min_age = pj["min_age"].get<int>();
    p.active_from = pj.value("active_from", "");
    if (pj.contains("active_to") && pj["active_to"].is_string())
      p.active_to = pj["active_to"].get<std::string>();
    for (const auto& x : pj.value("patterns", core::Json::array())) {
      Pattern pat;
      pat.id = x.value("id", std::int64_t(0));
      pat.post_id = p.id;
      pat.valid_from = x.value("valid_from", "");
      for (const auto& s : x.value("shifts", core::Json::array()))
        pat.shifts.push_back({s.at(0).get<int>(), s.at(1).get<int>()});
      in.patterns[p.id].push_back(std::move(pat));
    }
    in.posts.push_back(std::move(p));
  }
  in.facility_unit_paths.clear();
  const core::Json units = j.value("facility_units", core::Json::object());
  for (const auto& [facility, paths] : units.items())
    in.facility_unit_paths[std::stoll(facility)] = paths.get<std::vector<std::string>>();
}

}  // namespace qorgan::guard
