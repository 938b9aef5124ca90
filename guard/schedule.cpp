// Guarding: a person's own duties, and the secret token of their calendar feed.
#include "auth/audit.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "guard/access.hpp"
#include "guard/duties.hpp"
#include "guard/duty_store.hpp"

namespace qorgan::guard {

using core::Error;
using core::fail;

namespace {

constexpr std::string_view kTokenContext = "guard.calendar";

}  // namespace

core::Result<std::vector<Duty>> Duties::duties(const auth::Principal& who,
                                               std::optional<std::int64_t> person,
                                               std::int64_t from, std::int64_t to) {
  if (!who.in(kPeople)) return fail(Error::forbidden("Your role has no duties to see."));
  if (to <= from || to - from > 400 * 24 * kHour)
    return fail(Error::invalid("The period must be between a moment and 400 days.",
                               {{"to", "after from, at most 400 days later"}}));
  std::int64_t id = 0;
  if (!person || (who.person_id && *person == *who.person_id)) {
    if (!who.person_id) return fail(Error::not_found("Your account is not linked to a person."));
    id = *who.person_id;
  } else {
    // Someone else's: whoever reads rosters and sees that person in the registry.
    if (!who.in(kReaders) || !registry_.people.get(who, *person))
      return fail(Error::not_found("No person has id " + std::to_string(*person) + "."));
    id = *person;
  }
  const bool drafts = who.in(kReaders);
  return db_.read([&](storage::Tx& tx) { return duty_store::duties(tx, id, from, to, drafts); });
}

core::Result<std::string> Duties::calendar_token(const auth::Principal& who,
                                                 const auth::Actor& actor) {
  if (!who.person_id) return fail(Error::not_found("Your account is not linked to a person."));
  std::string token = core::random_token(24);
  const std::string hash = core::keyed_hash(key_, kTokenContext, token);
  return db_.write([&](storage::Tx& tx) -> core::Result<std::string> {
    duty_store::set_calendar_token(tx, *who.person_id, hash, core::now_us());
    auth::audit(tx, actor, "guard_calendar.token", "person", std::to_string(*who.person_id),
                nullptr, {{"token", "new"}});
    return token;
  });
}

core::Result<std::vector<Duty>> Duties::duties_by_token(const std::string& token, std::int64_t from,
                                                        std::int64_t to) {
  if (token.size() < 16 || token.size() > 100)
    return fail(Error::not_found("No calendar has this address."));
  const std::string hash = core::keyed_hash(key_, kTokenContext, token);
  auto person =
      db_.read([&](storage::Tx& tx) { return duty_store::person_by_calendar_token(tx, hash); });
  if (!person) return fail(Error::not_found("No calendar has this address."));
  return db_.read(
      [&](storage::Tx& tx) { return duty_store::duties(tx, *person, from, to, false); });
}

core::Result<std::pair<std::string, std::map<std::int64_t, std::string>>> Duties::unit_members(
    const auth::Principal& who, std::int64_t unit_id) {
  if (!who.in(kReaders)) return fail(Error::forbidden("Your role does not see rosters."));
  auto unit = registry_.units.get(who, unit_id);
  if (!unit) return fail(unit.error());
  registry::PersonFilter filter;
  filter.unit = unit_id;
  std::map<std::int64_t, std::string> members;
  // A printed page holds a platoon or a company, not a battalion: the first 500 in name order.
  auto page =
      registry_.people.list(who, filter, core::ListParams::first(registry::People::sorts()));
  if (!page) return fail(page.error());
  for (const auto& p : page->items) members[p.id] = p.family_name + " " + p.given_name;
  return std::pair{unit->name, std::move(members)};
}

}  // namespace qorgan::guard
