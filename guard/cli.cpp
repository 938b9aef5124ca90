#include "guard/cli.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "guard/checker.hpp"
#include "guard/generator.hpp"
#include "guard/instance_json.hpp"
#include "guard/solver.hpp"

namespace qorgan::guard {

namespace {
[[noreturn]] void die(const std::string& message) {
  std::cerr << "qorgan guard: " << message << "\n";
  throw CLI::RuntimeError(1);
}

Day parse_day(const std::string& s) {
  auto d = core::parse_date(s);
  if (!d) die(fmt::format("--from \"{}\" is not a date YYYY-MM-DD", s));
  return day_of(*d);
}

struct RosterArgs {
  std::string instance, from, solver = "fast", json_out;
  int days = 7;
  double time_limit = 60;
};

struct GenerateArgs {
  int people = 300, posts = 40, days = 7;
  std::uint64_t seed = 1;
  std::string from;
  bool city = false;
};

void roster(const RosterArgs& a) {
  std::ifstream f(a.instance, std::ios::binary);
  if (!f) die(fmt::format("cannot read the instance file {}", a.instance));
  std::stringstream ss;
  ss << f.rdbuf();
  auto in = instance_from_json(ss.str());
  if (!in) die(fmt::format("{}: {}", a.instance, in.error().message));
  Day from = parse_day(a.from);
  SolveOptions opt;
  if (a.solver == "exact")
    opt.method = Method::exact;
  else if (a.solver != "fast")
    die(fmt::format("--solver \"{}\": use fast or exact", a.solver));
  opt.time_limit_seconds = a.time_limit;
  RosterSummary s;
  auto t0 = std::chrono::steady_clock::now();
  auto r = solve(*in, from, a.days, opt, &s);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!r) die(r.error().message);
  auto report = check(*in, from, a.days, *r);
  fmt::print("roster {} from {} for {} days, solver {}{}: {:.2f} s\n", a.instance, a.from, a.days,
             a.solver,
             opt.method == Method::exact
                 ? (s.optimal ? " (optimal)" : " (time limit: not proven optimal)")
                 : "",
             secs);
  fmt::print("slots up to min:    {} of {} filled\n", s.filled_min, s.slots_min);
  fmt::print("slots up to target: {} of {} filled\n", s.filled, s.slots);
  fmt::print("travel:             {:.1f} km\n", s.km);
  fmt::print(
      "hours per person:   {:.1f} to {:.1f}, mean {:.1f}, std dev {:.1f} ({} people on duty)\n",
      s.hours_min, s.hours_max, s.hours_mean, s.hours_stddev, s.people_on_duty);
  fmt::print("continuity:         {} shifts at the same post as the day before\n", s.continuity);
  std::map<std::string, long> by_reason;
  for (const auto& u : r->unfilled) by_reason[std::string(to_string(u.reason))] += u.missing_target;
  for (const auto& [reason, n] : by_reason)
    fmt::print("unfilled, {:<19} {} slots\n", reason + ":", n);
  std::size_t shown = 0;
  for (const auto& u : r->unfilled) {
    if (++shown > 20) {
      fmt::print("  ... {} more shifts with empty slots\n", r->unfilled.size() - 20);
      break;
    }
    fmt::print("  {} {}: {} missing ({} below min): {}\n", in->posts[r->shifts[u.shift].post].id,
               format_local(r->shifts[u.shift].start, in->zone), u.missing_target, u.missing_min,
               to_string(u.reason));
  }
  if (!a.json_out.empty()) {
    std::ofstream out(a.json_out, std::ios::binary);
    out << roster_to_json(*in, *r, s).dump(1) << "\n";
    if (!out) die(fmt::format("cannot write {}", a.json_out));
  }
  if (!report.ok()) {
    for (const auto& v : report.violations) std::cerr << "rule broken: " << v << "\n";
    die(fmt::format("the roster breaks {} hard rules", report.violations.size()));
  }
  fmt::print("checker:            every hard rule kept\n");
}
}  // namespace

void add_cli(CLI::App& app, std::function<int(const DatabaseRoster&)> database) {
  auto* guard = app.get_name() == "guard"
                    ? &app
                    : app.add_subcommand("guard", "Guard posts and duty rosters");
  guard->require_subcommand(1);

  auto ra = std::make_shared<RosterArgs>();
  auto* r = guard->add_subcommand(
      "roster",
      database
          ? "Make a duty roster of the stored posts (or of an instance file) and print its summary"
          : "Make a duty roster for an instance file and print its summary");
  auto* instance =
      r->add_option("--instance", ra->instance, "instance JSON file (guard/README.md)");
  if (!database) instance->required();
  auto region = std::make_shared<std::string>();
  auto network = std::make_shared<std::int64_t>(0);
  if (database) {
    r->add_option("--region", *region,
                  "without --instance: the region code whose posts to roster (default: all)");
    r->add_option("--network", *network,
                  "without --instance: the id of a stored road network to measure travel along "
                  "(default: the straight line)")
        ->check(CLI::PositiveNumber);
  }
  r->add_option("--from", ra->from, "first date, YYYY-MM-DD")->required();
  r->add_option("--days", ra->days, "number of days")->check(CLI::Range(1, 366));
  r->add_option("--solver", ra->solver, "fast (default) or exact (CBC; small instances)");
  r->add_option("--time-limit", ra->time_limit, "exact: seconds per stage");
  r->add_option("--json", ra->json_out, "also write the roster as JSON to this file");
  r->callback([ra, region, network, database] {
    if (!ra->instance.empty() || !database) return roster(*ra);
    DatabaseRoster d{ra->from, ra->solver, *region, ra->days, *network};
    if (int code = database(d); code != 0) throw CLI::RuntimeError(code);
  });

  auto ga = std::make_shared<GenerateArgs>();
  auto* g =
      guard->add_subcommand("generate", "Write a random instance around Almaty as JSON to stdout");
  g->add_option("--people", ga->people)->check(CLI::Range(1, 10'000'000));
  g->add_option("--posts", ga->posts)->check(CLI::Range(1, 1'000'000));
  g->add_option("--from", ga->from, "first date the instance is made for")->required();
  g->add_option("--days", ga->days)->check(CLI::Range(1, 366));
  g->add_option("--seed", ga->seed);
  g->add_flag("--city", ga->city, "every post 3 x 8 h, min 1, target 2");
  g->callback([ga] {
    GeneratorParams p;
    p.people = ga->people, p.posts = ga->posts, p.days = ga->days, p.seed = ga->seed,
    p.city = ga->city;
    p.from = parse_day(ga->from);
    std::cout << instance_to_json(generate(p)).dump() << "\n";
  });
}

}  // namespace qorgan::guard
