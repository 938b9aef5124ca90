#include "registry/registry_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

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
// order to_json(Person) prints them (nlohmann sorts keys by name). A record is written through a
// pointer into room made for all of it at once (record_room()): some thirty std::string appends
// a record, each checking the room and calling memcpy, were a third of writing it.
class RecordOut {
 public:
  explicit RecordOut(char* at) : at_(at) {}
  char* end() const { return at_; }

  template <size_t N>
  void lit(const char (&s)[N]) {
    std::memcpy(at_, s, N - 1);
    at_ += N - 1;
  }
  void str(std::string_view s) { at_ = core::write_json_string(at_, s); }
  // As str(s); with `Plain`, `s` is known to be JSON as it is (core::json_string_plain) and is
  // copied between quotes, a string of 4 to 16 bytes as two (overlapping) words, unlooked at.
  template <bool Plain>
  void text(std::string_view s) {
    if constexpr (!Plain) return str(s);
    const size_t n = s.size();
    *at_ = '"';
    if (n >= 8 && n <= 16) {
      copy_ends<std::uint64_t>(s);
    } else if (n >= 4 && n < 8) {
      copy_ends<std::uint32_t>(s);
    } else if (n != 0) {
      std::memcpy(at_ + 1, s.data(), n);
    }
    at_[n + 1] = '"';
    at_ += n + 2;
  }
  // A std::optional of std::string or std::string_view.
  template <bool Plain = false, typename Text>
  void nullable(const std::optional<Text>& s) {
    if (s)
      text<Plain>(*s);
    else
      lit("null");
  }
  void num(std::int64_t n) { at_ = std::to_chars(at_, at_ + kNumberRoom, n).ptr; }
  void bytes(const char* s, size_t n) {
    std::memcpy(at_, s, n);
    at_ += n;
  }

  static constexpr size_t kNumberRoom = 20;  // -9223372036854775808

 private:
  // Copies `s`, of sizeof(Word) to 2 * sizeof(Word) bytes, after the quote at at_.
  template <typename Word>
  void copy_ends(std::string_view s) {
    Word a, b;
    std::memcpy(&a, s.data(), sizeof a);
    std::memcpy(&b, s.data() + s.size() - sizeof b, sizeof b);
    std::memcpy(at_ + 1, &a, sizeof a);
    std::memcpy(at_ + 1 + s.size() - sizeof b, &b, sizeof b);
  }

  char* at_;
};

