// Compliance: which facilities carry duties, a facility's standing and its snapshots, and the
// overview per facility, organisation and region with the trend.
#include <map>

#include "obligations/access.hpp"
#include "obligations/obligations.hpp"
#include "obligations/obligations_store.hpp"
#include "view/time.hpp"

namespace qorgan::obligations {

using core::Error;
using core::fail;

std::string Obligations::today_at(core::Timestamp t) const {
  return view::format_time(t, time_zone_).substr(0, 10);
}

std::string Obligations::today() const {
  return today_at(core::now_us());
}

core::Result<Obligations::Target> Obligations::target(std::int64_t facility_id) {
  auto system = auth::system_principal("obligations");
  auto f = registry_.facilities.get(system, facility_id);
  if (!f) return fail(Error::not_found("No facility has id " + std::to_string(facility_id) + "."));
  std::optional<registry::Organisation> o;
  if (f->organisation_id)
    if (auto x = registry_.organisations.get(system, *f->organisation_id)) o = *x;
  if (!o || !o->protection_obligation())
    return fail(Error::invalid(
        "The facility has no protection duties: only facilities of large companies do.",
        {{"facility_id", "is not owned by an organisation of kind company and size large"}}));
  return Target{*f, *o};
}

std::vector<Obligations::Target> Obligations::obligated(const Visible& v) {
  auto system = auth::system_principal("obligations");
  std::vector<Target> out;
  auto each_page = [](auto list, const auto& sorts, auto visit) {
    auto p = core::ListParams::first(sorts, 500);
    for (;;) {
      auto page = list(p);
      if (!page) return;
      for (const auto& x : page->items) visit(x);
      if (!page->next_cursor) return;
      auto next = core::parse_list_params({{}, page->next_cursor, {}, {}}, sorts, 500);
      if (!next) return;
      p = *next;
    }
  };
  registry::OrganisationFilter of;
  of.kind = "company";
  of.size_category = "large";
  std::vector<registry::Organisation> companies;
  each_page([&](const core::ListParams& p) { return registry_.organisations.list(system, of, p); },
            registry::Organisations::sorts(),
            [&](const registry::Organisation& o) {
              if (!v.organisation_id || *v.organisation_id == o.id) companies.push_back(o);
            });
  for (const auto& o : companies) {
    registry::FacilityFilter ff;
    ff.organisation_id = o.id;
    each_page([&](const core::ListParams& p) { return registry_.facilities.list(system, ff, p); },
              registry::Facilities::sorts(),
              [&](const registry::Facility& f) {
                if (sees(v, f.region_path, o.id)) out.push_back({f, o});
              });
  }
  return out;
}

Standing Obligations::standing_in(storage::Tx& tx, std::int64_t facility_id) {
  std::optional<Basis> a, i;
  if (auto x = store::latest_assessment(tx, facility_id))
    a = Basis{"assessment", x->id, x->assessed_on, {x->required, x->met}};
  if (auto x = store::latest_inspection(tx, facility_id))
    i = Basis{"inspection", x->id, x->inspected_on, {x->required, x->met}};
  return standing(newer(a, i), store::facility_findings(tx, facility_id), today());
}

void Obligations::record_standing(storage::Tx& tx, std::int64_t facility_id,
                                  std::int64_t organisation_id, const std::string& region_path) {
  auto s = standing_in(tx, facility_id);
  store::insert_snapshot(
      tx, {facility_id, organisation_id, region_path, s.status, s.score, core::now_us()});
}

namespace {

// The ends of the last 12 months before `now`, and `now` (µs), ascending.
std::vector<std::int64_t> months_until(core::Timestamp now) {
  constexpr std::int64_t kMonth = 30LL * 24 * 3600 * 1'000'000;
  std::vector<std::int64_t> at;
  for (int k = 12; k >= 1; --k) at.push_back(now - k * kMonth);
  at.push_back(now);
  return at;
}

}  // namespace

core::Result<Overview> Obligations::overview(const auth::Principal& who) {
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your role does not see protection duties."));
  auto targets = obligated(*v);
  Overview out;
  std::map<std::int64_t, std::vector<Standing>> by_org, by_region;
  std::map<std::int64_t, std::string> org_names;
  std::vector<Standing> all;
  db_.read([&](storage::Tx& tx) {
    for (const auto& t : targets) {
      FacilityStanding fs{t.facility.id,          t.organisation.id,
                          t.facility.region_id,   t.facility.criticality,
                          t.facility.name,        t.organisation.name,
                          t.facility.region_path, standing_in(tx, t.facility.id)};
      by_org[t.organisation.id].push_back(fs.standing);
      by_region[t.facility.region_id].push_back(fs.standing);
      org_names[t.organisation.id] = t.organisation.name;
      all.push_back(fs.standing);
      out.facilities.push_back(std::move(fs));
    }
    out.trend = trend(store::snapshots(tx, *v, 0), months_until(core::now_us()));
    return 0;
  });
  auto system = auth::system_principal("obligations");
  for (const auto& [id, ss] : by_org)
    out.organisations.push_back({id, org_names[id], summarise(ss)});
  for (const auto& [id, ss] : by_region) {
    std::string label = std::to_string(id);
    if (auto r = registry_.regions.get(system, id)) label = r->code;
    out.regions.push_back({id, label, summarise(ss)});
  }
  out.total = summarise(all);
  return out;
}

core::Result<FacilityCompliance> Obligations::facility_compliance(const auth::Principal& who,
                                                                  std::int64_t facility_id) {
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your role does not see protection duties."));
  auto t = target(facility_id);
  // A facility without duties is named so only to those who may read the facility itself.
  if (!t && t.error().code != core::ErrorCode::not_found &&
      !registry_.facilities.get(who, facility_id))
    return fail(Error::not_found("No facility has id " + std::to_string(facility_id) + "."));
  if (!t) return fail(t.error());
  if (!sees(*v, t->facility.region_path, t->organisation.id))
    return fail(Error::not_found("No facility has id " + std::to_string(facility_id) + "."));
  FacilityCompliance out;
  out.facility = {
      t->facility.id,   t->organisation.id,   t->facility.region_id,   t->facility.criticality,
      t->facility.name, t->organisation.name, t->facility.region_path, {}};
  db_.read([&](storage::Tx& tx) {
    out.facility.standing = standing_in(tx, facility_id);
    for (auto& d : duties_in(tx))
      if (d.active && d.level_for(t->facility.criticality)) out.duties.push_back(std::move(d));
    out.history = store::snapshots(tx, *v, facility_id);
    out.trend = trend(out.history, months_until(core::now_us()));
    return 0;
  });
  return out;
}

}  // namespace qorgan::obligations
