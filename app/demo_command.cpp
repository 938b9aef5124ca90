// `qorgan demo`: loads the demo data set into a new database and writes the demo accounts file.
#include <unistd.h>
#include "portal/demo.hpp"

#include <cstdio>
#include <filesystem>

#include "activation/demo.hpp"
#include "app/commands.hpp"
#include "demo/buildings.hpp"
#include "demo/loader.hpp"
#include "guard/demo.hpp"
#include "obligations/demo.hpp"
#include "requisition/demo.hpp"
#ifdef QORGAN_WITH_EVAC_WEB
#include "evac/web/demo.hpp"
#endif

namespace qorgan::app {

namespace {

// var/demo-accounts.txt beside a SQLite database; for PostgreSQL, var/ in the working folder.
std::string accounts_file(const std::string& db_url) {
  namespace fs = std::filesystem;
  if (db_url.starts_with("sqlite:")) {
    auto dir = fs::path(db_url.substr(7)).parent_path();
    return (dir / "demo-accounts.txt").string();
  }
  return (fs::path("var") / "demo-accounts.txt").string();
}

}  // namespace

void add_demo_command(CLI::App& cli, Globals& g, int& exit_code) {
  auto* cmd = cli.add_subcommand(
      "demo",
      "Fill a new, empty database with demo data: Almaty's districts, fictional units and "
      "people, key facilities at real public buildings, and one account per role");
  auto opt = std::make_shared<demo::Options>();
  auto osm = std::make_shared<std::optional<std::string>>();
  cmd->add_option("--seed", opt->seed, "Seed of the generated data (same seed, same data)")
      ->capture_default_str();
  cmd->add_option("--people", opt->people, "How many fictional people")
      ->check(CLI::Range(100, 100000))
      ->capture_default_str();
  cmd->add_option("--osm-dir", *osm,
                  "Folder with almaty-2013.osm.pbf (default: config osm_dir, QORGAN_OSM_DIR, "
                  "or ../shared/data/osm)");
  cmd->footer(
      "The database must be migrated and hold no registry data yet. The demo accounts' random "
      "passwords are printed and written to var/demo-accounts.txt (mode 0600) beside a SQLite "
      "database, or under ./var for PostgreSQL.");
  cmd->callback([&g, &exit_code, opt, osm] {
    auto app = open_or_report(g, true);
    if (!app) return void(exit_code = 1);
    std::string dir = osm->value_or(app->config.osm_dir);
    opt->osm_file = demo::find_almaty_extract(dir);
    bool tty = ::isatty(STDERR_FILENO);
    opt->progress = [tty](const std::string& line) {
      if (tty) std::fprintf(stderr, "  %s\n", line.c_str());
    };
    auto rep = demo::load(*app->registry, *app->accounts, *opt);
    if (!rep) {
      std::fprintf(stderr, "qorgan demo: %s\n", rep.error().message.c_str());
      return void(exit_code = 1);
    }
    // Two activation plans for Almaty's districts and one finished exercise.
    opt->progress("activation: plans and a finished exercise");
    auto mustered = activation::load_demo(*app->db, *app->registry, *app->activation_plans,
                                          *app->activations, opt->seed);
    if (!mustered) {
      std::fprintf(stderr, "qorgan demo: activation: %s\n", mustered.error().message.c_str());
      return void(exit_code = 1);
    }
    // One requisition decision with property at every stage, from taking to payment.
    opt->progress("requisition: a decision with property at every stage");
    auto requisitioned = requisition::load_demo(*app->registry, *app->requisitions);
    if (!requisitioned) {
      std::fprintf(stderr, "qorgan demo: requisition: %s\n", requisitioned.error().message.c_str());
      return void(exit_code = 1);
    }
    // A large company with a self-assessment and an inspection with open findings.
    opt->progress("protection duties: a large company, its self-assessment and an inspection");
    auto protection = obligations::load_demo(*app->registry, *app->obligations);
    if (!protection) {
      std::fprintf(stderr, "qorgan demo: obligations: %s\n", protection.error().message.c_str());
      return void(exit_code = 1);
    }
    // Posts at the most critical facilities and next week's roster, published.
    opt->progress("guard: posts and a published roster");
    auto guarded = guard::load_demo(*app->registry, *app->guard_duties, *app->guard_runner);
    if (!guarded) {
      std::fprintf(stderr, "qorgan demo: guard: %s\n", guarded.error().message.c_str());
      return void(exit_code = 1);
    }
    auto articles = portal::load_demo_content(*app->db);
    if (!articles) {
      std::fprintf(stderr, "qorgan demo: portal: %s\n", articles.error().message.c_str());
      return void(exit_code = 1);
    }
#ifdef QORGAN_WITH_EVAC_WEB
    // A road network (the Almaty extract, else a generated grid city) and one finished plan.
    opt->progress("evacuation: road network and a demo plan");
    auto evacuation = evac::web::load_demo(*app->evac, *app->registry, opt->osm_file);
    if (!evacuation) {
      std::fprintf(stderr, "qorgan demo: evacuation: %s\n", evacuation.error().message.c_str());
      return void(exit_code = 1);
    }
#endif
    auto file = accounts_file(app->config.db);
    if (auto s = demo::write_accounts_file(file, rep->accounts); !s) {
      std::fprintf(stderr, "qorgan demo: %s\n", s.error().message.c_str());
      exit_code = 1;
    }
    std::printf("Demo data loaded into %s in %.1f s:\n", app->db->describe().c_str(), rep->seconds);
    std::printf(
        "  %lld regions, %lld organisations, %lld units, %lld people, %lld memberships,\n"
        "  %lld facilities (%lld with shelter capacity)\n",
        static_cast<long long>(rep->regions), static_cast<long long>(rep->organisations),
        static_cast<long long>(rep->units), static_cast<long long>(rep->people),
        static_cast<long long>(rep->memberships), static_cast<long long>(rep->facilities),
        static_cast<long long>(rep->shelters));
    std::printf("Portal articles: %d\n", *articles);
    std::printf(
        "Activation: %lld plans; exercise %lld finished: %lld called up, %lld arrived, %lld "
        "declined, %lld absent\n",
        static_cast<long long>(mustered->plans), static_cast<long long>(mustered->exercise_id),
        static_cast<long long>(mustered->called), static_cast<long long>(mustered->arrived),
        static_cast<long long>(mustered->declined), static_cast<long long>(mustered->absent));
    std::printf(
        "Requisition: decision %lld, %lld items, %lld ledger entries; the warehouse owner's "
        "page: code %s with BIN %s\n",
        static_cast<long long>(requisitioned->decision_id),
        static_cast<long long>(requisitioned->items),
        static_cast<long long>(requisitioned->entries), requisitioned->owner_code.c_str(),
        requisitioned->owner_id.c_str());
    std::printf(
        "Protection duties: company %lld, facility %lld: self-assessment %lld, inspection %lld "
        "with %lld open findings\n",
        static_cast<long long>(protection->organisation_id),
        static_cast<long long>(protection->facility_id),
        static_cast<long long>(protection->assessment_id),
        static_cast<long long>(protection->inspection_id),
        static_cast<long long>(protection->open_findings));
    std::printf(
        "Guard duty: %lld posts; roster %lld published: %lld of %lld slots up to minimum "
        "filled\n",
        static_cast<long long>(guarded->posts), static_cast<long long>(guarded->roster_id),
        guarded->summary.value("filled_min", 0LL), guarded->summary.value("slots_min", 0LL));
#ifdef QORGAN_WITH_EVAC_WEB
    std::printf("Evacuation: %s;\n  %s\n", evacuation->network.c_str(), evacuation->plan.c_str());
#endif
    std::printf("Facilities: %s\n", rep->facility_source.c_str());
    if (rep->used_osm) std::printf("Map data © OpenStreetMap contributors\n");
    std::printf("People, units and companies are fictional.\n");
    std::printf("Demo accounts (login, password, role, scope), also in %s:\n", file.c_str());
    for (const auto& a : rep->accounts)
      std::printf("  %-16s %-18s %-16s %s\n", a.login.c_str(), a.password.c_str(), a.role.c_str(),
                  a.scope.c_str());
  });
}

}  // namespace qorgan::app
