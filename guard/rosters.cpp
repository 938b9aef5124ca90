// Guarding: roster runs (request, read, cancel, publish), their generation and storage.
#include <fmt/format.h>

#include <map>
#include <set>

#include "auth/audit.hpp"
#include "core/time.hpp"
#include "evac/graph/network.hpp"
#include "guard/access.hpp"
#include "guard/checker.hpp"
#include "guard/duties.hpp"
#include "guard/duty_json.hpp"
#include "guard/duty_store.hpp"

namespace qorgan::guard {

using core::Error;
using core::fail;
using core::Json;

namespace {

Error roster_not_found(std::int64_t id) {
  return Error::not_found("No roster has id " + std::to_string(id) + ".");
}

std::string date_text(Day d) {
  return core::format_date(date_of(d));
}

// The summary stored with a finished run: the solver's figures, the empty slots by reason, and
// the bound on the fill (slots nobody qualified and available could take are out of any
// roster's reach), so that the gap to it is plain.
Json summary_json(const Generated& g) {
  const auto& s = g.summary;
  Json reasons = Json::object();
  long unreachable = 0, unreachable_min = 0;
  for (const auto& u : g.roster.unfilled) {
    std::string r(to_string(u.reason));
    reasons[r] = reasons.value(r, 0) + u.missing_target;
    if (u.reason == Reason::no_skill || u.reason == Reason::nobody_available) {
      unreachable += u.missing_target;
      unreachable_min += u.missing_min;
    }
  }
  Json out = {{"slots_min", s.slots_min},
              {"filled_min", s.filled_min},
              {"slots", s.slots},
              {"filled", s.filled},
              {"fill_bound", s.slots - unreachable},
              {"fill_bound_min", s.slots_min - unreachable_min},
              {"gap", s.slots - unreachable - s.filled},
              {"gap_min", s.slots_min - unreachable_min - s.filled_min},
              {"km", std::round(s.km * 10) / 10},
              {"hours_min", s.hours_min},
              {"hours_max", s.hours_max},
              {"hours_mean", std::round(s.hours_mean * 10) / 10},
              {"hours_stddev", std::round(s.hours_stddev * 10) / 10},
              {"people_on_duty", s.people_on_duty},
              {"people", g.model.instance.people.size()},
              {"shifts", g.roster.shifts.size()},
              {"continuity", s.continuity},
              {"optimal", s.optimal},
              {"unfilled", reasons},
              {"rules_kept", g.violations.empty()}};
  // How the kilometres were measured: along a road network (with the distances it could not
  // give, measured straight), or the straight line.
  out["distance"] = g.road_network_id ? "road" : "straight_line";
  if (g.road_network_id) {
    out["road_network_id"] = *g.road_network_id;
    out["straight_line_fallbacks"] = g.straight_line_fallbacks;
  }
  return out;
}

}  // namespace

core::Result<RosterRun> Duties::visible_roster(const auth::Principal& who, std::int64_t id) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see rosters."));
  auto r = db_.read([&](storage::Tx& tx) { return duty_store::roster(tx, id); });
  if (!r || !r->region_path.starts_with(*prefix)) return fail(roster_not_found(id));
  return *r;
}

