// The duties table: read by every reader, changed by admins (audited, versioned).
#include <regex>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "obligations/access.hpp"
#include "obligations/obligations.hpp"
#include "obligations/obligations_json.hpp"
#include "obligations/obligations_store.hpp"

namespace qorgan::obligations {

using core::Error;
using core::fail;
using core::Json;

namespace {

const std::vector<std::string> kMeasures{"yes_no", "count", "hours", "percent", "per_year"};

// Reads name {en, ru, kk}, levels [3 × (integer ≥ 0 | null)], active, position into `d`.
core::Status read_into(const Json& body, bool creating, Duty& d) {
  core::JsonFields f(body);
  if (creating) {
    if (auto v = f.str("code", true, 50)) {
      d.code = *v;
      static const std::regex code("[a-z][a-z0-9_]{1,49}");
      if (!std::regex_match(d.code, code))
        f.add("code", "lowercase letters, digits and _ (e.g. fire_alarm)");
    }
    if (auto v = f.choice("measure", true, kMeasures)) d.measure = *v;
  } else {
    for (const char* fixed : {"code", "measure"})
      if (f.has(fixed)) {
        f.str(fixed, false, 50);
        f.add(fixed, "cannot change; add a new duty and deactivate this one");
      }
  }
  if (const Json* name = f.object("name", creating)) {
    core::JsonFields g(*name);
    for (auto [lang, out] : {std::pair{"en", &d.name_en}, {"ru", &d.name_ru}, {"kk", &d.name_kk}})
      if (auto v = g.str(lang, true, 200)) {
        *out = core::trim(*v);
        if (out->empty()) g.add(lang, "must not be empty");
      }
    f.absorb(g, "name");
  }
  if (const Json* levels = f.array("levels", creating)) {
    if (levels->size() != size_t(kCriticalityClasses)) {
      f.add("levels", "Give one level per criticality class 1, 2, 3 (null: does not apply).");
    } else {
      for (int c = 0; c < kCriticalityClasses; ++c) {
        const Json& l = (*levels)[size_t(c)];
        if (l.is_null())
          d.levels[c] = std::nullopt;
        else if (l.is_number_integer() && l.get<std::int64_t>() >= 0 &&
                 l.get<std::int64_t>() <= 100'000)
          d.levels[c] = l.get<std::int64_t>();
        else
          f.add("levels[" + std::to_string(c) + "]", "must be an integer 0–100000 or null");
      }
    }
  }
  if (auto v = f.boolean("active", false)) d.active = *v;
  if (auto v = f.i64("position", false, 0, 1'000'000)) d.position = *v;
  if (d.measure == "yes_no")
    for (int c = 0; c < kCriticalityClasses; ++c)
      if (d.levels[c] && *d.levels[c] > 1)
        f.add("levels[" + std::to_string(c) + "]", "a yes-no duty's level is 1 (or null)");
  return f.finish("The duty");
}

}  // namespace

core::Result<std::vector<Duty>> Obligations::duties(const auth::Principal& who) {
  if (!visible(who)) return fail(Error::forbidden("Your role does not see protection duties."));
  return db_.read([&](storage::Tx& tx) { return duties_in(tx); });
}

Duty Obligations::effective(Duty d) const {
  std::vector<Duty> one{std::move(d)};
  apply_overrides(one, overrides_);
  return one.front();
}

std::vector<Duty> Obligations::duties_in(storage::Tx& tx) const {
  auto duties = store::duties(tx);
  apply_overrides(duties, overrides_);
  return duties;
}

core::Result<Duty> Obligations::create_duty(const auth::Principal& who, const auth::Actor& actor,
                                            const Json& body) {
  if (!who.in(kDutyEditors)) return fail(Error::forbidden("Only admins change the duties."));
  Duty d;
  d.position = 1000;
  if (auto s = read_into(body, true, d); !s) return fail(s.error());
  d.updated_by = who.login;
  d.updated_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Duty> {
    if (store::duty(tx, d.code))
      return fail(
          Error::invalid("The duty is not valid.", {{"code", "a duty with this code exists"}}));
    d.id = store::insert_duty(tx, d);
    auth::audit(tx, actor, "obligation_duty.create", "obligation_duty", d.code, nullptr,
                to_json(d));
    return effective(d);
  });
}

core::Result<Duty> Obligations::update_duty(const auth::Principal& who, const auth::Actor& actor,
                                            const std::string& code, const Json& body) {
  if (!who.in(kDutyEditors)) return fail(Error::forbidden("Only admins change the duties."));
  return db_.write([&](storage::Tx& tx) -> core::Result<Duty> {
    auto before = store::duty(tx, code);
    if (!before) return fail(Error::not_found("No duty has the code " + code + "."));
    if (overrides_.contains(code) && body.contains("levels"))
      return fail(Error::invalid(
          "The duty is not valid.",
          {{"levels", "are set in qorgan.toml ([obligations.levels]); change them there"}}));
    Duty d = *before;
    if (auto s = read_into(body, false, d); !s) return fail(s.error());
    d.version = before->version + 1;
    d.updated_by = who.login;
    d.updated_at = core::now_us();
    store::update_duty(tx, d);
    auth::audit(tx, actor, "obligation_duty.update", "obligation_duty", d.code, to_json(*before),
                to_json(d));
    return effective(d);
  });
}

}  // namespace qorgan::obligations
