#include "activation/demo.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "activation/demo_store.hpp"
#include "auth/audit.hpp"
#include "core/time.hpp"
#include "registry/unit_counts.hpp"

namespace qorgan::activation {

using core::Error;
using core::fail;
using core::Json;

namespace {

struct District {
  registry::Region region;
  std::vector<registry::Unit> units;  // top-level units, most members first
  std::vector<std::int64_t> members;  // of each unit's subtree, today
  std::int64_t point = 0;             // the assembly point: a school if there is one
};

Error explain(const Error& e, const std::string& what) {
  Error out = e;
  out.message = "demo activation data rejected for " + what + ": " + e.message;
  for (const auto& f : e.fields) out.message += " [" + f.field + ": " + f.message + "]";
  return out;
}

}  // namespace

core::Result<DemoReport> load_demo(storage::Database& db, registry::Registry& registry,
                                   Plans& plans, Activations& activations, std::uint64_t seed) {
  const auto sys = auth::system_principal("cli:demo");
  const auto actor = auth::Actor::cli("demo");
  const auto today = core::today_utc();
  DemoReport rep;

  registry::RegionFilter rf;
  rf.level = "district";
  auto regions =
      registry.regions.list(sys, rf, core::ListParams::first(registry::Regions::sorts(), 500));
  if (!regions) return fail(regions.error());
  std::vector<District> districts;
  for (const auto& r : regions->items) {
    District d{r, {}, {}, 0};
    registry::UnitFilter uf;
    uf.region = r.id;
    auto units =
        registry.units.list(sys, uf, core::ListParams::first(registry::Units::sorts(), 500));
    if (!units) return fail(units.error());
    std::vector<std::int64_t> top;
    for (const auto& u : units->items)
      if (!u.parent_id) top.push_back(u.id);
    auto capacity = registry.units.capacities(sys, top, today);
    std::vector<std::pair<std::int64_t, registry::Unit>> ranked;
    for (const auto& u : units->items)
      if (auto c = capacity.find(u.id); c != capacity.end() && c->second.members > 0)
        ranked.emplace_back(c->second.members, u);
    std::ranges::sort(ranked, [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < ranked.size() && i < 4; ++i) {
      d.members.push_back(ranked[i].first);
      d.units.push_back(ranked[i].second);
    }
    registry::FacilityFilter ff;
    ff.region = r.id;
    auto facilities = registry.facilities.list(
        sys, ff, core::ListParams::first(registry::Facilities::sorts(), 200));
    if (!facilities) return fail(facilities.error());
    for (const auto& f : facilities->items)
      if (!d.point || f.kind == "education") {
        d.point = f.id;
        if (f.kind == "education") break;
      }
    if (!d.units.empty() && d.point) districts.push_back(std::move(d));
  }
  std::ranges::stable_sort(districts, [](const District& a, const District& b) {
    return a.units.size() > b.units.size();
  });
  if (districts.size() > 2) districts.resize(2);
  if (districts.empty()) return rep;

  // The plans: each district's largest units, a target a little above today's strength (in all
  // and per position) so that readiness shows the gap, and the skills a company needs.
  std::vector<Plan> made;
  for (const auto& d : districts) {
    std::vector<std::int64_t> ids;
    for (const auto& u : d.units) ids.push_back(u.id);
    auto held = registry::position_members(registry.db, ids, today);
    Json units = Json::array();
    for (std::size_t i = 0; i < d.units.size(); ++i) {
      const std::int64_t n = d.members[i];
      Json positions = Json::array();
      std::int64_t sum = 0;
      for (const auto& [position, members] : held[d.units[i].id]) {
        if (positions.size() == std::size_t(kMaxUnitPositions)) break;
        const std::int64_t want = std::max<std::int64_t>(1, std::llround(double(members) * 1.1));
        positions.push_back({{"position", position}, {"target", want}});
        sum += want;
      }
      units.push_back({{"unit_id", d.units[i].id},
                       {"target", std::max({std::int64_t(1),
                                            std::int64_t(std::llround(double(n) * 1.15)), sum})},
                       {"assembly_facility_id", d.point},
                       {"positions", positions},
                       {"needs",
                        {{{"skill", "medic"}, {"count", std::max<std::int64_t>(1, n / 8)}},
                         {{"skill", "driver"}, {"count", std::max<std::int64_t>(1, n / 6)}},
                         {{"skill", "radio_operator"}, {"count", 1}}}}});
    }
    Json body{
        {"name", d.region.name_ru + ": сбор подразделений территориальной обороны"},
        {"region_id", d.region.id},
        {"deadline_minutes", 360},
        {"messages",
         {{"kk",
           "Сіз аумақтық қорғаныс жиынына шақырыласыз. Жиын пунктіне 6 сағат ішінде келіңіз."},
          {"ru",
           "Вы призваны на сбор территориальной обороны. Прибудьте на пункт сбора в течение "
           "6 часов."},
          {"en",
           "You are called up to a territorial-defence muster. Report to the assembly point "
           "within 6 hours."}}},
        {"units", units}};
    auto p = plans.create(sys, actor, body);
    if (!p) return fail(explain(p.error(), "the plan of " + d.region.name_en));
    made.push_back(*p);
    ++rep.plans;
  }

  // One finished exercise of the first plan.
  auto proposed = activations.propose(sys, actor, made.front().id, {{"kind", "exercise"}});
  if (!proposed) return fail(explain(proposed.error(), "the demo exercise"));
  auto approved = activations.approve(sys, actor, proposed->id);
  if (!approved) return fail(explain(approved.error(), "the demo exercise's approval"));
  const std::int64_t id = approved->id;
  rep.exercise_id = id;
  std::vector<Notice> notices;
  for (std::optional<std::int64_t> after;;) {
    auto page = activations.notices(sys, id, std::nullopt, after, 500);
    if (!page) return fail(page.error());
    notices.insert(notices.end(), page->items.begin(), page->items.end());
    if (!page->next_cursor) break;
    after = std::stoll(*page->next_cursor);
  }

  // Three days ago at 06:00 Almaty time (UTC+5): the call-up.
  const std::int64_t day = 86'400'000'000LL, hour = 3'600'000'000LL, minute = 60'000'000LL;
  const std::int64_t start = (core::now_us() / day - 3) * day + hour;  // 01:00 UTC
  std::mt19937_64 rng(seed ^ 0x6163746976617465ULL);
  std::uniform_real_distribution<double> unit(0, 1);
  std::lognormal_distribution<double> delay(std::log(110.0), 0.55);
  struct Times {
    std::int64_t notice_id;
    std::optional<std::int64_t> answered, arrived;
  };
  std::vector<Times> times;
  for (const auto& n : notices) {
    const double fate = unit(rng);
    ++rep.called;
    Times t{n.id, std::nullopt, std::nullopt};
    if (fate < 0.07) {
      const double why = unit(rng);
      const char* reason = why < 0.45   ? "ill"
                           : why < 0.7  ? "abroad"
                           : why < 0.85 ? "exempt"
                                        : "other";
      auto a =
          activations.answer(sys, actor, id, n.id, {{"answer", "decline"}, {"reason", reason}});
      if (!a) return fail(a.error());
      t.answered = start + std::int64_t((10 + 50 * unit(rng)) * double(minute));
      ++rep.declined;
    } else if (fate < 0.14) {
      if (fate < 0.10) {  // confirmed, then did not come
        auto a = activations.answer(sys, actor, id, n.id, {{"answer", "confirm"}});
        if (!a) return fail(a.error());
        t.answered = start + std::int64_t((5 + 40 * unit(rng)) * double(minute));
      }
      ++rep.absent;
    } else {
      const double minutes = std::clamp(delay(rng), 12.0, 400.0);
      if (unit(rng) < 0.6) {
        auto a = activations.answer(sys, actor, id, n.id, {{"answer", "confirm"}});
        if (!a) return fail(a.error());
        t.answered = start + std::int64_t(std::min(minutes * 0.3, 45.0) * double(minute));
      }
      auto in = activations.check_in(sys, actor, id,
                                     {{"code", n.code}, {"facility_id", n.assembly_facility_id}});
      if (!in) return fail(in.error());
      t.arrived = start + std::int64_t(minutes * double(minute));
      ++rep.arrived;
    }
    times.push_back(t);
  }
  const std::int64_t shift = start - approved->activated_at.value_or(start);
  auto dated = db.write([&](storage::Tx& tx) -> core::Status {
    demo_store::shift_activation(tx, id, shift, std::nullopt);
    for (const auto& t : times) demo_store::set_times(tx, t.notice_id, t.answered, t.arrived);
    auth::audit(tx, actor, "activation.demo_dated", "activation", std::to_string(id), nullptr,
                {{"activated_at", core::format_rfc3339(start)}});
    return {};
  });
  if (!dated) return fail(dated.error());
  // Closing after the (moved) deadline stores the absent as overdue.
  auto closed = activations.close(sys, actor, id);
  if (!closed) return fail(explain(closed.error(), "closing the demo exercise"));
  auto ended = db.write([&](storage::Tx& tx) -> core::Status {
    demo_store::shift_activation(tx, id, 0, start + 8 * hour);
    return {};
  });
  if (!ended) return fail(ended.error());
  return rep;
}

}  // namespace qorgan::activation