core::Result<RosterRun> Duties::request_roster(const auth::Principal& who, const auth::Actor& actor,
                                               const Json& body) {
  if (!who.in(kPlanners)) return fail(Error::forbidden("Only headquarters staff make rosters."));
  RosterRun run;
  core::JsonFields f(body);
  if (auto v = f.str("from", true, 10)) {
    run.from_date = *v;
    if (!core::parse_date(*v)) f.add("from", "must be a date YYYY-MM-DD");
  }
  if (auto v = f.i64("days", true)) {
    if (*v < 1 || *v > settings_.max_days)
      f.add("days", fmt::format("must be between 1 and {} days", settings_.max_days));
    else
      run.days = int(*v);
  }
  if (auto v = f.choice("solver", false, {"fast", "exact"})) run.solver = *v;
  auto region_id = f.i64("region_id", false, 1);
  auto region_code = f.str("region_code", false, 50);
  auto network_id = f.i64("network_id", false, 1);
  std::optional<double> rest, week;
  if (const Json* rules = f.object("rules", false)) {
    core::JsonFields g(*rules);
    rest = g.f64("min_rest_hours", false, 0, 48);
    week = g.f64("max_hours_per_7_days", false, 1, 168);
    f.absorb(g, "rules");
  }
  if (auto s = f.finish("The roster request"); !s) return fail(s.error());
  if (network_id) {
    if (!road_networks_)
      return fail(Error::invalid("Road networks are not available on this server.",
                                 {{"network_id", "no road networks here"}}));
    auto net = road_networks_(who, *network_id);
    if (!net)
      return fail(Error::invalid("The road network is unknown.",
                                 {{"network_id", "no road network has this id"}}));
    if (!(*net)->has_coordinates() || (*net)->node_count() == 0)
      return fail(Error::invalid(
          "The road network has no coordinates, so homes and posts cannot be placed on it.",
          {{"network_id", "has no coordinates"}}));
  }
  std::optional<registry::Region> region;
  if (region_id || region_code) {
    auto r = region_id ? registry_.regions.get(who, *region_id)
                       : registry_.regions.by_code(*region_code);
    if (!r || !who.sees_region_path(r->path))
      return fail(Error::invalid("The region is unknown or outside your scope.",
                                 {{region_id ? "region_id" : "region_code", "no such region"}}));
    region = *r;
  } else if (who.region_id) {
    auto r = registry_.regions.get(who, *who.region_id);
    if (!r) return fail(r.error());
    region = *r;
  }
  if (region) {
    run.region_id = region->id;
    run.region_path = region->path;
  }
  // The rules: the request's, else those of the nearest region above (or of) the run's region
  // that has its own, else the defaults.
  Rules rules = settings_.rules;
  std::size_t depth = 0;
  for (const auto& [code, own] : settings_.region_rules)
    if (auto r = registry_.regions.by_code(code);
        r && run.region_path.starts_with(r->path) && r->path.size() > depth)
      rules = own, depth = r->path.size();
  run.rules = {{"min_rest_hours", rest.value_or(double(rules.min_rest) / kHour)},
               {"max_hours_per_7_days", week.value_or(double(rules.max_per_7_days) / kHour)}};
  if (network_id) run.rules["road_network_id"] = *network_id;
  run.created_by = actor.login;
  run.created_by_id = actor.account_id;
  run.created_at = run.updated_at = core::now_us();
  auto out = db_.write([&](storage::Tx& tx) -> core::Result<RosterRun> {
    run.id = duty_store::insert_roster(tx, run);
    auth::audit(tx, actor, "guard_roster.create", "guard_roster", std::to_string(run.id), nullptr,
                to_json(run));
    return run;
  });
  if (out && queued_) queued_();
  return out;
}