// "HH:MM" of a slot's minute, as snprintf() writes it into 16 bytes (at most 15 characters).
struct Hhmm {
  char text[16];
  int size;
};
Hhmm hhmm_text(int minutes) {
  Hhmm h;
  h.size = std::min(std::snprintf(h.text, sizeof h.text, "%02d:%02d", minutes / 60, minutes % 60),
                    int(sizeof h.text) - 1);
  return h;
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

// The last timestamp written on this thread and its text: the people of one import share their
// creation time (the import's), so a page of them formats it once rather than once a person.
class JsonTimestamps {
 public:
  const QuotedTime& of(std::int64_t t) {
    if (!known_ || t != t_) text_ = timestamp(t), t_ = t, known_ = true;
    return text_;
  }

 private:
  bool known_ = false;
  std::int64_t t_ = 0;
  QuotedTime text_{};
};
thread_local JsonTimestamps written_times;

// The most bytes write_person() writes for `p`: its literals (counted with room to spare), two
// numbers and two timestamps, and each text's json_string_room().
template <typename P>
size_t record_room(const P& p) {
  auto text = [](std::string_view s) { return core::json_string_room(s); };
  auto nullable = [&](const auto& s) { return s ? text(*s) : 4; };
  // The record's literals are under 256 bytes; a skill's under 64 (with its "false" and two
  // nulls), a slot's under 96 with its two quoted "HH:MM" of up to 15 characters and weekday, an
  // absence's under 32 with its null.
  size_t n = 256 + 2 * RecordOut::kNumberRoom + 2 * sizeof(QuotedTime) + text(p.birth_date) +
             text(p.family_name) + text(p.given_name) + text(p.iin) + text(p.status) +
             nullable(p.email) + nullable(p.phone) + nullable(p.language) + nullable(p.patronymic);
  for (const auto& s : p.skills)
    n += 64 + text(s.skill) + nullable(s.expires_on) + nullable(s.qualified_on);
  n += 96 * p.availability.size();
  for (const auto& u : p.unavailable) n += 32 + text(u.from) + text(u.to) + nullable(u.reason);
  return n;
}

// A Person or a ListedPerson: one writer for the single read and the list. `Plain`: p's own texts
// are known to need no escaping (ListedPerson::plain), and are copied.
template <bool Plain, typename P>
void write_person(RecordOut& out, const P& p) {
  out.lit("{\"availability\":[");
  for (size_t i = 0; i < p.availability.size(); ++i) {
    const auto& a = p.availability[i];
    if (i) out.lit(",");
    Hhmm end = hhmm_text(a.end_minute), start = hhmm_text(a.start_minute);
    out.lit("{\"end\":");
    out.str({end.text, size_t(end.size)});
    out.lit(",\"start\":");
    out.str({start.text, size_t(start.size)});
    out.lit(",\"weekday\":");
    out.num(a.weekday);
    out.lit("}");
  }
  out.lit("],\"birth_date\":");
  out.text<Plain>(p.birth_date);
  out.lit(",\"created_at\":");
  // Most records were never changed: one formatting serves both times.
  const QuotedTime created = written_times.of(p.created_at);
  out.bytes(created.data(), created.size());
  if (p.view.contacts) {
    out.lit(",\"email\":");
    out.nullable<Plain>(p.email);
  }
  out.lit(",\"family_name\":");
  out.text<Plain>(p.family_name);
  out.lit(",\"given_name\":");
  out.text<Plain>(p.given_name);
  out.lit(",\"id\":");
  out.num(p.id);
  if (p.view.iin) {
    out.lit(",\"iin\":");
    out.str(p.iin);
  }
  out.lit(",\"language\":");
  out.nullable<Plain>(p.language);
  out.lit(",\"patronymic\":");
  out.nullable<Plain>(p.patronymic);
  if (p.view.contacts) {
    out.lit(",\"phone\":");
    out.nullable<Plain>(p.phone);
  }
  out.lit(",\"region_id\":");
  out.num(p.region_id);
  out.lit(",\"skills\":[");
  for (size_t i = 0; i < p.skills.size(); ++i) {
    const auto& s = p.skills[i];
    if (i) out.lit(",");
    out.lit("{\"expired\":");
    if (s.expired)
      out.lit("true");
    else
      out.lit("false");
    out.lit(",\"expires_on\":");
    out.nullable(s.expires_on);
    out.lit(",\"qualified_on\":");
    out.nullable(s.qualified_on);
    out.lit(",\"skill\":");
    out.str(s.skill);
    out.lit("}");
  }
  out.lit("],\"status\":");
  out.str(p.status);
  out.lit(",\"unavailable\":[");
  for (size_t i = 0; i < p.unavailable.size(); ++i) {
    const auto& u = p.unavailable[i];
    if (i) out.lit(",");
    out.lit("{\"from\":");
    out.str(u.from);
    out.lit(",\"reason\":");
    out.nullable(u.reason);
    out.lit(",\"to\":");
    out.str(u.to);
    out.lit("}");
  }
  out.lit("],\"updated_at\":");
  const QuotedTime& updated =
      p.updated_at == p.created_at ? created : written_times.of(p.updated_at);
  out.bytes(updated.data(), updated.size());
  out.lit("}");
}

// Appends `p` to `out`.
template <typename P>
void append_person(std::string& out, const P& p) {
  const size_t at = out.size(), room = record_room(p);
  out.resize_and_overwrite(at + room, [&](char* text, size_t) {
    RecordOut record(text + at);
    if constexpr (requires { p.plain; }) {
      if (p.plain)
        write_person<true>(record, p);
      else
        write_person<false>(record, p);
    } else {
      write_person<false>(record, p);
    }
    // A record_room() that fell behind write_person() must stop the process at the first
    // record it overran, in the tests, not leave a heap written past its end.
    if (record.end() > text + at + room) std::abort();
    return size_t(record.end() - text);
  });
}

template <size_t N>
void lit(std::string& out, const char (&s)[N]) {
  out.append(s, N - 1);
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
  append_person(out, p);
  return out;
}

PeoplePageText::PeoplePageText(size_t people) {
  out_.reserve(people * 512 + 64);  // a person is 400-500 bytes
  lit(out_, "{\"items\":[");        // as page_json() prints it
}

void PeoplePageText::person(const ListedPerson& p) {
  if (!first_) out_ += ',';
  first_ = false;
  append_person(out_, p);
}

void PeoplePageText::end(const std::optional<std::string>& next_cursor) {
  lit(out_, "],\"next_cursor\":");
  if (next_cursor)
    core::append_json_string(out_, *next_cursor);
  else
    lit(out_, "null");
  out_ += '}';
}

}  // namespace qorgan::registry
