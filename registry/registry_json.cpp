#include "registry/registry_json.hpp"

#include <cstdio>

#include "core/time.hpp"

namespace qorgan::registry {

using core::Json;

namespace {

Json opt(const std::optional<std::string>& s) {
  return s ? Json(*s) : Json(nullptr);
}

Json opt(const std::optional<std::int64_t>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::string hhmm(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

// The members in the order to_json(Person) prints them (nlohmann sorts keys by name).
void write_person(core::JsonWriter& w, const Person& p) {
  w.begin_object().key("availability").begin_array();
  for (const auto& a : p.availability)
    w.begin_object()
        .key("end")
        .value(hhmm(a.end_minute))
        .key("start")
        .value(hhmm(a.start_minute))
        .key("weekday")
        .value(a.weekday)
        .end_object();
  w.end_array().key("birth_date").value(p.birth_date);
  w.key("created_at").value(core::format_rfc3339(p.created_at));
  if (p.view.contacts) w.key("email").value(p.email);
  w.key("family_name").value(p.family_name).key("given_name").value(p.given_name);
  w.key("id").value(p.id);
  if (p.view.iin) w.key("iin").value(p.iin);
  w.key("language").value(p.language);
  w.key("patronymic").value(p.patronymic);
  if (p.view.contacts) w.key("phone").value(p.phone);
  w.key("region_id").value(p.region_id).key("skills").begin_array();
  for (const auto& s : p.skills)
    w.begin_object()
        .key("expired")
        .value(s.expired)
        .key("expires_on")
        .value(s.expires_on)
        .key("qualified_on")
        .value(s.qualified_on)
        .key("skill")
        .value(s.skill)
        .end_object();
  w.end_array().key("status").value(p.status).key("unavailable").begin_array();
  for (const auto& u : p.unavailable)
    w.begin_object()
        .key("from")
        .value(u.from)
        .key("reason")
        .value(u.reason)
        .key("to")
        .value(u.to)
        .end_object();
  w.end_array().key("updated_at").value(core::format_rfc3339(p.updated_at)).end_object();
}

}  // namespace

Json to_json(const Region& r) {
  return {{"id", r.id},
          {"parent_id", opt(r.parent_id)},
          {"code", r.code},
          {"level", r.level},
          {"name", {{"kk", r.name_kk}, {"ru", r.name_ru}, {"en", r.name_en}}},
          {"centroid", r.lat ? Json{{"lat", *r.lat}, {"lon", *r.lon}} : Json(nullptr)}};
}

Json to_json(const Organisation& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"kind", o.kind},
          {"size_category", o.size_category},
          {"protection_obligation", o.protection_obligation()},
          {"region_id", opt(o.region_id)},
          {"contact_name", opt(o.contact_name)},
          {"phone", opt(o.phone)},
          {"email", opt(o.email)},
          {"created_at", core::format_rfc3339(o.created_at)},
          {"updated_at", core::format_rfc3339(o.updated_at)}};
}

Json to_json(const Unit& u) {
  Json pos = Json::array();
  for (const auto& p : u.positions) pos.push_back({{"position", p.position}, {"target", p.target}});
  return {{"id", u.id},
          {"parent_id", opt(u.parent_id)},
          {"name", u.name},
          {"kind", u.kind},
          {"region_id", u.region_id},
          {"status", u.status},
          {"commander_id", opt(u.commander_id)},
          {"positions", std::move(pos)},
          {"created_at", core::format_rfc3339(u.created_at)},
          {"updated_at", core::format_rfc3339(u.updated_at)}};
}

Json to_json(const UnitStrength& s) {
  Json positions = Json::array();
  for (const auto& p : s.positions)
    positions.push_back({{"position", p.position}, {"target", p.target}, {"actual", p.actual}});
  return {{"unit_id", s.unit_id},
          {"positions", std::move(positions)},
          {"target_total", s.target_total},
          {"actual_total", s.actual_total}};
}

Json to_json(const Facility& x) {
  return {{"id", x.id},
          {"name", x.name},
          {"kind", x.kind},
          {"organisation_id", opt(x.organisation_id)},
          {"region_id", x.region_id},
          {"address", opt(x.address)},
          {"location", {{"lat", x.lat}, {"lon", x.lon}}},
          {"criticality", x.criticality},
          {"guard_posts", x.guard_posts},
          {"shelter_capacity", opt(x.shelter_capacity)},
          {"created_at", core::format_rfc3339(x.created_at)},
          {"updated_at", core::format_rfc3339(x.updated_at)}};
}

Json to_json(const Membership& m) {
  return {{"id", m.id},           {"person_id", m.person_id},
          {"unit_id", m.unit_id}, {"position", m.position},
          {"from", m.from},       {"to", opt(m.to)},
          {"current", m.current}};
}

Json to_json(const Person& p) {
  Json skills = Json::array();
  for (const auto& s : p.skills)
    skills.push_back({{"skill", s.skill},
                      {"qualified_on", opt(s.qualified_on)},
                      {"expires_on", opt(s.expires_on)},
                      {"expired", s.expired}});
  Json slots = Json::array();
  for (const auto& a : p.availability)
    slots.push_back(
        {{"weekday", a.weekday}, {"start", hhmm(a.start_minute)}, {"end", hhmm(a.end_minute)}});
  Json absences = Json::array();
  for (const auto& u : p.unavailable)
    absences.push_back({{"from", u.from}, {"to", u.to}, {"reason", opt(u.reason)}});
  Json j{{"id", p.id},
         {"family_name", p.family_name},
         {"given_name", p.given_name},
         {"patronymic", opt(p.patronymic)},
         {"language", opt(p.language)},
         {"birth_date", p.birth_date},
         {"region_id", p.region_id},
         {"status", p.status},
         {"skills", std::move(skills)},
         {"availability", std::move(slots)},
         {"unavailable", std::move(absences)},
         {"created_at", core::format_rfc3339(p.created_at)},
         {"updated_at", core::format_rfc3339(p.updated_at)}};
  if (p.view.iin) j["iin"] = p.iin;
  if (p.view.contacts) {
    j["phone"] = opt(p.phone);
    j["email"] = opt(p.email);
  }
  return j;
}

Json to_json(const csv::ImportReport& r, size_t max_problems) {
  Json list = Json::array();
  for (size_t i = 0; i < r.problems.size() && i < max_problems; ++i)
    list.push_back(
        {{"row", r.problems[i].row},
         {"column", r.problems[i].column.empty() ? Json(nullptr) : Json(r.problems[i].column)},
         {"message", r.problems[i].message}});
  return {{"dry_run", r.dry_run},
          {"valid", r.valid},
          {"rows", r.rows},
          {"stored", r.stored},
          {"sha256", r.sha256},
          {"problems", std::move(list)},
          {"problem_count", r.problem_count()},
          {"preview", r.preview}};
}

std::string person_text(const Person& p) {
  std::string out;
  core::JsonWriter w(out);
  write_person(w, p);
  return out;
}

std::string people_text(const core::Page<Person>& page) {
  std::string out;
  out.reserve(page.items.size() * 512 + 64);  // a person is 400-500 bytes
  core::JsonWriter w(out);
  w.begin_object().key("items").begin_array();  // as page_json() prints it
  for (const auto& p : page.items) write_person(w, p);
  w.end_array().key("next_cursor").value(page.next_cursor).end_object();
  return out;
}

}  // namespace qorgan::registry