core::Result<core::Page<RosterRun>> Duties::rosters(const auth::Principal& who,
                                                    std::optional<std::int64_t> after, int limit) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see rosters."));
  auto rows = db_.read(
      [&](storage::Tx& tx) { return duty_store::rosters(tx, *prefix, after.value_or(0), limit); });
  core::Page<RosterRun> page;
  if (rows.size() > std::size_t(limit)) {
    rows.resize(std::size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

core::Result<RosterRun> Duties::roster(const auth::Principal& who, std::int64_t id) {
  return visible_roster(who, id);
}

core::Result<RosterRun> Duties::cancel_roster(const auth::Principal& who, const auth::Actor& actor,
                                              std::int64_t id) {
  if (!who.in(kPlanners)) return fail(Error::forbidden("Only headquarters staff cancel rosters."));
  auto r = visible_roster(who, id);
  if (!r) return fail(r.error());
  auto out = db_.write([&](storage::Tx& tx) -> core::Result<RosterRun> {
    auto before = duty_store::roster(tx, id);
    if (!duty_store::cancel(tx, id, core::now_us()))
      return fail(Error::conflict("The roster run has already ended (" + before->status + ")."));
    auth::audit(tx, actor, "guard_roster.cancel", "guard_roster", std::to_string(id),
                {{"status", before->status}}, {{"status", kCancelled}});
    return *duty_store::roster(tx, id);
  });
  if (out && cancelled_) cancelled_(id);
  return out;
}

core::Result<RosterRun> Duties::publish(const auth::Principal& who, const auth::Actor& actor,
                                        std::int64_t id) {
  if (!who.in(kPlanners)) return fail(Error::forbidden("Only headquarters staff publish rosters."));
  auto r = visible_roster(who, id);
  if (!r) return fail(r.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<RosterRun> {
    if (!duty_store::publish(tx, id, core::now_us()))
      return fail(Error::conflict(r->status != kDone ? "Only a finished roster can be published."
                                                     : "The roster is already published."));
    auth::audit(tx, actor, "guard_roster.publish", "guard_roster", std::to_string(id),
                {{"state", "draft"}}, {{"state", "published"}, {"version", r->version}});
    return *duty_store::roster(tx, id);
  });
}

core::Result<std::vector<RosterVersion>> Duties::versions(const auth::Principal& who,
                                                          std::int64_t id) {
  auto r = visible_roster(who, id);
  if (!r) return fail(r.error());
  return db_.read([&](storage::Tx& tx) { return duty_store::versions(tx, id); });
}

std::string Duties::person_name(std::int64_t person_id) {
  auto p = registry_.people.get(auth::system_principal("guard"), person_id);
  return p ? p->family_name + " " + p->given_name : "#" + std::to_string(person_id);
}

core::Result<RosterView> Duties::view(const auth::Principal& who, std::int64_t id,
                                      std::optional<int> version, std::optional<std::int64_t> post,
                                      std::optional<std::int64_t> from,
                                      std::optional<std::int64_t> to) {
  auto r = visible_roster(who, id);
  if (!r) return fail(r.error());
  if (r->status != kDone)
    return fail(
        Error::conflict("The roster is " + r->status + "; its shifts come when it is done."));
  RosterView v;
  v.roster = *r;
  v.version = version.value_or(r->version);
  if (v.version < 1 || v.version > r->version)
    return fail(Error::invalid("No such version.", {{"version", "between 1 and the current"}}));
  v.shifts = db_.read([&](storage::Tx& tx) {
    auto shifts = duty_store::shifts(tx, id, v.version, post, from, to);
    for (const auto& s : shifts)
      if (!v.posts.contains(s.post_id))
        if (auto p = duty_store::post(tx, s.post_id)) v.posts[s.post_id] = *p;
    return shifts;
  });
  for (const auto& s : v.shifts)
    for (auto g : s.guards)
      if (!v.names.contains(g)) v.names[g] = person_name(g);
  return v;
}

core::Result<DutyInput> Duties::load_input(storage::Tx& tx, const std::string& prefix, Day from,
                                           int days) {
  DutyInput in;
  in.zone = settings_.zone;
  in.from = from;
  in.days = days;
  in.posts = duty_store::active_posts(tx, prefix, date_text(from), date_text(from + days - 1));
  std::set<std::int64_t> facilities;
  for (const auto& p : in.posts) {
    in.patterns[p.id] = duty_store::patterns(tx, p.id);
    facilities.insert(p.facility_id);
  }
  for (const auto& u : duty_store::facility_units(tx, std::nullopt))
    if (facilities.contains(u.facility_id))
      if (auto unit = registry_.units.get(auth::system_principal("guard"), u.unit_id))
        in.facility_unit_paths[u.facility_id].push_back(unit->path);
  return in;
}

core::Result<std::unique_ptr<RoadDistance>> Duties::road_distance(const RosterRun& run,
                                                                  const Instance& in) {
  auto it = run.rules.find("road_network_id");
  if (it == run.rules.end()) return std::unique_ptr<RoadDistance>();
  // Who asked was checked when the run was queued.
  auto net = road_networks_
                 ? road_networks_(auth::system_principal("guard"), it->get<std::int64_t>())
                 : core::Result<std::shared_ptr<const evac::Network>>(
                       fail(Error::not_found("No road networks here.")));
  if (!net)
    return fail(Error::invalid("The road network " + std::to_string(it->get<std::int64_t>()) +
                               " the roster asked for is gone: " + net.error().message));
  std::vector<Point> homes;
  homes.reserve(in.people.size());
  for (const auto& p : in.people) homes.push_back(p.home);
  return std::make_unique<RoadDistance>(std::move(*net), homes);
}

core::Result<Generated> Duties::generate(const RosterRun& run, const std::atomic<bool>* cancel) {
  auto date = core::parse_date(run.from_date);
  if (!date) return fail(Error::invalid("The roster's first date is not a date."));
  const Day from = day_of(*date);
  auto input =
      db_.read([&](storage::Tx& tx) { return load_input(tx, run.region_path, from, run.days); });
  if (!input) return fail(input.error());
  input->rules.min_rest = Timestamp(run.rules.value("min_rest_hours", 11.0) * double(kHour));
  input->rules.max_per_7_days =
      Timestamp(run.rules.value("max_hours_per_7_days", 48.0) * double(kHour));
  input->people = duty_pool(from, run.days);
  Generated g;
  g.input = posts_to_json(*input);
  g.model = build_model(*input);
  if (g.model.instance.posts.empty())
    return fail(Error::invalid("No guard post in the region has a shift pattern for these dates."));
  if (auto s = validate(g.model.instance); !s) return fail(s.error());
  SolveOptions opt;
  opt.method = run.solver == "exact" ? Method::exact : Method::fast;
  opt.time_limit_seconds = settings_.exact_seconds;
  opt.cancel = cancel;
  auto road = road_distance(run, g.model.instance);
  if (!road) return fail(road.error());
  if (*road) {
    opt.distance = road->get();
    g.road_network_id = run.rules.at("road_network_id").get<std::int64_t>();
  }
  auto roster = solve(g.model.instance, from, run.days, opt, &g.summary);
  if (!roster) return fail(roster.error());
  if (*road) g.straight_line_fallbacks = (*road)->straight_line_fallbacks();
  g.roster = std::move(*roster);
  g.violations = check(g.model.instance, from, run.days, g.roster).violations;
  return g;
}

bool Duties::store(std::int64_t id, const auth::Actor& actor, const Generated& g) {
  const Json summary = summary_json(g);
  std::vector<RosterShift> shifts;
  shifts.reserve(g.roster.shifts.size());
  std::vector<std::optional<std::string>> reasons(g.roster.shifts.size());
  for (const auto& u : g.roster.unfilled) reasons[u.shift] = std::string(to_string(u.reason));
  for (std::size_t i = 0; i < g.roster.shifts.size(); ++i) {
    const auto& s = g.roster.shifts[i];
    const auto& post = g.model.instance.posts[s.post];
    RosterShift r;
    r.roster_id = id;
    r.post_id = g.model.post_ids[s.post];
    r.model_post = post.id;
    r.day = date_text(s.day);
    r.starts_at = s.start;
    r.ends_at = s.end;
    r.min_guards = post.min_guards;
    r.target_guards = post.target_guards;
    r.reason = reasons[i];
    shifts.push_back(std::move(r));
  }
  auto done = db_.write([&](storage::Tx& tx) -> core::Result<bool> {
    if (!duty_store::finish(tx, id, summary, g.input, core::now_us())) return false;
    duty_store::insert_shifts(tx, shifts);
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    for (std::size_t i = 0; i < g.roster.guards.size(); ++i)
      for (auto person : g.roster.guards[i])
        pairs.push_back({shifts[i].id, g.model.person_ids[person]});
    duty_store::insert_assignments(tx, id, 1, pairs);
    duty_store::insert_version(tx, {id,
                                    1,
                                    "generated",
                                    {{"added", pairs.size()}, {"summary", summary}},
                                    actor.login,
                                    core::now_us()});
    auth::audit(tx, actor, "guard_roster.finish", "guard_roster", std::to_string(id),
                {{"status", kRunning}}, {{"status", kDone}, {"summary", summary}});
    return true;
  });
  return done && *done;
}

}  // namespace qorgan::guard
