#include "evac/io/plan_json.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "evac/io/plan_csv.hpp"
#include "evac/io/plan_geojson.hpp"
#include "evac/plan/planner.hpp"
#include "evac/test_support.hpp"

namespace qorgan::evac::io {
namespace {

using evac::testing::parse_problem;

// The two-roads network of planners_test.cpp, with coordinates: optimum 5.
const char* kNet = R"(node 0 lat=43.20 lon=76.90
node 1 lat=43.21 lon=76.90
node 2 lat=43.20 lon=76.91
arc 0 1 1 1
arc 0 2 5 2
arc 2 1 5 2
source 0 10 Village
sink 1 100 School
)";

struct Fixture {
  Problem problem = parse_problem(kNet);
  Plan plan = *make_optimal_planner()->plan(problem);
  ValidationReport report = validate(problem, plan);
  nlohmann::json doc = [&] {
    std::ostringstream text;
    write_plan_json(text, plan_head_json(problem, plan, report), problem, plan);
    return nlohmann::json::parse(text.str());
  }();
};

TEST(PlanJson, RoundTripValidates) {
  Fixture f;
  EXPECT_EQ(f.doc["egress_time"], 5);
  EXPECT_EQ(f.doc["compared_with"]["optimum"], 5);
  EXPECT_EQ(f.doc["population"], 10);
  // The narrow road is full for the steps 0..4 in which it is used.
  ASSERT_FALSE(f.doc["bottlenecks"].empty());
  auto back = plan_from_json(f.doc, f.problem.network);
  ASSERT_TRUE(back) << back.error().message;
  const auto r = validate(back->problem, back->plan);
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(r.egress_time, 5);
  EXPECT_EQ(back->plan.groups.size(), f.plan.groups.size());
}

TEST(PlanJson, HandEditsAreCaught) {
  {
    Fixture f;
    f.doc["groups"][0]["count"] = f.doc["groups"][0]["count"].get<int>() + 1;
    auto back = plan_from_json(f.doc, f.problem.network);
    ASSERT_TRUE(back);
    const auto r = validate(back->problem, back->plan);
    ASSERT_FALSE(r.valid());
    EXPECT_NE(r.violations[0].find("has 10 people but the plan routes 11"), std::string::npos)
        << r.violations[0];
  }
  {
    Fixture f;
    f.doc["groups"][0]["route"][0]["to"] = 2;  // arc 0 goes 0 -> 1
    f.doc["groups"][0]["route"][0]["arc"] = 0;
    f.doc["groups"][0]["route"][0]["from"] = 0;
    auto back = plan_from_json(f.doc, f.problem.network);
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().message,
              "groups[0].route[0]: arc 0 runs 0 -> 1, not 0 -> 2 as the plan says");
  }
  {
    Fixture f;
    f.doc["sources"][0]["count"] = 9;
    auto back = plan_from_json(f.doc, f.problem.network);
    ASSERT_FALSE(back);
    EXPECT_NE(back.error().message.find("changed after planning"), std::string::npos);
  }
  {
    Fixture f;
    f.doc["groups"][0]["count"] = "many";
    auto back = plan_from_json(f.doc, f.problem.network);
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().message.find("malformed plan file"), 0u);
  }
  {
    Fixture f;
    Problem other = parse_problem("nodes 1\n");
    auto back = plan_from_json(f.doc, other.network);
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().message.find("the plan was made for another network (3 nodes, 3 arcs"),
              0u);
  }
}

TEST(PlanJson, GeoJsonAndCsv) {
  Fixture f;
  auto geo = plan_to_geojson(f.problem, f.plan, f.report);
  ASSERT_TRUE(geo);
  EXPECT_EQ((*geo)["type"], "FeatureCollection");
  // 3 used arcs + 1 shelter + 1 origin.
  EXPECT_EQ((*geo)["features"].size(), 5u);
  EXPECT_EQ((*geo)["attribution"], "© OpenStreetMap contributors");
  f.problem.shelters[0].name = "=HYPERLINK(\"http://evil.example\",\"open\")";
  const auto csv = plan_groups_csv(f.problem, f.plan);
  // A shelter named like a formula is written as text, never as something a sheet would run.
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\","),
            std::string::npos)
      << csv;
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "group,source,origin,count,departure,arrival,shelter,shelter_name,destination,route");
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')),
            f.plan.groups.size() + 1);
  Problem plain = parse_problem("nodes 2\narc 0 1 1 1\nsource 0 1\nsink 1 1\n");
  Plan p = *make_qorgan_planner()->plan(plain);
  EXPECT_FALSE(plan_to_geojson(plain, p, validate(plain, p)));
}

// Integers must be integers of their field's range: a float once reached nlohmann's unchecked
// conversion (1e70 to int is undefined; 2.5 people became 2).
TEST(PlanJson, NonIntegersAreRefused) {
  {
    Fixture f;
    f.doc["version"] = 1e70;
    auto back = plan_from_json(f.doc, f.problem.network);
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().message.find("malformed plan file: expected an integer"), 0u)
        << back.error().message;
  }
  {
    Fixture f;
    f.doc["groups"][0]["count"] = 2.5;
    auto back = plan_from_json(f.doc, f.problem.network);
    ASSERT_FALSE(back);
    EXPECT_NE(back.error().message.find("got 2.5"), std::string::npos) << back.error().message;
  }
  {
    Fixture f;
    f.doc["groups"][0]["route"][0]["enter"] = 4294967296LL;
    EXPECT_FALSE(plan_from_json(f.doc, f.problem.network));
  }
}

}  // namespace
}  // namespace qorgan::evac::io
