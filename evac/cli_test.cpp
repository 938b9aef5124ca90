// The evac command line end to end on a text network: plan, check, a hand-edited plan, compare.

#include "evac/cli.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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
  fs::path dir = fs::temp_directory_path() / ("qorgan-evac-cli-" + std::to_string(::getpid()));
  Files() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    // The two-roads network of planners_test.cpp: optimum 5.
    std::ofstream(dir / "net.txt") << "nodes 3\narc 0 1 1 1\narc 0 2 5 2\narc 2 1 5 2\n"
                                      "source 0 10\nsink 1 100\n";
  }
  std::string operator()(const std::string& name) const { return (dir / name).string(); }
};

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

}  // namespace
}  // namespace qorgan::evac
