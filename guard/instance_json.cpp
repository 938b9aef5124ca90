#include "guard/instance_json.hpp"

#include <fmt/format.h>

#include <charconv>

namespace qorgan::guard {

namespace {
using core::Error;
using nlohmann::json;

struct Bad {
  std::string field, message;
};

int hhmm(std::string_view s, const std::string& field) {
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' ||
      std::from_chars(s.data(), s.data() + 2, h).ec != std::errc() ||
      std::from_chars(s.data() + 3, s.data() + 5, m).ec != std::errc() || h > 24 || m > 59 ||
      (h == 24 && m != 0))
    throw Bad{field, fmt::format("\"{}\" is not a time HH:MM", s)};
  return h * 60 + m;
}

std::string text(const json& j, const char* key, const std::string& field) {
  if (!j.contains(key) || !j[key].is_string()) throw Bad{field + "." + key, "a string is required"};
  return j[key].get<std::string>();
}

Day day(const json& j, const char* key, const std::string& field) {
  auto d = core::parse_date(text(j, key, field));
  if (!d) throw Bad{field + "." + key, "not a date YYYY-MM-DD"};
  return day_of(*d);
}

double number(const json& j, const char* key, const std::string& field, double lo, double hi) {
  if (!j.contains(key) || !j[key].is_number()) throw Bad{field + "." + key, "a number is required"};
  double v = j[key].get<double>();
  if (!(v >= lo && v <= hi))
    throw Bad{field + "." + key, fmt::format("must be between {} and {}", lo, hi)};
  return v;
}

Point point(const json& j, const char* key, const std::string& field) {
  if (!j.contains(key) || !j[key].is_array() || j[key].size() != 2 || !j[key][0].is_number() ||
      !j[key][1].is_number())
    throw Bad{field + "." + key, "[latitude, longitude] is required"};
  Point p{j[key][0].get<double>(), j[key][1].get<double>()};
  if (!(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180))
    throw Bad{field + "." + key, "out of range"};
  return p;
}

Sex sex(const json& j, const std::string& field) {
  if (!j.contains("sex")) return Sex::any;
  auto s = text(j, "sex", field);
  if (s == "M") return Sex::male;
  if (s == "F") return Sex::female;
  throw Bad{field + ".sex", "must be \"M\" or \"F\""};
}

Timestamp instant(const json& j, const char* key, const std::string& field) {
  auto t = core::parse_rfc3339(text(j, key, field));
  if (!t) throw Bad{field + "." + key, "not an RFC 3339 time"};
  return *t;
}

std::string date_text(Day d) {
  return core::format_date(date_of(d));
}
}  // namespace

core::Result<std::vector<ShiftSpec>> pattern_from_string(std::string_view s) {
  try {
    auto at = s.find('@');
    if (at == std::string_view::npos) throw Bad{"shifts", ""};
    auto kind = s.substr(0, at), rest = s.substr(at + 1);
    if (kind == "day") {
      auto dash = rest.find('-');
      if (dash == std::string_view::npos) throw Bad{"shifts", ""};
      int a = hhmm(rest.substr(0, dash), "shifts"), b = hhmm(rest.substr(dash + 1), "shifts");
      if (b <= a) throw Bad{"shifts", "a day shift ends after it starts"};
      return std::vector<ShiftSpec>{{a, b - a}};
    }
    auto x = kind.find('x');
    int n = 0, h = 0;
    if (x == std::string_view::npos ||
        std::from_chars(kind.data(), kind.data() + x, n).ec != std::errc() ||
        std::from_chars(kind.data() + x + 1, kind.data() + kind.size(), h).ec != std::errc() ||
        n < 1 || h < 1 || n * h > 24)
      throw Bad{"shifts", ""};
    int start = hhmm(rest, "shifts") % 1440;
    std::vector<ShiftSpec> out;
    for (int i = 0; i < n; ++i) out.push_back({(start + i * h * 60) % 1440, h * 60});
    return out;
  } catch (const Bad& b) {
    return core::fail(Error::invalid(fmt::format("Shift pattern \"{}\" is not NxH@HH:MM (N shifts "
                                                 "of H hours, N x H <= 24) or day@HH:MM-HH:MM{}{}.",
                                                 s, b.message.empty() ? "" : ": ", b.message),
                                     {{"shifts", "malformed"}}));
  }
}

