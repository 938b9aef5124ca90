#include "activation/readiness_json.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "activation/activation_json.hpp"
#include "core/time.hpp"

namespace qorgan::activation {

namespace {

using core::Json;

// The answers as a core::Json tree, built the plain way: what the written text must equal, byte
// for byte, as the rest of the API's answers are this tree's dump.
Json rounded(double x, int places) {
  const double scale = std::pow(10.0, places);
  return std::round(x * scale) / scale;
}

Json minutes_tree(const std::optional<double>& m) {
  return m ? rounded(*m, 1) : Json(nullptr);
}

Json series_tree(const MusterSeries& s) {
  Json j{{"target", s.figures.target},
         {"arrived", s.figures.arrived},
         {"minutes_to_half", minutes_tree(s.figures.minutes_to_half)},
         {"minutes_to_nine_tenths", minutes_tree(s.figures.minutes_to_nine_tenths)}};
  if (s.has_curve) {
    Json curve = Json::array();
    for (const auto& p : s.figures.curve)
      curve.push_back({{"minutes", rounded(p.minutes, 1)}, {"share", rounded(p.share, 4)}});
    j["curve"] = curve;
  }
  if (s.unit_id) {
    j["unit_id"] = *s.unit_id;
    j["name"] = s.name;
  }
  return j;
}

Json time_tree(const std::optional<std::int64_t>& t) {
  return t ? Json(core::format_rfc3339(*t)) : Json(nullptr);
}

Json muster_tree(const ActivationMuster& m, bool with_people) {
  Json j = to_json(m.activation);
  j["plan_name"] = m.plan_name;
  j["minutes_since_activation"] = rounded(m.minutes_since, 1);
  Json units = Json::array();
  for (const auto& u : m.units) units.push_back(series_tree(u));
  j["muster"] = {{"total", series_tree(m.total)}, {"units", units}};
  if (!with_people) return j;
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
         {"answered_at", time_tree(p.answered_at)},
         {"delivered_at", time_tree(p.delivered_at)},
         {"arrived_at", time_tree(p.muster.arrived_at)},
         {"elsewhere", p.elsewhere}});
  j["people"] = people;
  return j;
}

Json coverage_tree(const std::vector<PositionCoverage>& positions,
                   const std::vector<SkillCoverage>& skills, Json& into) {
  Json p = Json::array(), s = Json::array();
  for (const auto& c : positions)
    p.push_back({{"position", c.position},
                 {"target", c.target},
                 {"actual", c.actual},
                 {"short", c.short_of()}});
  for (const auto& k : skills)
    s.push_back({{"skill", k.skill},
                 {"needed", k.needed},
                 {"holders", k.holders},
                 {"short", k.short_of()}});
  into["positions"] = p;
  into["skills"] = s;
  return into;
}

Json share_tree(std::int64_t part, std::int64_t whole) {
  return whole ? rounded(double(part) / double(whole), 3) : Json(nullptr);
}

Json readiness_tree(const Readiness& r) {
  Json plans = Json::array();
  for (const auto& p : r.plans) {
    Json units = Json::array();
    for (const auto& u : p.units) {
      Json uj{{"unit_id", u.unit_id}, {"name", u.unit_name},
              {"target", u.target},   {"actual", u.actual},
              {"trained", u.trained}, {"trained_share", share_tree(u.trained, u.actual)}};
      units.push_back(coverage_tree(u.positions, u.skills, uj));
    }
    Json pj{{"plan_id", p.plan_id}, {"name", p.name},
            {"target", p.target},   {"actual", p.actual},
            {"trained", p.trained}, {"trained_share", share_tree(p.trained, p.actual)},
            {"units", units}};
    plans.push_back(coverage_tree(p.positions, p.skills, pj));
  }
  Json real = Json::array(), exercises = Json::array();
  for (const auto& m : r.real) real.push_back(muster_tree(m, false));
  for (const auto& m : r.exercises) exercises.push_back(muster_tree(m, false));
  return {{"date", r.date},
          {"training",
           {{"basis", "exercise_attendance"}, {"days", kTrainingDays}, {"since", r.trained_since}}},
          {"plans", plans},
          {"activations", {{"real", real}, {"exercises", exercises}}}};
}

