#include "activation/readiness.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <set>
#include <span>

#include "activation/access.hpp"
#include "activation/activation_store.hpp"
#include "activation/plan_store.hpp"
#include "core/time.hpp"
#include "registry/unit_counts.hpp"
#include "storage/snapshot.hpp"

namespace qorgan::activation {

using core::Error;
using core::fail;

namespace {

// What part of the activation data the caller sees: readers by region path prefix; commanders
// the units of their subtree, in plans and activations of any region.
struct Sight {
  std::string region_prefix;
  std::optional<std::string> unit_path;
};

std::optional<Sight> sight_of(const auth::Principal& who) {
  if (auto prefix = visible_prefix(who)) return Sight{*prefix, std::nullopt};
  if (who.is(auth::Role::commander)) {
    auto scope = auth::scope_of(who);
    if (scope.kind == auth::Scope::Kind::unit) return Sight{"", scope.path};
  }
  return std::nullopt;
}

Error forbidden() {
  return Error::forbidden("Your role does not see readiness or musters.");
}

Error not_found(std::int64_t id) {
  return Error::not_found("No activation has id " + std::to_string(id) + ".");
}

// The registry's units as the caller may see them, each looked up once.
class UnitsInView {
 public:
  UnitsInView(registry::Registry& r, const auth::Principal& who) : registry_(r), who_(who) {}
  const registry::Unit* get(std::int64_t id) {
    auto it = cache_.find(id);
    if (it == cache_.end()) {
      auto u = registry_.units.get(who_, id);
      it = cache_.emplace(id, u ? std::optional<registry::Unit>(*u) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }
  // Looks up `ids` in one read, so that get() finds them without a read each.
  void prefetch(const std::vector<std::int64_t>& ids) {
    std::vector<std::int64_t> missing;
    for (auto id : ids)
      if (!cache_.contains(id)) missing.push_back(id);
    if (missing.empty()) return;
    auto found = registry_.units.get_many(who_, missing);
    for (auto id : missing) {
      auto it = found.find(id);
      cache_.emplace(id, it == found.end() ? std::nullopt : std::optional(std::move(it->second)));
    }
  }

 private:
  registry::Registry& registry_;
  const auth::Principal& who_;
  std::map<std::int64_t, std::optional<registry::Unit>> cache_;
};

bool past_deadline(const Activation& a, core::Timestamp now) {
  return a.phase == Phase::active && a.deadline_at && now >= *a.deadline_at;
}

std::vector<Plan> all_plans(storage::Tx& tx, const std::string& prefix) {
  std::vector<Plan> out;
  std::int64_t after = 0;
  constexpr int kPage = 500;
  for (;;) {
    auto page = plan_store::list(tx, prefix, after, kPage);
    bool more = page.size() > std::size_t(kPage);
    if (more) page.resize(kPage);
    for (auto& p : page) out.push_back(std::move(p));
    if (!more || out.empty()) return out;
    after = out.back().id;
  }
}

// The muster of an activation over the units `in_view` admits: counts and curves from
// `tallies`; the people are the caller's to add. Each unit's curve is drawn while there are at
// most `unit_curves` units, their figures always; the total's curve always.
ActivationMuster muster_of(const Activation& a, const Plan* plan,
                           const activation_store::MusterTallies& tallies,
                           const std::function<const registry::Unit*(std::int64_t)>& in_view,
                           core::Timestamp now, std::size_t unit_curves) {
  ActivationMuster m;
  m.activation = a;
  m.activation.counts.clear();
  if (plan) m.plan_name = plan->name;
  const core::Timestamp start = a.activated_at.value_or(a.proposed_at);
  const core::Timestamp end = a.ended_at.value_or(now);
  m.minutes_since = a.activated_at ? double(std::max<core::Timestamp>(end - start, 0)) / 60e6 : 0;

  // Units in plan order, then any that only the notices name (the plan changed since).
  std::vector<std::int64_t> order;
  std::map<std::int64_t, std::int64_t> targets;
  if (plan)
    for (const auto& u : plan->units)
      if (in_view(u.unit_id)) {
        order.push_back(u.unit_id);
        targets[u.unit_id] = u.target;
      }
  const bool late = past_deadline(a, now);
  static_assert(int(Muster::overdue) == 5, "one count per Muster value");
  std::array<std::optional<std::int64_t>, 6> by_status;
  std::optional<std::int64_t> last_unit;  // counts come unit by unit
  bool seen = false;
  for (const auto& c : tallies.counts) {
    if (c.unit_id != last_unit) {
      last_unit = c.unit_id;
      seen = in_view(c.unit_id) != nullptr;
      if (seen && targets.try_emplace(c.unit_id, 0).second) order.push_back(c.unit_id);
    }
    if (!seen) continue;
    const Muster status =
        late ? at_deadline({c.status, std::nullopt, std::nullopt}).status : c.status;
    by_status[std::size_t(status)] = by_status[std::size_t(status)].value_or(0) + c.people;
  }
  for (std::size_t s = 0; s < by_status.size(); ++s)
    if (by_status[s]) m.activation.counts[std::string(to_string(Muster(s)))] = *by_status[s];

  // Each unit's arrivals are a run of `tallies.times` in time order; the total's are those of
  // the units in view, sorted once.
  std::map<std::int64_t, std::span<const core::Timestamp>> arrivals;
  std::vector<core::Timestamp> all;
  for (const auto& run : tallies.arrivals)
    if (targets.contains(run.unit_id)) {
      arrivals[run.unit_id] = std::span(tallies.times).subspan(run.begin, run.end - run.begin);
      all.insert(all.end(), tallies.times.begin() + std::ptrdiff_t(run.begin),
                 tallies.times.begin() + std::ptrdiff_t(run.end));
    }
  const std::size_t unit_points = order.size() <= unit_curves ? ReadinessService::kCurvePoints : 0;
  std::int64_t target_total = 0;
  for (auto id : order) {
    target_total += targets[id];
    MusterSeries s{id, in_view(id)->name,
                   muster_figures_in_order(start, int(targets[id]), arrivals[id], unit_points),
                   unit_points > 0};
    m.units.push_back(std::move(s));
  }
  m.total = {
      std::nullopt, "",
      muster_figures(start, int(target_total), std::move(all), ReadinessService::kCurvePoints),
      true};
  return m;
}

// Position targets summed over units, each position once in the order first named.
struct PositionSums {
  std::vector<PositionCoverage> sums;

  // A unit's targets against `held` (position → people), added to the sums.
  std::vector<PositionCoverage> add(const std::vector<PositionTarget>& targets,
                                    const std::map<std::string, std::int64_t>& held) {
    std::vector<PositionCoverage> out;
    for (const auto& t : targets) {
      auto h = held.find(t.position);
      out.push_back({t.position, t.target, h == held.end() ? 0 : h->second});
      auto sum = std::ranges::find(sums, t.position, &PositionCoverage::position);
      if (sum == sums.end()) sum = sums.insert(sums.end(), {t.position, 0, 0});
      sum->target += out.back().target;
      sum->actual += out.back().actual;
    }
    return out;
  }
};

std::string day_of(core::Timestamp t) {
  return core::format_rfc3339(t).substr(0, 10);
}

}  // namespace

const std::vector<std::string>& no_show_reasons() {
  static const std::vector<std::string> r{"ill",   "abroad",       "exempt",
                                          "other", "did_not_come", "no_answer"};
  return r;
}

core::Result<Readiness> ReadinessService::readiness(const auth::Principal& who,
                                                    const ReadinessQuery& q) {
  // Its figures come from some ten reads (plans, the registry's units, strengths, training,
  // positions, musters): one snapshot keeps them of one moment, so that a target is never set
  // against a muster or strength from either side of a change.
  return storage::in_snapshot(db_, [&] { return readiness_now(who, q); });
}

core::Result<Readiness> ReadinessService::readiness_now(const auth::Principal& who,
                                                        const ReadinessQuery& q) {
  auto sight = sight_of(who);
  if (!sight) return fail(forbidden());
  if (q.region && q.unit)
    return fail(Error::invalid(
        "Ask for a region or a unit, not both.",
        {{"region", "give either region or unit"}, {"unit", "give either region or unit"}}));
  Readiness out;
  out.date = q.date.value_or(core::today_utc());
  if (!core::parse_date(out.date))
    return fail(Error::invalid("The date is not valid.", {{"date", "a date as YYYY-MM-DD"}}));
  // The part asked for: a region's subtree (by the unit's home region) or a unit's subtree.
  std::optional<std::string> region_path, unit_path;
  if (q.region) {
    auto r = registry_.regions.get(who, *q.region);
    if (!r) return fail(Error::not_found("No region has id " + std::to_string(*q.region) + "."));
    region_path = r->path;
  }
  if (q.unit) {
    auto u = registry_.units.get(who, *q.unit);
    if (!u) return fail(Error::not_found("No unit has id " + std::to_string(*q.unit) + "."));
    unit_path = u->path;
  }
  UnitsInView units(registry_, who);
  auto in_view = [&](std::int64_t id) -> const registry::Unit* {
    const registry::Unit* u = units.get(id);
    if (!u) return nullptr;
    if (region_path && !u->region_path.starts_with(*region_path)) return nullptr;
    if (unit_path && !u->path.starts_with(*unit_path)) return nullptr;
    return u;
  };

  auto plans = db_.read([&](storage::Tx& tx) { return all_plans(tx, sight->region_prefix); });
  {
    std::vector<std::int64_t> ids;
    for (const auto& plan : plans)
      for (const auto& pu : plan.units) ids.push_back(pu.unit_id);
    units.prefetch(ids);
  }
  std::vector<std::int64_t> plan_units;
  for (const auto& plan : plans)
    for (const auto& pu : plan.units)
      if (in_view(pu.unit_id)) plan_units.push_back(pu.unit_id);
  auto capacities = registry_.units.capacities(who, plan_units, out.date);
  // Training currency: who arrived at an exercise in the window, then how many of them each
  // unit has now (counts only).
  constexpr std::int64_t kDay = 86'400'000'000LL;
  const std::int64_t day_end = core::parse_rfc3339(out.date + "T00:00:00Z").value_or(0) + kDay;
  const std::int64_t since = day_end - std::int64_t(kTrainingDays) * kDay;
  out.trained_since = day_of(since);
  auto attendees = db_.read(
      [&](storage::Tx& tx) { return activation_store::exercise_attendees(tx, since, day_end); });
  auto trained = registry::members_among(registry_.db, plan_units, attendees, out.date);
  std::vector<std::int64_t> positioned;  // units with targets per position
  for (const auto& plan : plans)
    for (const auto& pu : plan.units)
      if (!pu.positions.empty() && in_view(pu.unit_id)) positioned.push_back(pu.unit_id);
  std::map<std::int64_t, std::map<std::string, std::int64_t>> held_positions;
  if (!positioned.empty())
    held_positions = registry::position_members(registry_.db, positioned, out.date);
  for (const auto& plan : plans) {
    PlanReadiness pr{plan.id, plan.name, plan.region_path, {}, 0, 0, 0, {}, {}};
    std::map<std::string, SkillCoverage> sums;
    std::vector<std::string> skill_order;
    PositionSums position_sums;
    for (const auto& pu : plan.units) {
      const registry::Unit* u = in_view(pu.unit_id);
      if (!u) continue;
      auto it = capacities.find(pu.unit_id);
      if (it == capacities.end()) continue;
      UnitReadiness ur{plan.id, pu.unit_id, u->name, u->region_path, pu.target, it->second.members,
                       {},      {},         0};
      if (auto t = trained.find(pu.unit_id); t != trained.end()) ur.trained = t->second;
      ur.positions = position_sums.add(pu.positions, held_positions[pu.unit_id]);
      for (const auto& need : pu.needs) {
        auto held = it->second.skills.find(need.skill);
        SkillCoverage c{need.skill, need.count, held == it->second.skills.end() ? 0 : held->second};
        ur.skills.push_back(c);
        auto [sum, fresh] = sums.try_emplace(need.skill, SkillCoverage{need.skill, 0, 0});
        if (fresh) skill_order.push_back(need.skill);
        sum->second.needed += c.needed;
        sum->second.holders += c.holders;
      }
      pr.target += ur.target;
      pr.actual += ur.actual;
      pr.trained += ur.trained;
      pr.units.push_back(std::move(ur));
    }
    if (pr.units.empty()) continue;
    for (const auto& s : skill_order) pr.skills.push_back(sums[s]);
    pr.positions = std::move(position_sums.sums);
    out.plans.push_back(std::move(pr));
  }

  // The musters of running activations over the same units.
  const auto now = core::now_us();
  auto running = db_.read([&](storage::Tx& tx) {
    std::vector<std::tuple<Activation, std::optional<Plan>, activation_store::MusterTallies>> r;
    for (auto& a : activation_store::list(tx, sight->region_prefix, 200))
      if (a.phase == Phase::active) {
        // Its plan is one of those read above when it lies in the caller's sight.
        auto read = std::ranges::find(plans, a.plan_id, &Plan::id);
        r.emplace_back(a,
                       read != plans.end() ? std::optional(*read) : plan_store::get(tx, a.plan_id),
                       activation_store::muster_tallies(tx, a.id));
      }
    return r;
  });
  for (auto& [a, plan, tallies] : running) {
    auto m = muster_of(a, plan ? &*plan : nullptr, tallies, in_view, now, kUnitCurves);
    if (m.units.empty()) continue;
    (a.kind == Kind::exercise ? out.exercises : out.real).push_back(std::move(m));
  }
  return out;
}

struct ReadinessService::Loaded {
  Activation activation;
  std::optional<Plan> plan;
  std::vector<Notice> notices;
  std::unique_ptr<UnitsInView> units;
};

core::Result<ReadinessService::Loaded> ReadinessService::load(const auth::Principal& who,
                                                              std::int64_t activation_id) {
  auto sight = sight_of(who);
  if (!sight) return fail(forbidden());
  Loaded l;
  bool found = db_.read([&](storage::Tx& tx) {
    auto a = activation_store::get(tx, activation_id);
    if (!a || !a->region_path.starts_with(sight->region_prefix)) return false;
    l.activation = *a;
    l.plan = plan_store::get(tx, a->plan_id);
    l.notices = activation_store::all_notices(tx, activation_id);
    return true;
  });
  if (!found) return fail(not_found(activation_id));
  l.units = std::make_unique<UnitsInView>(registry_, who);
  {
    std::set<std::int64_t> ids;
    if (l.plan)
      for (const auto& u : l.plan->units) ids.insert(u.unit_id);
    for (const auto& n : l.notices) ids.insert(n.unit_id);
    l.units->prefetch({ids.begin(), ids.end()});
  }
  // A commander sees an activation only when one of its units lies in their subtree.
  if (sight->unit_path) {
    bool any = false;
    if (l.plan)
      for (const auto& u : l.plan->units) any = any || l.units->get(u.unit_id);
    for (const auto& n : l.notices) any = any || l.units->get(n.unit_id);
    if (!any) return fail(not_found(activation_id));
  }
  return l;
}

// The muster and the after-action report each read the activation, its plan and notices, then
// the registry's units, positions and skills: one snapshot keeps them all of one moment, as for
// readiness (a check-in or a change of the plan or of a membership lands wholly before or after).
core::Result<ActivationMuster> ReadinessService::muster(const auth::Principal& who,
                                                        std::int64_t activation_id) {
  return storage::in_snapshot(db_, [&] { return muster_now(who, activation_id); });
}

core::Result<AfterAction> ReadinessService::after_action(const auth::Principal& who,
                                                         std::int64_t activation_id) {
  return storage::in_snapshot(db_, [&] { return after_action_now(who, activation_id); });
}

core::Result<ActivationMuster> ReadinessService::muster_now(const auth::Principal& who,
                                                            std::int64_t activation_id) {
  auto l = load(who, activation_id);
  if (!l) return fail(l.error());
  auto& units = *l->units;
  const auto now = core::now_us();
  const bool late = past_deadline(l->activation, now);
  // The notices tallied as the store tallies them: counts by unit and status, each unit's
  // arrival times in order. The people keep the notices' order.
  activation_store::MusterTallies tallies;
  {
    std::map<std::pair<std::int64_t, Muster>, std::int64_t> counts;
    std::map<std::int64_t, std::vector<core::Timestamp>> times;
    for (const auto& n : l->notices) {
      counts[{n.unit_id, n.muster.status}] += 1;
      if (n.muster.status == Muster::arrived && n.muster.arrived_at)
        times[n.unit_id].push_back(*n.muster.arrived_at);
    }
    for (const auto& [key, people] : counts)
      tallies.counts.push_back({key.first, key.second, people});
    for (auto& [unit_id, unit_times] : times) {
      std::ranges::sort(unit_times);
      const std::size_t begin = tallies.times.size();
      tallies.times.insert(tallies.times.end(), unit_times.begin(), unit_times.end());
      tallies.arrivals.push_back({unit_id, begin, tallies.times.size()});
    }
  }
  auto in_view = [&](std::int64_t id) { return units.get(id); };
  auto m = muster_of(l->activation, l->plan ? &*l->plan : nullptr, tallies, in_view, now,
                     std::numeric_limits<std::size_t>::max());  // every unit's curve
  for (const auto& n : l->notices) {
    const registry::Unit* unit = in_view(n.unit_id);
    if (!unit) continue;
    m.people.push_back({n.id, n.person_id, n.unit_id, n.person_name, unit->name,
                        late ? at_deadline(n.muster) : n.muster, n.answered_at, n.delivered_at,
                        n.arrived_facility_id && *n.arrived_facility_id != n.assembly_facility_id});
  }
  return m;
}

core::Result<AfterAction> ReadinessService::after_action_now(const auth::Principal& who,
                                                             std::int64_t activation_id) {
  auto l = load(who, activation_id);
  if (!l) return fail(l.error());
  const auto now = core::now_us();
  const Activation& a = l->activation;
  auto& units = *l->units;
  AfterAction out;
  out.activation = a;
  if (l->plan) out.plan_name = l->plan->name;
  const core::Timestamp start = a.activated_at.value_or(a.proposed_at);
  out.day = day_of(start);
  out.final = a.phase == Phase::closed || a.phase == Phase::cancelled || past_deadline(a, now);

  // Units in plan order, then those only the notices name.
  std::vector<std::int64_t> order;
  std::map<std::int64_t, const PlanUnit*> planned;
  if (l->plan)
    for (const auto& u : l->plan->units)
      if (units.get(u.unit_id)) {
        order.push_back(u.unit_id);
        planned[u.unit_id] = &u;
      }
  std::map<std::int64_t, std::vector<core::Timestamp>> arrivals;
  std::map<std::int64_t, std::vector<std::int64_t>> came;  // unit → people who arrived
  std::map<std::int64_t, std::int64_t> called;
  std::map<std::int64_t, std::map<std::string, std::int64_t>> reasons;
  std::vector<core::Timestamp> all_arrivals;
  for (auto& n : l->notices) {
    if (!units.get(n.unit_id)) continue;
    if (!planned.contains(n.unit_id) && !called.contains(n.unit_id)) order.push_back(n.unit_id);
    called[n.unit_id] += 1;
    if (past_deadline(a, now)) n.muster = at_deadline(n.muster);
    if (n.muster.status == Muster::arrived) {
      if (n.muster.arrived_at) {
        arrivals[n.unit_id].push_back(*n.muster.arrived_at);
        all_arrivals.push_back(*n.muster.arrived_at);
      }
      came[n.unit_id].push_back(n.person_id);
      continue;
    }
    std::string reason;
    if (n.muster.status == Muster::declined)
      reason = n.muster.reason ? std::string(to_string(*n.muster.reason)) : "other";
    else if (out.final)
      reason = n.answered_at ? "did_not_come" : "no_answer";
    else
      continue;
    reasons[n.unit_id][reason] += 1;
    out.total.no_shows[reason] += 1;
    out.no_shows.push_back({n.id, n.person_id, n.unit_id, n.person_name, reason, n.muster.status});
  }

  std::map<std::string, SkillCoverage> sums;
  std::vector<std::string> skill_order;
  PositionSums position_sums;
  std::int64_t target_total = 0;
  for (auto id : order) {
    UnitAfterAction u;
    u.unit_id = id;
    u.unit_name = units.get(id)->name;
    u.called = called[id];
    const PlanUnit* pu = planned.contains(id) ? planned[id] : nullptr;
    const std::int64_t target = pu ? pu->target : 0;
    target_total += target;
    u.figures = muster_figures(start, int(target), std::move(arrivals[id]), 0);
    u.no_shows = reasons[id];
    if (pu && !pu->positions.empty()) {
      auto held = registry::position_members(registry_.db, {id}, out.day, &came[id])[id];
      u.positions = position_sums.add(pu->positions, held);
    }
    if (pu && !pu->needs.empty()) {
      auto held = registry_.units.skill_holders(came[id], out.day);
      for (const auto& need : pu->needs) {
        auto h = held.find(need.skill);
        SkillCoverage c{need.skill, need.count, h == held.end() ? 0 : h->second};
        u.skills.push_back(c);
        auto [sum, fresh] = sums.try_emplace(need.skill, SkillCoverage{need.skill, 0, 0});
        if (fresh) skill_order.push_back(need.skill);
        sum->second.needed += c.needed;
        sum->second.holders += c.holders;
      }
    }
    out.total.called += u.called;
    out.units.push_back(std::move(u));
  }
  out.total.figures = muster_figures(start, int(target_total), std::move(all_arrivals), 0);
  for (const auto& s : skill_order) out.total.skills.push_back(sums[s]);
  out.total.positions = std::move(position_sums.sums);
  return out;
}

}  // namespace qorgan::activation
