#include "guard/duty_json.hpp"

#include <fmt/format.h>

#include "core/time.hpp"

namespace qorgan::guard {

using core::Json;

namespace {

Json opt(const auto& o) {
  if (!o) return nullptr;
  return Json(*o);
}

Json instant(core::Timestamp t) {
  return core::format_rfc3339(t);
}

}  // namespace

std::string format_hhmm(int minute) {
  return fmt::format("{:02}:{:02}", (minute / 60) % 24, minute % 60);
}

Json to_json(const DutyPost& p) {
  return {{"id", p.id},
          {"facility_id", p.facility_id},
          {"region_id", p.region_id},
          {"name", p.name},
          {"lat", p.lat},
          {"lon", p.lon},
          {"min_guards", p.min_guards},
          {"target_guards", p.target_guards},
          {"skills", p.skills},
          {"sex", opt(p.sex)},
          {"min_age", opt(p.min_age)},
          {"active_from", p.active_from},
          {"active_to", opt(p.active_to)},
          {"created_at", instant(p.created_at)},
          {"updated_at", instant(p.updated_at)}};
}

Json to_json(const Pattern& p) {
  Json shifts = Json::array();
  for (const auto& s : p.shifts)
    shifts.push_back({{"start", format_hhmm(s.start_minute)},
                      {"end", format_hhmm(s.start_minute + s.minutes)},
                      {"hours", s.minutes / 60.0},
                      {"overnight", s.start_minute + s.minutes > 1440}});
  return {{"id", p.id},       {"post_id", p.post_id},       {"label", p.label},
          {"shifts", shifts}, {"valid_from", p.valid_from}, {"created_at", instant(p.created_at)}};
}

Json to_json(const FacilityUnit& u) {
  return {{"facility_id", u.facility_id}, {"unit_id", u.unit_id}};
}

Json to_json(const RosterRun& r) {
  return {{"id", r.id},
          {"region_id", opt(r.region_id)},
          {"from", r.from_date},
          {"days", r.days},
          {"solver", r.solver},
          {"rules", r.rules},
          {"status", r.status},
          {"progress", r.progress},
          {"error", opt(r.error)},
          {"summary", r.summary},
          {"state", r.state},
          {"version", r.version},
          {"created_by", r.created_by},
          {"created_at", instant(r.created_at)},
          {"started_at", r.started_at ? Json(instant(*r.started_at)) : Json()},
          {"finished_at", r.finished_at ? Json(instant(*r.finished_at)) : Json()}};
}

Json to_json(const RosterVersion& v) {
  return {{"version", v.version},
          {"kind", v.kind},
          {"change", v.change},
          {"created_by", v.created_by},
          {"created_at", instant(v.created_at)}};
}

Json to_json(const Candidate& c) {
  return {{"person_id", c.person_id},
          {"name", c.name},
          {"km", std::round(c.km * 10) / 10},
          {"hours_week", c.hours_week}};
}

Json to_json(const Duty& d, std::string_view zone) {
  return {{"roster_id", d.roster_id},
          {"shift_id", d.shift_id},
          {"post_id", d.post_id},
          {"post", d.post_name},
          {"facility_id", d.facility_id},
          {"day", d.day},
          {"state", d.state},
          {"starts_at", instant(d.starts_at)},
          {"ends_at", instant(d.ends_at)},
          {"starts_local", format_local(d.starts_at, zone)},
          {"ends_local", format_local(d.ends_at, zone)}};
}

Json to_json(const SickReport& r, std::string_view zone) {
  Json duties = Json::array();
  for (const auto& d : r.duties) duties.push_back(to_json(d, zone));
  return {{"id", r.id},
          {"person_id", r.person_id},
          {"name", r.name},
          {"from", r.from_date},
          {"to", r.to_date},
          {"note", r.note},
          {"created_by", r.created_by},
          {"created_at", instant(r.created_at)},
          {"status", r.status},
          {"closed_by", r.closed_by ? Json(*r.closed_by) : Json()},
          {"closed_at", r.closed_at ? instant(*r.closed_at) : Json()},
          {"closed_note", r.closed_note ? Json(*r.closed_note) : Json()},
          {"duties", duties}};
}

Json to_json(const SwapRequest& q, std::string_view zone) {
  auto side = [&](std::int64_t shift, std::int64_t person, const std::string& name,
                  const std::string& post, std::int64_t starts) {
    return Json{{"shift_id", shift},
                {"person_id", person},
                {"name", name},
                {"post", post},
                {"starts_at", instant(starts)},
                {"starts_local", format_local(starts, zone)}};
  };
  return {{"id", q.id},
          {"roster_id", q.roster_id},
          {"first", side(q.first_shift_id, q.first_person_id, q.first_name, q.first_post,
                         q.first_starts_at)},
          {"second", side(q.second_shift_id, q.second_person_id, q.second_name, q.second_post,
                          q.second_starts_at)},
          {"reason", q.reason},
          {"status", q.status},
          {"requested_by", q.requested_by},
          {"created_at", instant(q.created_at)},
          {"decided_by", opt(q.decided_by)},
          {"decided_at", q.decided_at ? Json(instant(*q.decided_at)) : Json()},
          {"note", opt(q.note)},
          {"version", opt(q.version)}};
}

Json to_json(const SwapChoice& c, std::string_view zone) {
  return {{"shift_id", c.shift_id},
          {"person_id", c.person_id},
          {"name", c.name},
          {"post", c.post},
          {"starts_at", instant(c.starts_at)},
          {"starts_local", format_local(c.starts_at, zone)}};
}

Json to_json(const RosterView& v, std::string_view zone) {
  Json shifts = Json::array();
  for (const auto& s : v.shifts) {
    Json guards = Json::array();
    for (auto g : s.guards) {
      auto name = v.names.find(g);
      guards.push_back({{"person_id", g}, {"name", name == v.names.end() ? "" : name->second}});
    }
    const int n = int(s.guards.size());
    auto post = v.posts.find(s.post_id);
    shifts.push_back({{"id", s.id},
                      {"post_id", s.post_id},
                      {"post", post == v.posts.end() ? "" : post->second.name},
                      {"day", s.day},
                      {"starts_at", instant(s.starts_at)},
                      {"ends_at", instant(s.ends_at)},
                      {"starts_local", format_local(s.starts_at, zone)},
                      {"ends_local", format_local(s.ends_at, zone)},
                      {"min_guards", s.min_guards},
                      {"target_guards", s.target_guards},
                      {"guards", guards},
                      {"missing_min", std::max(0, s.min_guards - n)},
                      {"missing_target", std::max(0, s.target_guards - n)},
                      {"reason", n < s.target_guards ? opt(s.reason) : Json()}});
  }
  return {{"roster", to_json(v.roster)}, {"version", v.version}, {"shifts", shifts}};
}

}  // namespace qorgan::guard
