// The evac command line end to end on a text network: plan, check, a hand-edited plan, compare.

#include "evac/cli.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/test_directory.hpp"

namespace qorgan::evac {
namespace {

namespace fs = std::filesystem;

// Returns the exit code the `qorgan-evac` main would return.
int run(const std::string& args) {
  CLI::App app{"test"};
  app.require_subcommand(1);
  add_cli(app);
  try {
    app.parse("qorgan-evac " + args, true);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}

struct Files {
  fs::path dir = core::fresh_test_directory("qorgan-evac-cli");
  Files() {
    // The two-roads network of planners_test.cpp: optimum 5.
    std::ofstream(dir / "net.txt") << "nodes 3\narc 0 1 1 1\narc 0 2 5 2\narc 2 1 5 2\n"
                                      "source 0 10\nsink 1 100\n";
  }
  std::string operator()(const std::string& name) const { return (dir / name).string(); }
};

// Without buildings: people spread over the roads, shelters at junctions far apart.
TEST(Cli, PeopleOverTheRoadsAndSheltersAtJunctions) {
  Files f;
  std::ofstream(f("map.txt")) << "node 1 lat=43.240 lon=76.900\nnode 2 lat=43.240 lon=76.910\n"
                                 "node 3 lat=43.250 lon=76.910\nnode 4 lat=43.250 lon=76.900\n"
                                 "edge 1 2 10 2\nedge 2 3 10 2\nedge 3 4 10 2\nedge 4 1 10 2\n";
  EXPECT_EQ(run("evac plan --network " + f("map.txt") +
                " --evacuees roads --population 400 --shelters junctions --shelter-count 2 "
                "--planner qorgan --out " +
                f("roads.json")),
            0);
  nlohmann::json doc;
  std::ifstream(f("roads.json")) >> doc;
  EXPECT_EQ(doc["population"], 400);
  EXPECT_EQ(doc["evacuated"], 400);  // two shelters with room for everyone, shared evenly
  ASSERT_EQ(doc["shelters"].size(), 2u);
  EXPECT_EQ(doc["shelters"][0]["capacity"], 200);
  EXPECT_EQ(doc["sources"].size(), 4u);  // every junction has road length around it
  EXPECT_NE(run("evac plan --network " + f("map.txt") +
                " --evacuees roads --population 400 --shelters junctions --shelter-count 9 "
                "--planner qorgan --out " +
                f("roads.json")),
            0);  // more shelters than junctions
}

TEST(Cli, PlanThenCheck) {
  Files f;
  EXPECT_EQ(run("evac plan --network " + f("net.txt") + " --planner ccrp --with-optimum --out " +
                f("plan.json") + " --csv " + f("plan.csv")),
            0);
  nlohmann::json doc;
  std::ifstream(f("plan.json")) >> doc;
  EXPECT_EQ(doc["egress_time"], 5);
  EXPECT_EQ(doc["compared_with"]["optimum"], 5);
  EXPECT_TRUE(fs::exists(f("plan.csv")));
  EXPECT_EQ(run("evac check " + f("plan.json") + " --network " + f("net.txt")), 0);

  // Hand edit: move one group a step earlier. The arc it uses is then over capacity.
  for (auto& g : doc["groups"])
    for (auto& s : g["route"]) s["enter"] = 0;
  std::ofstream(f("edited.json")) << doc.dump();
  EXPECT_EQ(run("evac check " + f("edited.json") + " --network " + f("net.txt")), 1);
  std::ofstream(f("junk.json")) << "{ not json";
  EXPECT_EQ(run("evac check " + f("junk.json") + " --network " + f("net.txt")), 1);
}

TEST(Cli, BadInputExitsWithOne) {
  Files f;
  std::ofstream(f("bad.txt")) << "nodes 2\narc 0 1 0 1\n";
  EXPECT_EQ(run("evac plan --network " + f("bad.txt") + " --out " + f("p.json")), 1);
  EXPECT_EQ(run("evac plan --network " + f("nothere.txt") + " --out " + f("p.json")), 1);
  EXPECT_NE(run("evac plan --network " + f("net.txt") + " --planner fastest --out " + f("p.json")),
            0);
  EXPECT_FALSE(fs::exists(f("p.json")));
}

TEST(Cli, CompareRunsEveryPlanner) {
  Files f;
  EXPECT_EQ(run("evac compare --network " + f("net.txt")), 0);
  EXPECT_EQ(run("evac compare --network " + f("net.txt") + " --planners qorgan,shortest"), 0);
}

// The exit code and what went to stderr.
std::pair<int, std::string> run_err(const std::string& args) {
  ::testing::internal::CaptureStderr();
  const int rc = run(args);
  return {rc, ::testing::internal::GetCapturedStderr()};
}

// A step of 0, -30 or nan once became 30 s, 1e300 made every capacity 1; now each is refused
// with the flag and the range. A range error never prints a 300-digit number.
TEST(Cli, NumericFlagsOutOfRangeNameTheFlagAndTheRange) {
  Files f;
  const std::string plan = "evac plan --network " + f("net.txt") + " --out " + f("p.json");
  for (const char* step : {"0", "-30", "nan", "1e300"}) {
    const auto [rc, err] = run_err(plan + " --step " + step);
    EXPECT_NE(rc, 0) << step;
    EXPECT_NE(err.find(std::string("--step: must be a number of seconds above 0 and at most "
                                   "3600, got '") +
                       step + "'"),
              std::string::npos)
        << err;
  }
  auto [rc, err] = run_err(plan + " --population 1e300");
  EXPECT_NE(rc, 0);
  EXPECT_NE(err.find("--population: must be a whole number from 1 to 1000000000, got '1e300'"),
            std::string::npos)
      << err;
  std::tie(rc, err) = run_err(plan + " --shelter-capacity " + std::string(300, '9'));
  EXPECT_NE(rc, 0);
  EXPECT_NE(err.find("--shelter-capacity: must be a whole number from 1 to 1000000000, got "
                     "'99999999999999999999... (300 characters)'"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find(std::string(40, '9')), std::string::npos);
  EXPECT_FALSE(fs::exists(f("p.json")));
}

// --step, --profile and the DIMACS figures are refused on input they do not apply to, rather
// than silently ignored.
TEST(Cli, OptionsThatDoNotApplyAreRefused) {
  Files f;
  const std::string plan = "evac plan --network " + f("net.txt") + " --out " + f("p.json");
  auto [rc, err] = run_err(plan + " --step 30");
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("--step applies to OSM input only; '" + f("net.txt") + "' is not an OSM file"),
            std::string::npos)
      << err;
  std::tie(rc, err) = run_err(plan + " --profile foot");
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("--profile applies to OSM input only"), std::string::npos) << err;
  std::tie(rc, err) = run_err(plan + " --length-per-step 1000");
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("--default-capacity and --length-per-step apply to DIMACS input (.gr) only"),
            std::string::npos)
      << err;
  EXPECT_FALSE(fs::exists(f("p.json")));