std::string dumped(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

MusterSeries series(std::optional<std::int64_t> unit_id, std::string name,
                    std::vector<CurvePoint> curve) {
  MusterSeries s{unit_id, std::move(name), {}};
  s.figures.target = 3;
  s.figures.arrived = int(curve.size());
  s.figures.minutes_to_half = curve.size() > 1 ? std::optional(curve[1].minutes) : std::nullopt;
  s.figures.minutes_to_nine_tenths =
      curve.size() > 2 ? std::optional(curve[2].minutes) : std::nullopt;
  s.figures.curve = std::move(curve);
  return s;
}

ActivationMuster muster() {
  ActivationMuster m;
  m.activation.id = 4;
  m.activation.plan_id = 2;
  m.activation.kind = Kind::real;
  m.activation.phase = Phase::active;
  m.activation.deadline_minutes = 360;
  m.activation.proposed_by = "hq-aliya";
  m.activation.proposed_at = 1764930000000000;
  m.activation.approved_by = "hq-daniyar";
  m.activation.activated_at = 1764930600000000;
  m.activation.deadline_at = 1764952200000000;
  m.activation.counts = {{"arrived", 2}, {"called", 1}};
  m.plan_name = "Алмалы \"North\" \\ plan";
  m.minutes_since = 95.04;
  m.units.push_back(series(17, "Рота 1 «Жетісу»", {{0.04, 1.0 / 3}, {12.05, 2.0 / 3}}));
  m.units.push_back(series(18, "Empty unit", {}));
  m.total = series(std::nullopt, "", {{0.04, 0.16667}, {12.05, 1.0 / 3}, {1234.56, 1.0}});
  return m;
}

// An exercise whose plan has no units left in view: an empty muster.
ActivationMuster exercise_without_units() {
  ActivationMuster m;
  m.activation.id = 5;
  m.activation.plan_id = 3;
  m.activation.kind = Kind::exercise;
  m.activation.phase = Phase::active;
  m.activation.proposed_by = "hq-aliya";
  m.activation.proposed_at = 1764930000000000;
  m.activation.activated_at = 1764931200000000;
  m.plan_name = "Учение «Көктем»";
  m.minutes_since = 0.05;
  m.total = series(std::nullopt, "", {});
  m.total.figures.target = 0;
  return m;
}

Readiness readiness() {
  Readiness r;
  r.date = "2026-12-06";
  r.trained_since = "2025-12-07";
  PlanReadiness p{9,
                  "План \"A\"",
                  "/1/",
                  {},
                  12,
                  9,
                  2,
                  {{"medic", 2, 1}, {"driver", 1, 3}},
                  {{"Командир", 1, 1}}};
  p.units.push_back({9, 17, "Рота 1 «Жетісу»", "/1/", 9, 3, {{"medic", 2, 1}}, {}, 1});
  p.units.push_back({9, 18, "Взвод Қ-2", "/1/", 3, 0, {}, {{"Командир", 1, 0}}, 0});
  r.plans.push_back(p);
  r.plans.push_back({10, "Empty plan", "/1/", {}, 0, 0, 0, {}, {}});
  r.real.push_back(muster());
  // An activation of more units than a chart tells apart: the units' figures without curves.
  ActivationMuster many = muster();
  many.activation.id = 6;
  for (auto& u : many.units) {
    u.has_curve = false;
    u.figures.curve.clear();
  }
  r.real.push_back(many);
  r.exercises.push_back(exercise_without_units());
  return r;
}

}  // namespace

