#include "registry/region_counts.hpp"

#include <map>

#include "registry/region_store.hpp"

namespace qorgan::registry {

using core::Error;
using core::fail;

core::Result<PeopleByRegion> people_by_region(storage::Database& db, const auth::Principal& who,
                                              std::optional<std::int64_t> within) {
  using auth::Role;
  const auto scope = auth::scope_of(who);
  const bool by_region =
      scope.kind == auth::Scope::Kind::everything || scope.kind == auth::Scope::Kind::region;
  if (!who.in({Role::admin, Role::auditor, Role::hq_staff}) || !by_region)
    return fail(Error::forbidden(
        "Counts of people per region are for accounts that see people by region."));
  std::string prefix = scope.kind == auth::Scope::Kind::region ? scope.path : "/";
  return db.read([&](storage::Tx& tx) -> core::Result<PeopleByRegion> {
    if (within) {
      auto r = region_store::get(tx, *within);
      if (!r) return fail(Error::not_found("No region has id " + std::to_string(*within) + "."));
      // A region above the caller's own narrows nothing; one beside it is not theirs to count.
      if (r->path.starts_with(prefix))
        prefix = r->path;
      else if (!prefix.starts_with(r->path))
        return fail(Error::forbidden("The region " + r->code + " lies outside your region."));
    }
    PeopleByRegion out;
    std::map<std::string, size_t> at;  // path → index in out.items
    for (auto& [region, here] : region_store::people_here(tx, prefix)) {
      at[region.path] = out.items.size();
      out.items.push_back({std::move(region), 0, here});
      out.people += here;
    }
    // Each region's people count towards it and every listed region above it (the path
    // "/1/4/9/" lies under "/1/" and "/1/4/").
    for (const auto& item : out.items)
      for (size_t end = item.region.path.find('/', 1); end != std::string::npos;
           end = item.region.path.find('/', end + 1))
        if (auto it = at.find(item.region.path.substr(0, end + 1)); it != at.end())
          out.items[it->second].people += item.people_here;
    return out;
  });
}

}  // namespace qorgan::registry