  // On DIMACS they apply: lengths in metres at 1,000 per step.
  std::ofstream(f("g.gr")) << "p sp 2 1\na 1 2 2500\n";
  std::ofstream(f("people.csv")) << "node,count\n1,10\n";
  std::ofstream(f("places.csv")) << "node,capacity\n2,10\n";
  EXPECT_EQ(run("evac plan --network " + f("g.gr") + " --evacuees " + f("people.csv") +
                " --shelters " + f("places.csv") +
                " --length-per-step 1000 --default-capacity 5 "
                "--planner ccrp --out " +
                f("g.json")),
            0);
  nlohmann::json doc;
  std::ifstream(f("g.json")) >> doc;
  EXPECT_EQ(doc["egress_time"], 4);  // 3 steps on the road, two groups of 5
}

// The mean in minutes was the mean in whole steps: "mean 9.90 steps (9.0 min)" at 60 s steps.
TEST(Cli, MeanInMinutesIsNotTruncated) {
  Files f;
  // Two people one after the other: arrivals at steps 1 and 2, a mean of 1.5 steps (1.5 min).
  std::ofstream(f("minute.txt")) << "step_seconds 60\nnodes 2\narc 0 1 1 1\nsource 0 2\n"
                                    "sink 1 2\n";
  ::testing::internal::CaptureStdout();
  const int rc =
      run("evac plan --network " + f("minute.txt") + " --planner optimal --out " + f("m.json"));
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  nlohmann::json doc;
  std::ifstream(f("m.json")) >> doc;
  EXPECT_EQ(doc["mean_evacuation_time"], 1.5);
  EXPECT_NE(out.find("mean 1.50 steps (1.5 min)"), std::string::npos) << out;
}

// `evac check` must not accept a plan whose forged groups of 2^62 people wrap the loads and
// totals around to the true ones; and --horizon stops a plan at once with the bound.
TEST(Cli, CheckRefusesForgedHugeGroupsAndPlanHonoursTheHorizon) {
  Files f;
  ASSERT_EQ(run("evac plan --network " + f("net.txt") + " --planner ccrp --out " + f("plan.json")),
            0);
  nlohmann::json doc;
  std::ifstream(f("plan.json")) >> doc;
  auto forged = doc["groups"][0];
  forged["count"] = std::int64_t{1} << 62;
  for (int i = 0; i < 4; ++i) doc["groups"].push_back(forged);
  std::ofstream(f("forged.json")) << doc.dump();
  auto [rc, err] = run_err("evac check " + f("forged.json") + " --network " + f("net.txt"));
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("moves 4611686018427387904 people but source 0 has 10"), std::string::npos)
      << err;

  std::tie(rc, err) =
      run_err("evac plan --network " + f("net.txt") + " --horizon 1 --out " + f("h.json"));
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("the egress would take at least 2 steps"), std::string::npos) << err;
  EXPECT_NE(err.find("beyond the horizon of 1 steps"), std::string::npos) << err;
}

}  // namespace
}  // namespace qorgan::evac
