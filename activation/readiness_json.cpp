#include "activation/readiness_json.hpp"

#include <cmath>
#include <iterator>

#include "activation/activation_json.hpp"
#include "core/csv.hpp"
#include "core/json_writer.hpp"
#include "core/time.hpp"

namespace qorgan::activation {

namespace {

using core::Json;
using core::JsonWriter;

Json minutes(const std::optional<double>& m) {
  return m ? Json(std::round(*m * 10) / 10) : Json(nullptr);
}

Json positions_json(const std::vector<PositionCoverage>& positions) {
  Json out = Json::array();
  for (const auto& c : positions)
    out.push_back({{"position", c.position},
                   {"target", c.target},
                   {"actual", c.actual},
                   {"short", c.short_of()}});
  return out;
}

Json skills_json(const std::vector<SkillCoverage>& skills) {
  Json out = Json::array();
  for (const auto& s : skills)
    out.push_back({{"skill", s.skill},
                   {"needed", s.needed},
                   {"holders", s.holders},
                   {"short", s.short_of()}});
  return out;
}

// The readiness and the muster are written with core::JsonWriter, not built as a core::Json
// tree: a muster carries a curve of up to 240 points for each unit, and a tree's map per point,
// then its dump, were 40 % of a region's readiness when it carried them all. Every object's keys
// are written in the order core::Json prints them (sorted), so the text is that of the tree's dump
// (readiness_json_test compares the two).

// A part of a whole as a fraction to three places; null when the whole is 0.
void write_share(JsonWriter& w, std::int64_t part, std::int64_t whole) {
  if (whole)
    w.rounded(double(part) / double(whole), 3);
  else
    w.value(nullptr);
}

void write_minutes(JsonWriter& w, const std::optional<double>& m) {
  if (m)
    w.rounded(*m, 1);
  else
    w.value(nullptr);
}

void write_positions(JsonWriter& w, const std::vector<PositionCoverage>& positions) {
  w.begin_array();
  for (const auto& c : positions)
    w.begin_object()
        .key("actual")
        .value(c.actual)
        .key("position")
        .value(c.position)
        .key("short")
        .value(c.short_of())
        .key("target")
        .value(c.target)
        .end_object();
  w.end_array();
}

void write_skills(JsonWriter& w, const std::vector<SkillCoverage>& skills) {
  w.begin_array();
  for (const auto& s : skills)
    w.begin_object()
        .key("holders")
        .value(s.holders)
        .key("needed")
        .value(s.needed)
        .key("short")
        .value(s.short_of())
        .key("skill")
        .value(s.skill)
        .end_object();
  w.end_array();
}

void write_series(JsonWriter& w, const MusterSeries& s) {
  w.begin_object().key("arrived").value(s.figures.arrived);
  if (s.has_curve) {
    w.key("curve").begin_array();
    for (const auto& p : s.figures.curve)
      w.begin_object()
          .key("minutes")
          .rounded(p.minutes, 1)
          .key("share")
          .rounded(p.share, 4)
          .end_object();
    w.end_array();
  }
  w.key("minutes_to_half");
  write_minutes(w, s.figures.minutes_to_half);
  w.key("minutes_to_nine_tenths");
  write_minutes(w, s.figures.minutes_to_nine_tenths);
  if (s.unit_id) w.key("name").value(s.name);
  w.key("target").value(s.figures.target);
  if (s.unit_id) w.key("unit_id").value(*s.unit_id);
  w.end_object();
}

void write_time(JsonWriter& w, const std::optional<std::int64_t>& t) {
  if (t)
    w.value(core::format_rfc3339(*t));
  else
    w.value(nullptr);
}

void write_people(JsonWriter& w, const std::vector<MusterPerson>& people) {
  w.begin_array();
  for (const auto& p : people) {
    w.begin_object().key("answered_at");
    write_time(w, p.answered_at);
    w.key("arrived_at");
    write_time(w, p.muster.arrived_at);
    w.key("delivered_at");
    write_time(w, p.delivered_at);
    w.key("elsewhere").value(p.elsewhere).key("notice_id").value(p.notice_id);
    w.key("person_id").value(p.person_id).key("person_name").value(p.person_name).key("reason");
    if (p.muster.reason)
      w.value(to_string(*p.muster.reason));
    else
      w.value(nullptr);
    w.key("status").value(to_string(p.muster.status)).key("unit_id").value(p.unit_id);
    w.key("unit_name").value(p.unit_name).end_object();
  }
  w.end_array();
}

void write_muster_series(JsonWriter& w, const ActivationMuster& m) {
  w.begin_object().key("total");
  write_series(w, m.total);
  w.key("units").begin_array();
  for (const auto& u : m.units) write_series(w, u);
  w.end_array().end_object();
}

// The activation's own fields (to_json(Activation), a small tree) and the muster's, merged in
// key order into one object; `people` only when `with_people`.
void write_muster(JsonWriter& w, const ActivationMuster& m, bool with_people) {
  struct Field {
    std::string_view key;
    void (*write)(JsonWriter&, const ActivationMuster&);
  };
  static constexpr Field kFields[] = {
      // sorted by key
      {"minutes_since_activation",
       [](JsonWriter& w, const ActivationMuster& m) { w.rounded(m.minutes_since, 1); }},
      {"muster", write_muster_series},
      {"people", [](JsonWriter& w, const ActivationMuster& m) { write_people(w, m.people); }},
      {"plan_name", [](JsonWriter& w, const ActivationMuster& m) { w.value(m.plan_name); }},
  };
  const Field* next = std::begin(kFields);
  // Writes the muster's fields that sort before `key` (all that are left without one).
  auto fields_before = [&](std::optional<std::string_view> key) {
    for (; next != std::end(kFields) && (!key || next->key < *key); ++next)
      if (with_people || next->key != "people") next->write(w.key(next->key), m);
  };
  const Json activation = to_json(m.activation);
  w.begin_object();
  for (const auto& [key, value] : activation.items()) {
    fields_before(key);
    w.key(key).raw(value.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  fields_before(std::nullopt);
  w.end_object();
}

std::string fixed(const std::optional<double>& m) {
  if (!m) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *m);
  return buf;
}

}  // namespace

std::string json_text(const Readiness& r) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("activations").begin_object();
  for (const auto& [key, kind] :
       {std::pair{"exercises", &r.exercises}, std::pair{"real", &r.real}}) {
    w.key(key).begin_array();
    for (const auto& m : *kind) write_muster(w, m, false);
    w.end_array();
  }
  w.end_object().key("date").value(r.date).key("plans").begin_array();
  for (const auto& p : r.plans) {
    w.begin_object().key("actual").value(p.actual).key("name").value(p.name);
    w.key("plan_id").value(p.plan_id).key("positions");
    write_positions(w, p.positions);
    w.key("skills");
    write_skills(w, p.skills);
    w.key("target").value(p.target).key("trained").value(p.trained).key("trained_share");
    write_share(w, p.trained, p.actual);
    w.key("units").begin_array();
    for (const auto& u : p.units) {
      w.begin_object().key("actual").value(u.actual).key("name").value(u.unit_name);
      w.key("positions");
      write_positions(w, u.positions);
      w.key("skills");
      write_skills(w, u.skills);
      w.key("target").value(u.target).key("trained").value(u.trained).key("trained_share");
      write_share(w, u.trained, u.actual);
      w.key("unit_id").value(u.unit_id).end_object();
    }
    w.end_array().end_object();
  }
  // Training is current for members who arrived at an exercise since `since` (inclusive).
  w.end_array().key("training").begin_object();
  w.key("basis").value("exercise_attendance").key("days").value(kTrainingDays);
  w.key("since").value(r.trained_since).end_object();
  w.end_object();
  return out;
}

std::string json_text(const ActivationMuster& m) {
  std::string out;
  JsonWriter w(out);
  write_muster(w, m, true);
  return out;
}

Json to_json(const AfterAction& a) {
  auto unit_json = [](const UnitAfterAction& u) {
    Json reasons = Json::object();
    for (const auto& r : no_show_reasons()) {
      auto it = u.no_shows.find(r);
      reasons[r] = it == u.no_shows.end() ? 0 : it->second;
    }
    Json j{{"target", u.figures.target},
           {"called", u.called},
           {"arrived", u.figures.arrived},
           {"minutes_to_half", minutes(u.figures.minutes_to_half)},
           {"minutes_to_nine_tenths", minutes(u.figures.minutes_to_nine_tenths)},
           {"no_shows", reasons},
           {"positions", positions_json(u.positions)},
           {"skills", skills_json(u.skills)}};
    if (u.unit_id) {
      j["unit_id"] = *u.unit_id;
      j["name"] = u.unit_name;
    }
    return j;
  };
  Json units = Json::array();
  for (const auto& u : a.units) units.push_back(unit_json(u));
  Json no_shows = Json::array();
  for (const auto& n : a.no_shows)
    no_shows.push_back({{"notice_id", n.notice_id},
                        {"person_id", n.person_id},
                        {"person_name", n.person_name},
                        {"unit_id", n.unit_id},
                        {"status", std::string(to_string(n.status))},
                        {"reason", n.reason}});
  Json short_skills = Json::array();
  for (const auto& u : a.units)
    for (const auto& s : u.skills)
      if (s.short_of())
        short_skills.push_back({{"unit_id", *u.unit_id},
                                {"skill", s.skill},
                                {"needed", s.needed},
                                {"holders", s.holders}});
  Json short_positions = Json::array();
  for (const auto& u : a.units)
    for (const auto& c : u.positions)
      if (c.short_of())
        short_positions.push_back({{"unit_id", *u.unit_id},
                                   {"position", c.position},
                                   {"target", c.target},
                                   {"came", c.actual}});
  return {{"activation", to_json(a.activation)},
          {"plan_name", a.plan_name},
          {"exercise", a.activation.kind == Kind::exercise},
          {"day", a.day},
          {"final", a.final},
          {"total", unit_json(a.total)},
          {"units", units},
          {"no_shows", no_shows},
          {"skills_short", short_skills},
          {"positions_short", short_positions}};
}

std::string to_csv(const AfterAction& a) {
  std::vector<std::string> header{"unit_id",
                                  "unit",
                                  "target",
                                  "called",
                                  "arrived",
                                  "minutes_to_50_percent",
                                  "minutes_to_90_percent"};
  for (const auto& r : no_show_reasons()) header.push_back("no_show_" + r);
  header.emplace_back("skills_needed_held");
  header.emplace_back("positions_target_came");
  std::string out = core::csv::write_row(header);
  auto row = [&](const UnitAfterAction& u) {
    std::vector<std::string> f{u.unit_id ? std::to_string(*u.unit_id) : "",
                               u.unit_id ? u.unit_name : "all",
                               std::to_string(u.figures.target),
                               std::to_string(u.called),
                               std::to_string(u.figures.arrived),
                               fixed(u.figures.minutes_to_half),
                               fixed(u.figures.minutes_to_nine_tenths)};
    for (const auto& r : no_show_reasons()) {
      auto it = u.no_shows.find(r);
      f.push_back(std::to_string(it == u.no_shows.end() ? 0 : it->second));
    }
    std::string skills;
    for (const auto& s : u.skills)
      skills += (skills.empty() ? "" : "; ") + s.skill + " " + std::to_string(s.holders) + "/" +
                std::to_string(s.needed);
    f.push_back(skills);
    std::string positions;
    for (const auto& c : u.positions)
      positions += (positions.empty() ? "" : "; ") + c.position + " " + std::to_string(c.actual) +
                   "/" + std::to_string(c.target);
    f.push_back(positions);
    out += core::csv::write_row(f);
  };
  for (const auto& u : a.units) row(u);
  row(a.total);
  return out;
}

}  // namespace qorgan::activation
