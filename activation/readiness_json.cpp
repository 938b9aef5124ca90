#include "activation/readiness_json.hpp"

#include <charconv>
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

// The readiness and the muster are written as text, not built as a core::Json tree: during a
// large activation they carry a curve point per arrival of each unit (50,000 after 50,000
// check-ins), and a tree's map per point, then its dump, were 40 % of a region's readiness.
// The parts without curves are small and still go through core::Json.
void put(std::string& out, const Json& j) {
  out += j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void put(std::string& out, std::int64_t n) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
}

// std::round(x · 10^places) / 10^places as core::Json writes that double: its shortest text,
// which is the rounded decimal itself, with ".0" on whole numbers; null when not finite.
void put_rounded(std::string& out, double x, int places) {
  double scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  const double scaled = std::round(x * scale);
  if (!std::isfinite(scaled) || std::fabs(scaled) >= 1e15) {
    out += std::isfinite(scaled) ? Json(scaled / scale).dump() : "null";
    return;
  }
  auto n = std::int64_t(scaled);
  if (n < 0 || std::signbit(scaled)) out += '-';
  const auto units = std::uint64_t(n < 0 ? -n : n);
  const auto whole = units / std::uint64_t(scale);
  auto fraction = units % std::uint64_t(scale);
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, whole).ptr);
  out += '.';
  if (fraction == 0) {
    out += '0';
    return;
  }
  int digits = places;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  char* end = std::to_chars(buf, buf + sizeof buf, fraction).ptr;
  out.append(std::size_t(digits - (end - buf)), '0');  // the fraction's leading zeros
  out.append(buf, end);
}

void put_minutes(std::string& out, const std::optional<double>& m) {
  if (m)
    put_rounded(out, *m, 1);
  else
    out += "null";
}

void put_series(std::string& out, const MusterSeries& s) {
  out += "{\"target\":";
  put(out, std::int64_t(s.figures.target));
  out += ",\"arrived\":";
  put(out, std::int64_t(s.figures.arrived));
  out += ",\"minutes_to_half\":";
  put_minutes(out, s.figures.minutes_to_half);
  out += ",\"minutes_to_nine_tenths\":";
  put_minutes(out, s.figures.minutes_to_nine_tenths);
  out += ",\"curve\":[";
  for (const auto& p : s.figures.curve) {
    if (&p != s.figures.curve.data()) out += ',';
    out += "{\"minutes\":";
    put_rounded(out, p.minutes, 1);
    out += ",\"share\":";
    put_rounded(out, p.share, 4);
    out += '}';
  }
  out += ']';
  if (s.unit_id) {
    out += ",\"unit_id\":";
    put(out, *s.unit_id);
    out += ",\"name\":";
    put(out, Json(s.name));
  }
  out += '}';
}

// The activation's own fields (to_json(Activation)) and its muster; `people`, when given, last.
void put_muster(std::string& out, const ActivationMuster& m, const Json* people) {
  std::string activation =
      to_json(m.activation).dump(-1, ' ', false, Json::error_handler_t::replace);
  activation.pop_back();  // its closing brace: the muster's fields follow in the same object
  out += activation;
  out += ",\"plan_name\":";
  put(out, Json(m.plan_name));
  out += ",\"minutes_since_activation\":";
  put_rounded(out, m.minutes_since, 1);
  out += ",\"muster\":{\"total\":";
  put_series(out, m.total);
  out += ",\"units\":[";
  for (const auto& u : m.units) {
    if (&u != m.units.data()) out += ',';
    put_series(out, u);
  }
  out += "]}";
  if (people) {
    out += ",\"people\":";
    put(out, *people);
  }
  out += '}';
}

std::string fixed(const std::optional<double>& m) {
  if (!m) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *m);
  return buf;
}

}  // namespace

// The arrays built here are moved into their parents: an lvalue in an initializer list is copied,
// with everything below it (the units of a plan).
std::string json_text(const Readiness& r) {
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
  std::string out = "{\"date\":";
  put(out, Json(r.date));
  // Training is current for members who arrived at an exercise since `since` (inclusive).
  out += ",\"training\":";
  put(out,
      Json{{"basis", "exercise_attendance"}, {"days", kTrainingDays}, {"since", r.trained_since}});
  out += ",\"plans\":";
  put(out, plans);
  out += ",\"activations\":{";
  for (const auto* kind : {&r.real, &r.exercises}) {
    out += kind == &r.real ? "\"real\":[" : ",\"exercises\":[";
    for (const auto& m : *kind) {
      if (&m != kind->data()) out += ',';
      put_muster(out, m, nullptr);
    }
    out += ']';
  }
  out += "}}";
  return out;
}

std::string json_text(const ActivationMuster& m) {
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
  std::string out;
  put_muster(out, m, &people);
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
