#include "activation/readiness_json.hpp"

#include <gtest/gtest.h>

namespace qorgan::activation {

namespace {

using core::Json;

MusterSeries series(std::optional<std::int64_t> unit_id, std::string name,
                    std::vector<CurvePoint> curve) {
  MusterSeries s{unit_id, std::move(name), {}};
  s.figures.target = 3;
  s.figures.arrived = int(curve.size());
  s.figures.minutes_to_half = curve.size() > 1 ? std::optional(curve[1].minutes) : std::nullopt;
  s.figures.curve = std::move(curve);
  return s;
}

ActivationMuster muster() {
  ActivationMuster m;
  m.activation.id = 4;
  m.activation.plan_id = 2;
  m.activation.kind = Kind::real;
  m.activation.phase = Phase::active;
  m.activation.proposed_by = "hq-aliya";
  m.activation.proposed_at = 1764930000000000;
  m.activation.activated_at = 1764930600000000;
  m.activation.counts = {{"arrived", 2}, {"called", 1}};
  m.plan_name = "Алмалы \"North\" \\ plan";
  m.minutes_since = 95.04;
  m.units.push_back(series(17, "Рота 1 «Жетісу»", {{0.04, 1.0 / 3}, {12.0, 2.0 / 3}}));
  m.units.push_back(series(18, "Empty unit", {}));
  m.total = series(std::nullopt, "", {{0.04, 0.16667}, {12.0, 1.0 / 3}, {1234.56, 1.0}});
  return m;
}

void expect_muster(const Json& j) {
  EXPECT_EQ(j.at("id"), 4);
  EXPECT_EQ(j.at("phase"), "active");
  EXPECT_EQ(j.at("counts").at("arrived"), 2);
  EXPECT_EQ(j.at("plan_name"), "Алмалы \"North\" \\ plan");
  EXPECT_DOUBLE_EQ(j.at("minutes_since_activation").get<double>(), 95.0);
  const Json& total = j.at("muster").at("total");
  EXPECT_FALSE(total.contains("unit_id"));
  EXPECT_EQ(total.at("target"), 3);
  EXPECT_EQ(total.at("arrived"), 3);
  EXPECT_DOUBLE_EQ(total.at("minutes_to_half").get<double>(), 12.0);
  EXPECT_TRUE(total.at("minutes_to_nine_tenths").is_null());
  ASSERT_EQ(total.at("curve").size(), 3u);
  EXPECT_DOUBLE_EQ(total.at("curve")[0].at("minutes").get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(total.at("curve")[0].at("share").get<double>(), 0.1667);
  EXPECT_DOUBLE_EQ(total.at("curve")[2].at("minutes").get<double>(), 1234.6);
  EXPECT_DOUBLE_EQ(total.at("curve")[2].at("share").get<double>(), 1.0);
  const Json& units = j.at("muster").at("units");
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].at("unit_id"), 17);
  EXPECT_EQ(units[0].at("name"), "Рота 1 «Жетісу»");
  EXPECT_DOUBLE_EQ(units[0].at("curve")[1].at("share").get<double>(), 0.6667);
  EXPECT_EQ(units[1].at("curve"), Json::array());
  EXPECT_TRUE(units[1].at("minutes_to_half").is_null());
}

}  // namespace

// The readiness and the muster are written as text by hand: what a client reads back from them
// is the values they were made of, every name escaped.
TEST(ReadinessJson, TheReadinessTextReadsBackAsItsFigures) {
  Readiness r;
  r.date = "2026-12-06";
  r.trained_since = "2025-12-07";
  PlanReadiness p{9, "План \"A\"", "/1/", {}, 10, 8, 4, {{"medic", 2, 1}}, {}};
  p.units.push_back({9, 17, "Рота 1", "/1/", 10, 8, {{"medic", 2, 1}}, {}, 4});
  r.plans.push_back(p);
  r.real.push_back(muster());

  auto j = Json::parse(json_text(r));
  EXPECT_EQ(j.at("date"), "2026-12-06");
  EXPECT_EQ(j.at("training").at("since"), "2025-12-07");
  EXPECT_EQ(j.at("plans")[0].at("name"), "План \"A\"");
  EXPECT_EQ(j.at("plans")[0].at("units")[0].at("skills")[0].at("short"), true);
  EXPECT_DOUBLE_EQ(j.at("plans")[0].at("trained_share").get<double>(), 0.5);
  EXPECT_EQ(j.at("activations").at("exercises"), Json::array());
  ASSERT_EQ(j.at("activations").at("real").size(), 1u);
  expect_muster(j.at("activations").at("real")[0]);

  Readiness empty;
  empty.date = "2026-12-06";
  auto e = Json::parse(json_text(empty));
  EXPECT_EQ(e.at("plans"), Json::array());
  EXPECT_EQ(e.at("activations").at("real"), Json::array());
}

TEST(ReadinessJson, TheMusterTextReadsBackWithItsPeople) {
  ActivationMuster m = muster();
  m.people.push_back({7,
                      11,
                      17,
                      "O'Brien \"Q\" \\ Дана",
                      "Рота 1",
                      {Muster::arrived, std::nullopt, 1764930601000000},
                      std::nullopt,
                      std::nullopt,
                      true});
  auto j = Json::parse(json_text(m));
  expect_muster(j);
  ASSERT_EQ(j.at("people").size(), 1u);
  EXPECT_EQ(j.at("people")[0].at("person_name"), "O'Brien \"Q\" \\ Дана");
  EXPECT_EQ(j.at("people")[0].at("status"), "arrived");
  EXPECT_EQ(j.at("people")[0].at("elsewhere"), true);
}

// Numbers as core::Json writes them (the curve's minutes to a tenth, its shares to four places),
// so that a reader sees no difference from the tree's dump of before.
TEST(ReadinessJson, CurveNumbersAreWrittenAsCoreJsonWritesThem) {
  std::vector<CurvePoint> curve{{0.0, 0.0},   {10000.0, 1.0},    {7.25, 0.00014}, {0.1, 0.5},
                                {0.04, 0.05}, {1e9 + 0.3, 12.5}, {99.95, 0.09999}};
  for (int i = 0; i < 3000; ++i) curve.push_back({i * 0.0137 + i * i * 0.31, i / 2999.0});
  Json expected = Json::array();
  for (const auto& p : curve)
    expected.push_back({{"minutes", std::round(p.minutes * 10) / 10},
                        {"share", std::round(p.share * 10000) / 10000}});
  ActivationMuster m = muster();
  m.total = series(std::nullopt, "", curve);
  const std::string text = json_text(m);
  const std::string dump = "\"curve\":" + expected.dump();
  EXPECT_NE(text.find(dump), std::string::npos) << text.substr(0, 2000);
  EXPECT_NE(text.find(R"({"minutes":10000.0,"share":1.0},{"minutes":7.3,"share":0.0001})"),
            std::string::npos);
}

}  // namespace qorgan::activation