core::Result<Instance> instance_from_json(std::string_view body) {
  Instance in;
  try {
    json j = json::parse(body);
    if (!j.is_object()) throw Bad{"", "the instance must be a JSON object"};
    if (j.contains("zone")) in.zone = text(j, "zone", "");
    if (j.contains("rules")) {
      const auto& r = j["rules"];
      if (r.contains("min_rest_hours"))
        in.rules.min_rest = Timestamp(number(r, "min_rest_hours", "rules", 0, 168) * double(kHour));
      if (r.contains("max_hours_per_7_days"))
        in.rules.max_per_7_days =
            Timestamp(number(r, "max_hours_per_7_days", "rules", 1, 168) * double(kHour));
    }
    if (!j.contains("people") || !j["people"].is_array()) throw Bad{"people", "a list is required"};
    if (!j.contains("posts") || !j["posts"].is_array()) throw Bad{"posts", "a list is required"};
    for (std::size_t i = 0; i < j["people"].size(); ++i) {
      const auto& pj = j["people"][i];
      auto f = fmt::format("people[{}]", i);
      if (!pj.is_object()) throw Bad{f, "an object is required"};
      Person p;
      p.id = text(pj, "id", f);
      p.sex = sex(pj, f);
      if (pj.contains("birth")) p.birth = day(pj, "birth", f);
      p.home = point(pj, "home", f);
      if (pj.contains("skills")) {
        if (!pj["skills"].is_array()) throw Bad{f + ".skills", "a list is required"};
        for (std::size_t k = 0; k < pj["skills"].size(); ++k) {
          const auto& sj = pj["skills"][k];
          auto sf = fmt::format("{}.skills[{}]", f, k);
          if (!sj.is_object()) throw Bad{sf, "an object is required"};
          SkillGrant g{text(sj, "skill", sf),
                       sj.contains("from") ? day(sj, "from", sf) : -1'000'000,
                       sj.contains("to") ? day(sj, "to", sf) : 1'000'000};
          p.skills.push_back(std::move(g));
        }
      }
      if (pj.contains("absences")) {
        if (!pj["absences"].is_array()) throw Bad{f + ".absences", "a list is required"};
        for (std::size_t k = 0; k < pj["absences"].size(); ++k) {
          auto af = fmt::format("{}.absences[{}]", f, k);
          p.absences.push_back(
              {instant(pj["absences"][k], "from", af), instant(pj["absences"][k], "to", af)});
        }
      }
      in.people.push_back(std::move(p));
    }
    for (std::size_t i = 0; i < j["posts"].size(); ++i) {
      const auto& pj = j["posts"][i];
      auto f = fmt::format("posts[{}]", i);
      if (!pj.is_object()) throw Bad{f, "an object is required"};
      Post p;
      p.id = text(pj, "id", f);
      p.location = point(pj, "location", f);
      p.min_guards = int(number(pj, "min_guards", f, 1, 1000));
      p.target_guards = pj.contains("target_guards") ? int(number(pj, "target_guards", f, 1, 1000))
                                                     : p.min_guards;
      if (pj.contains("skills")) {
        if (!pj["skills"].is_array()) throw Bad{f + ".skills", "a list of skill names is required"};
        for (const auto& s : pj["skills"]) {
          if (!s.is_string()) throw Bad{f + ".skills", "a list of skill names is required"};
          p.skills.push_back(s.get<std::string>());
        }
      }
      p.sex = sex(pj, f);
      if (pj.contains("min_age")) p.min_age = int(number(pj, "min_age", f, 0, 120));
      if (pj.contains("active_from")) p.active_from = day(pj, "active_from", f);
      if (pj.contains("active_to")) p.active_to = day(pj, "active_to", f);
      if (!pj.contains("shifts"))
        throw Bad{f + ".shifts", "a pattern such as \"3x8@06:00\" or a list is required"};
      if (pj["shifts"].is_string()) {
        auto pat = pattern_from_string(pj["shifts"].get<std::string>());
        if (!pat) throw Bad{f + ".shifts", pat.error().message};
        p.pattern = *pat;
      } else if (pj["shifts"].is_array()) {
        for (std::size_t k = 0; k < pj["shifts"].size(); ++k) {
          auto sf = fmt::format("{}.shifts[{}]", f, k);
          const auto& sj = pj["shifts"][k];
          if (!sj.is_object()) throw Bad{sf, "{\"start\": \"HH:MM\", \"hours\": H} is required"};
          p.pattern.push_back({hhmm(text(sj, "start", sf), sf + ".start") % 1440,
                               int(number(sj, "hours", sf, 0.1, 24) * 60)});
        }
      } else {
        throw Bad{f + ".shifts", "a pattern such as \"3x8@06:00\" or a list is required"};
      }
      in.posts.push_back(std::move(p));
    }
  } catch (const Bad& b) {
    return core::fail(
        Error::invalid(b.field.empty() ? b.message + "." : b.field + ": " + b.message + ".",
                       {{b.field, b.message}}));
  } catch (const json::exception& e) {
    return core::fail(Error::invalid(std::string("The instance is not valid JSON: ") + e.what(),
                                     {{"", "not JSON"}}));
  }
  if (auto ok = validate(in); !ok) return core::fail(ok.error());
  return in;
}

