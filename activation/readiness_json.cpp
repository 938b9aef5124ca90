#include "activation/readiness_json.hpp"

#include <cmath>

#include "activation/activation_json.hpp"
#include "core/csv.hpp"
#include "core/time.hpp"

namespace qorgan::activation {

namespace {

using core::Json;

Json minutes(const std::optional<double>& m) {
  return m ? Json(std::round(*m * 10) / 10) : Json(nullptr);
}

// A part of a whole as a fraction to three places; null when the whole is 0.
Json share(std::int64_t part, std::int64_t whole) {
  return whole ? Json(std::round(double(part) / double(whole) * 1000) / 1000) : Json(nullptr);
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

Json curve_json(const std::vector<CurvePoint>& curve) {
  Json out = Json::array();
  for (const auto& p : curve)
    out.push_back({{"minutes", std::round(p.minutes * 10) / 10},
                   {"share", std::round(p.share * 10000) / 10000}});
  return out;
}

Json series_json(const MusterSeries& s) {
  Json j{{"target", s.figures.target},
         {"arrived", s.figures.arrived},
         {"minutes_to_half", minutes(s.figures.minutes_to_half)},
         {"minutes_to_nine_tenths", minutes(s.figures.minutes_to_nine_tenths)},
         {"curve", curve_json(s.figures.curve)}};
  if (s.unit_id) {
    j["unit_id"] = *s.unit_id;
    j["name"] = s.name;
  }
  return j;
}

Json muster_json(const ActivationMuster& m) {
  Json units = Json::array();
  for (const auto& u : m.units) units.push_back(series_json(u));
  Json j = to_json(m.activation);
  j["plan_name"] = m.plan_name;
  j["minutes_since_activation"] = std::round(m.minutes_since * 10) / 10;
  j["muster"] = {{"total", series_json(m.total)}, {"units", std::move(units)}};
  return j;
}

std::string fixed(const std::optional<double>& m) {
  if (!m) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *m);
  return buf;
}

}  // namespace

// The arrays built here are moved into their parents: an lvalue in an initializer list is copied,
// with everything below it (the units of a plan, the arrival curves of each unit).
Json to_json(const Readiness& r) {
  Json plans = Json::array();
  for (const auto& p : r.plans) {
    Json units = Json::array();
    for (const auto& u : p.units)
      units.push_back({{"unit_id", u.unit_id},
                       {"name", u.unit_name},
                       {"target", u.target},
                       {"actual", u.actual},
                       {"trained", u.trained},
                       {"trained_share", share(u.trained, u.actual)},
                       {"positions", positions_json(u.positions)},
                       {"skills", skills_json(u.skills)}});
    plans.push_back({{"plan_id", p.plan_id},
                     {"name", p.name},
                     {"target", p.target},
                     {"actual", p.actual},
                     {"trained", p.trained},
                     {"trained_share", share(p.trained, p.actual)},
                     {"positions", positions_json(p.positions)},
                     {"skills", skills_json(p.skills)},
                     {"units", std::move(units)}});
  }
  Json real = Json::array(), exercises = Json::array();
  for (const auto& m : r.real) real.push_back(muster_json(m));
  for (const auto& m : r.exercises) exercises.push_back(muster_json(m));
  return {{"date", r.date},
          // Training is current for members who arrived at an exercise since `since` (inclusive).
          {"training",
           {{"basis", "exercise_attendance"}, {"days", kTrainingDays}, {"since", r.trained_since}}},
          {"plans", std::move(plans)},
          {"activations", {{"real", std::move(real)}, {"exercises", std::move(exercises)}}}};
}

Json to_json(const ActivationMuster& m) {
  Json j = muster_json(m);
  Json people = Json::array();
  for (const auto& p : m.people)
    people.push_back(
        {{"notice_id", p.notice_id},
         {"person_id", p.person_id},
         {"person_name", p.person_name},
         {"unit_id", p.unit_id},
         {"unit_name", p.unit_name},
         {"status", std::string(to_string(p.muster.status))},
         {"reason", p.muster.reason ? Json(std::string(to_string(*p.muster.reason))) : Json()},
         {"answered_at", p.answered_at ? Json(core::format_rfc3339(*p.answered_at)) : Json()},
         {"delivered_at", p.delivered_at ? Json(core::format_rfc3339(*p.delivered_at)) : Json()},
         {"arrived_at",
          p.muster.arrived_at ? Json(core::format_rfc3339(*p.muster.arrived_at)) : Json()},
         {"elsewhere", p.elsewhere}});
  j["people"] = std::move(people);
  return j;
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
