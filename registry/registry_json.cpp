#include "registry/registry_json.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "core/rfc3339.hpp"
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

// A person is written by hand rather than through JsonWriter: a list page is fifty of them, and
// putting each key through the writer's separators and escaping was a tenth of the page's CPU.
// The keys go out with their quotes, colon and the comma before them as one literal each, in the
// order to_json(Person) prints them (nlohmann sorts keys by name).
template <size_t N>
void lit(std::string& out, const char (&s)[N]) {
  out.append(s, N - 1);
}

void str(std::string& out, std::string_view s) {
  core::append_json_string(out, s);
}

// A std::optional of std::string or std::string_view.
template <typename Text>
void nullable(std::string& out, const std::optional<Text>& s) {
  if (s)
    core::append_json_string(out, *s);
  else
    lit(out, "null");
}

void num(std::string& out, std::int64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

// A timestamp as core::format_rfc3339 writes it, as a JSON string: two a record, and the string
// that format_rfc3339 returns was an allocation each.
using QuotedTime = std::array<char, core::kRfc3339Chars + 2>;
QuotedTime timestamp(std::int64_t t) {
  QuotedTime text;
  text.front() = text.back() = '"';
  core::write_rfc3339(text.data() + 1, t);
  return text;
}

// A Person or a ListedPerson: one writer for the single read and the list.
template <typename P>
void write_person(std::string& out, const P& p) {
  lit(out, "{\"availability\":[");
  for (size_t i = 0; i < p.availability.size(); ++i) {
    const auto& a = p.availability[i];
    if (i) out += ',';
    lit(out, "{\"end\":");
    str(out, hhmm(a.end_minute));
    lit(out, ",\"start\":");
    str(out, hhmm(a.start_minute));
    lit(out, ",\"weekday\":");
    num(out, a.weekday);
    out += '}';
  }
  lit(out, "],\"birth_date\":");
  str(out, p.birth_date);
  lit(out, ",\"created_at\":");
  // Most records were never changed: one formatting serves both times.
  QuotedTime created = timestamp(p.created_at);
  out.append(created.data(), created.size());
  if (p.view.contacts) {
    lit(out, ",\"email\":");
    nullable(out, p.email);
  }
  lit(out, ",\"family_name\":");
  str(out, p.family_name);
  lit(out, ",\"given_name\":");
  str(out, p.given_name);
  lit(out, ",\"id\":");
  num(out, p.id);
  if (p.view.iin) {
    lit(out, ",\"iin\":");
    str(out, p.iin);
  }
  lit(out, ",\"language\":");
  nullable(out, p.language);
  lit(out, ",\"patronymic\":");
  nullable(out, p.patronymic);
  if (p.view.contacts) {
    lit(out, ",\"phone\":");
    nullable(out, p.phone);
  }
  lit(out, ",\"region_id\":");
  num(out, p.region_id);
  lit(out, ",\"skills\":[");
  for (size_t i = 0; i < p.skills.size(); ++i) {
    const auto& s = p.skills[i];
    if (i) out += ',';
    lit(out, "{\"expired\":");
    if (s.expired)
      lit(out, "true");
    else
      lit(out, "false");
    lit(out, ",\"expires_on\":");
    nullable(out, s.expires_on);
    lit(out, ",\"qualified_on\":");
    nullable(out, s.qualified_on);
    lit(out, ",\"skill\":");
    str(out, s.skill);
    out += '}';
  }
  lit(out, "],\"status\":");
  str(out, p.status);
  lit(out, ",\"unavailable\":[");
  for (size_t i = 0; i < p.unavailable.size(); ++i) {
    const auto& u = p.unavailable[i];
    if (i) out += ',';
    lit(out, "{\"from\":");
    str(out, u.from);
    lit(out, ",\"reason\":");
    nullable(out, u.reason);
    lit(out, ",\"to\":");
    str(out, u.to);
    out += '}';
  }
  lit(out, "],\"updated_at\":");
  QuotedTime updated = p.updated_at == p.created_at ? created : timestamp(p.updated_at);
  out.append(updated.data(), updated.size());
  out += '}';
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
  out.reserve(512);
  write_person(out, p);
  return out;
}

PeoplePageText::PeoplePageText(size_t people) {
  out_.reserve(people * 512 + 64);  // a person is 400-500 bytes
  lit(out_, "{\"items\":[");        // as page_json() prints it
}

void PeoplePageText::person(const ListedPerson& p) {
  if (!first_) out_ += ',';
  first_ = false;
  write_person(out_, p);
}

void PeoplePageText::end(const std::optional<std::string>& next_cursor) {
  lit(out_, "],\"next_cursor\":");
  nullable(out_, next_cursor);
  out_ += '}';
}

}  // namespace qorgan::registry