json instance_to_json(const Instance& in) {
  json people = json::array(), posts = json::array();
  for (const auto& p : in.people) {
    json pj{{"id", p.id}, {"home", {p.home.lat, p.home.lon}}};
    if (p.sex != Sex::any) pj["sex"] = std::string(1, char(p.sex));
    if (p.birth) pj["birth"] = date_text(*p.birth);
    json skills = json::array();
    for (const auto& g : p.skills)
      skills.push_back({{"skill", g.skill}, {"from", date_text(g.from)}, {"to", date_text(g.to)}});
    pj["skills"] = skills;
    if (!p.absences.empty()) {
      json a = json::array();
      for (const auto& x : p.absences)
        a.push_back({{"from", core::format_rfc3339(x.from)}, {"to", core::format_rfc3339(x.to)}});
      pj["absences"] = a;
    }
    people.push_back(pj);
  }
  for (const auto& p : in.posts) {
    json pj{{"id", p.id},
            {"location", {p.location.lat, p.location.lon}},
            {"min_guards", p.min_guards},
            {"target_guards", p.target_guards},
            {"skills", p.skills}};
    if (p.sex != Sex::any) pj["sex"] = std::string(1, char(p.sex));
    if (p.min_age) pj["min_age"] = *p.min_age;
    json shifts = json::array();
    for (const auto& s : p.pattern)
      shifts.push_back(
          {{"start", fmt::format("{:02}:{:02}", s.start_minute / 60, s.start_minute % 60)},
           {"hours", s.minutes / 60.0}});
    pj["shifts"] = shifts;
    posts.push_back(pj);
  }
  return {{"zone", in.zone},
          {"rules",
           {{"min_rest_hours", double(in.rules.min_rest) / double(kHour)},
            {"max_hours_per_7_days", double(in.rules.max_per_7_days) / double(kHour)}}},
          {"people", people},
          {"posts", posts}};
}

json roster_to_json(const Instance& in, const Roster& r, const RosterSummary& s) {
  json shifts = json::array();
  for (std::size_t i = 0; i < r.shifts.size(); ++i) {
    json guards = json::array();
    for (std::size_t p : r.guards[i]) guards.push_back(in.people[p].id);
    shifts.push_back({{"post", in.posts[r.shifts[i].post].id},
                      {"start", format_local(r.shifts[i].start, in.zone)},
                      {"end", format_local(r.shifts[i].end, in.zone)},
                      {"guards", guards}});
  }
  json unfilled = json::array();
  for (const auto& u : r.unfilled)
    unfilled.push_back({{"post", in.posts[r.shifts[u.shift].post].id},
                        {"start", format_local(r.shifts[u.shift].start, in.zone)},
                        {"missing_min", u.missing_min},
                        {"missing_target", u.missing_target},
                        {"reason", std::string(to_string(u.reason))}});
  return {{"summary",
           {{"slots_min", s.slots_min},
            {"filled_min", s.filled_min},
            {"slots", s.slots},
            {"filled", s.filled},
            {"km", s.km},
            {"people_on_duty", s.people_on_duty},
            {"hours_min", s.hours_min},
            {"hours_max", s.hours_max},
            {"hours_mean", s.hours_mean},
            {"hours_stddev", s.hours_stddev},
            {"continuity", s.continuity}}},
          {"shifts", shifts},
          {"unfilled", unfilled}};
}

}  // namespace qorgan::guard
