#include "guard/demo.hpp"

#include "core/time.hpp"

namespace qorgan::guard {

using core::Error;
using core::fail;
using core::Json;

core::Result<DemoReport> load_demo(registry::Registry& registry, Duties& duties,
                                   RosterRunner& runner) {
  const auto sys = auth::system_principal("cli:demo");
  const auto actor = auth::Actor::cli("demo");
  DemoReport rep;
  registry::FacilityFilter ff;
  ff.criticality = 1;
  auto facilities =
      registry.facilities.list(sys, ff, core::ListParams::first(registry::Facilities::sorts(), 6));
  if (!facilities) return fail(facilities.error());
  const Day today = day_of(*core::parse_date(core::today_utc()));
  const Day monday = today + 7 - (today + 3) % 7;  // 1970-01-01 was a Thursday
  const std::string from = core::format_date(date_of(monday));
  const std::string since = core::format_date(date_of(today - 30));
  for (const auto& f : facilities->items) {
    auto gate = duties.create_post(sys, actor,
                                   {{"facility_id", f.id},
                                    {"name", "Main gate"},
                                    {"min_guards", 1},
                                    {"target_guards", 2},
                                    {"active_from", since}});
    if (!gate) return fail(gate.error());
    if (auto p = duties.add_pattern(sys, actor, gate->id,
                                    {{"shifts", "3x8@06:00"}, {"valid_from", since}});
        !p)
      return fail(p.error());
    ++rep.posts;
    if (f.kind != "medical") continue;
    auto ward = duties.create_post(sys, actor,
                                   {{"facility_id", f.id},
                                    {"name", "Emergency entrance"},
                                    {"min_guards", 1},
                                    {"skills", Json::array({"medic"})},
                                    {"active_from", since}});
    if (!ward) return fail(ward.error());
    if (auto p = duties.add_pattern(sys, actor, ward->id,
                                    {{"shifts", "2x12@08:00"}, {"valid_from", since}});
        !p)
      return fail(p.error());
    ++rep.posts;
  }
  auto run = duties.request_roster(sys, actor, {{"from", from}, {"days", 7}});
  if (!run) return fail(run.error());
  runner.run_queued();
  auto done = duties.roster(sys, run->id);
  if (!done) return fail(done.error());
  if (done->status != kDone)
    return fail(Error::internal("the demo roster did not finish: " + done->error.value_or("")));
  if (auto p = duties.publish(sys, actor, done->id); !p) return fail(p.error());
  rep.roster_id = done->id;
  rep.summary = done->summary;
  return rep;
}

}  // namespace qorgan::guard
