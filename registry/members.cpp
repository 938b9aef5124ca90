#include "registry/members.hpp"

#include "core/time.hpp"
#include "registry/person_store.hpp"
#include "registry/registry.hpp"

namespace qorgan::registry {

using auth::Role;

core::Result<std::vector<Member>> current_members(Registry& registry, const auth::Principal& who,
                                                  const std::vector<std::int64_t>& unit_ids) {
  // The readers and contacts of People::list and People::visibility.
  if (!who.in({Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::volunteer}))
    return std::unexpected(core::Error::forbidden("Your role does not see people."));
  person_store::Query q;
  q.today = core::today_utc();
  q.scope = auth::scope_of(who);
  auto rows =
      registry.db.read([&](storage::Tx& tx) { return person_store::members(tx, q, unit_ids); });
  const bool contacts = who.is(Role::admin) || who.is(Role::hq_staff) || who.is(Role::commander);
  std::map<std::int64_t, std::vector<Member>> by_unit;
  for (auto& m : rows) {
    if (!contacts && !(who.is(Role::volunteer) && who.person_id == m.person_id)) {
      m.phone.reset();
      m.email.reset();
    }
    by_unit[m.unit_id].push_back(std::move(m));
  }
  std::vector<Member> out;
  out.reserve(rows.size());
  for (auto id : unit_ids)
    if (auto it = by_unit.find(id); it != by_unit.end())
      out.insert(out.end(), it->second.begin(), it->second.end());
  return out;
}

}  // namespace qorgan::registry
