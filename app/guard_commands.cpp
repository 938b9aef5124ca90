// qorgan guard roster --from DATE --days N [--region CODE] [--solver fast|exact] [--network ID]:
// a roster of the posts stored in the database, made by the same runner as over HTTP, stored as a
// draft, and its summary printed. (With --instance it rosters an instance file instead:
// guard/cli.hpp.)
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/commands.hpp"

namespace qorgan::app {

namespace {

// A number of the summary (0 when absent or null).
double figure(const core::Json& s, const char* key) {
  auto it = s.find(key);
  return it != s.end() && it->is_number() ? it->get<double>() : 0.0;
}
long long count(const core::Json& s, const char* key) {
  return static_cast<long long>(figure(s, key));
}

}  // namespace

std::function<int(const guard::DatabaseRoster&)> guard_database_roster(const Globals& g) {
  return [&g](const guard::DatabaseRoster& a) {
    auto app = open_or_report(g, false);
    if (!app) return 1;
    const auto who = auth::system_principal("cli:guard");
    const auto actor = auth::Actor::cli("guard roster");
    core::Json body{{"from", a.from}, {"days", a.days}, {"solver", a.solver}};
    if (!a.region.empty()) body["region_code"] = a.region;
    if (a.network > 0) body["network_id"] = a.network;
    auto run = app->guard_duties->request_roster(who, actor, body);
    if (!run) {
      std::fprintf(stderr, "qorgan: %s\n", run.error().message.c_str());
      for (const auto& f : run.error().fields)
        std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), f.message.c_str());
      return 1;
    }
    // Runs it here, unless a server on the same database took it first: then waits for that.
    app->guard_runner->run_queued();
    auto done = app->guard_duties->roster(who, run->id);
    while (done && (done->status == guard::kQueued || done->status == guard::kRunning)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      app->guard_runner->run_queued();
      done = app->guard_duties->roster(who, run->id);
    }
    if (!done) {
      std::fprintf(stderr, "qorgan: %s\n", done.error().message.c_str());
      return 1;
    }
    if (done->status != guard::kDone) {
      std::fprintf(stderr, "qorgan: roster %lld %s: %s\n", static_cast<long long>(done->id),
                   done->status.c_str(), done->error.value_or("").c_str());
      return 1;
    }
    const auto& s = done->summary;
    std::printf("roster %lld (draft) from %s for %d days, solver %s\n",
                static_cast<long long>(done->id), done->from_date.c_str(), done->days,
                done->solver.c_str());
    std::printf("slots up to min:    %lld of %lld filled (at most %lld can be)\n",
                count(s, "filled_min"), count(s, "slots_min"), count(s, "fill_bound_min"));
    std::printf("slots up to target: %lld of %lld filled (at most %lld can be)\n",
                count(s, "filled"), count(s, "slots"), count(s, "fill_bound"));
    if (s.value("distance", "") == "road")
      std::printf(
          "travel:             %.1f km along road network %lld (%lld distances straight: "
          "off the network)\n",
          figure(s, "km"), count(s, "road_network_id"), count(s, "straight_line_fallbacks"));
    else
      std::printf("travel:             %.1f km (straight line)\n", figure(s, "km"));
    std::printf("hours per person:   %.1f to %.1f, mean %.1f (%lld people on duty of %lld)\n",
                figure(s, "hours_min"), figure(s, "hours_max"), figure(s, "hours_mean"),
                count(s, "people_on_duty"), count(s, "people"));
    const core::Json unfilled = s.value("unfilled", core::Json::object());
    for (const auto& [reason, n] : unfilled.items())
      std::printf("unfilled, %-19s %lld slots\n", (reason + ":").c_str(), n.get<long long>());
    if (done->solver == "exact")
      std::printf("exact:              %s\n", s.value("optimal", false)
                                                  ? "proved optimal (fill, then travel)"
                                                  : "time limit: not proven optimal");
    std::printf("checker:            %s\n",
                s.value("rules_kept", false) ? "every hard rule kept" : "RULES BROKEN");
    return 0;
  };
}

}  // namespace qorgan::app