// The text is the tree's dump, keys sorted as in every other answer of the API:
// 2 of 9 members trained is 0.222, 1 of 3 is 0.333, a share of 0.16667 is 0.1667, 12.05 minutes
// 12.1 (and 0.04 minutes 0.0), names in Cyrillic and Kazakh letters kept as they are.
TEST(ReadinessJson, TheReadinessIsTheDumpOfItsTree) {
  const Readiness r = readiness();
  const std::string text = json_text(r);
  const Json expected = readiness_tree(r);
  EXPECT_EQ(text, dumped(expected));
  EXPECT_EQ(Json::parse(text), expected);

  const Json j = Json::parse(text);
  EXPECT_EQ(j.at("plans")[0].at("trained_share"), 0.222);
  EXPECT_EQ(j.at("plans")[0].at("units")[0].at("trained_share"), 0.333);
  EXPECT_TRUE(j.at("plans")[0].at("units")[1].at("trained_share").is_null());
  EXPECT_EQ(j.at("plans")[0].at("units")[1].at("name"), "Взвод Қ-2");
  const Json& real = j.at("activations").at("real")[0];
  EXPECT_FALSE(real.contains("people"));
  EXPECT_EQ(real.at("minutes_since_activation"), 95.0);
  EXPECT_EQ(real.at("muster").at("total").at("curve")[0],
            (Json{{"minutes", 0.0}, {"share", 0.1667}}));
  EXPECT_EQ(real.at("muster").at("total").at("minutes_to_half"), 12.1);
  EXPECT_EQ(real.at("muster").at("units")[0].at("name"), "Рота 1 «Жетісу»");
  EXPECT_EQ(real.at("muster").at("units")[0].at("curve").size(), 2u);
  const Json& many = j.at("activations").at("real")[1].at("muster");
  EXPECT_FALSE(many.at("units")[0].contains("curve"));
  EXPECT_EQ(many.at("units")[0].at("minutes_to_half"), 12.1);
  EXPECT_EQ(many.at("total").at("curve").size(), 3u);
  const Json& exercise = j.at("activations").at("exercises")[0];
  EXPECT_EQ(exercise.at("muster").at("units"), Json::array());
  EXPECT_EQ(exercise.at("minutes_since_activation"), 0.1);
  EXPECT_NE(text.find(R"("activations":{"exercises":[{"activated_at":)"), std::string::npos);

  Readiness empty;
  empty.date = "2026-12-06";
  EXPECT_EQ(json_text(empty), dumped(readiness_tree(empty)));
}

TEST(ReadinessJson, TheMusterIsTheDumpOfItsTree) {
  for (ActivationMuster m : {muster(), exercise_without_units()}) {
    m.people.push_back({7,
                        11,
                        17,
                        "O'Brien \"Q\" \\ Дана\n",
                        "Рота 1 «Жетісу»",
                        {Muster::arrived, std::nullopt, 1764930601000000},
                        std::nullopt,
                        1764930300000000,
                        true});
    m.people.push_back({8,
                        12,
                        18,
                        "Сейітқали Әсел",
                        "Empty unit",
                        {Muster::declined, DeclineReason::ill, std::nullopt},
                        1764930400000000,
                        std::nullopt,
                        false});
    const std::string text = json_text(m);
    const Json expected = muster_tree(m, true);
    EXPECT_EQ(text, dumped(expected));
    EXPECT_EQ(Json::parse(text), expected);
    EXPECT_EQ(Json::parse(text).at("people")[1].at("reason"), "ill");
  }
}

// Numbers are written from their rounded integers (core::JsonWriter::rounded): a long curve of
// uneven minutes and shares reads as the tree's dump.
TEST(ReadinessJson, ALongCurveIsTheDumpOfItsTree) {
  std::vector<CurvePoint> curve{{0.0, 0.0},   {10000.0, 1.0},    {7.25, 0.00014}, {0.1, 0.5},
                                {0.04, 0.05}, {1e9 + 0.3, 12.5}, {99.95, 0.09999}};
  for (int i = 0; i < 3000; ++i) curve.push_back({i * 0.0137 + i * i * 0.31, i / 2999.0});
  ActivationMuster m = muster();
  m.total = series(std::nullopt, "", curve);
  const std::string text = json_text(m);
  EXPECT_EQ(text, dumped(muster_tree(m, true)));
  EXPECT_NE(text.find(R"({"minutes":10000.0,"share":1.0},{"minutes":7.3,"share":0.0001})"),
            std::string::npos);
}

}  // namespace qorgan::activation
