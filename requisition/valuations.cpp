// Requisitions: valuations by the commission's appraiser and their approval by someone else.
#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "requisition/access.hpp"
#include "requisition/checks.hpp"
#include "requisition/requisition_json.hpp"
#include "requisition/requisition_store.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

using core::Error;
using core::fail;
using core::Json;

namespace {
// A day's rent above this (10^9 tenge) is a typing mistake.
constexpr std::int64_t kMaxRentPerDay = 100'000'000'000;
}  // namespace

core::Result<Valuation> Requisitions::record_valuation(const auth::Principal& who,
                                                       const auth::Actor& actor,
                                                       std::int64_t item_id, const Json& body) {
  if (!who.in(kAppraisers)) return fail(Error::forbidden("You may not record valuations."));
  core::JsonFields f(body);
  Valuation v;
  v.item_id = item_id;
  v.appraiser = core::trim(f.str("appraiser", true, 200).value_or(""));
  v.licence = core::trim(f.str("licence", true, 50).value_or(""));
  v.method = f.choice("method", true, {"comparative", "income", "cost"}).value_or("");
  if (auto d = f.str("value_date", true, 10)) {
    v.value_date = *d;
    if (!core::parse_date(*d)) f.add("value_date", "must be a date YYYY-MM-DD");
  }
  v.market_value = f.i64("market_value", true, 0, kMaxTiyn).value_or(0);
  v.rent_per_day = f.i64("rent_per_day", false, 0, kMaxRentPerDay).value_or(0);
  v.damage = f.i64("damage", false, 0, kMaxTiyn).value_or(0);
  if (f.has("appraiser") && v.appraiser.empty()) f.add("appraiser", "must not be empty");
  if (f.has("licence") && v.licence.empty()) f.add("licence", "must not be empty");
  if (auto s = f.finish("The valuation"); !s) return fail(s.error());
  v.recorded_by = who.login;
  v.recorded_by_id = who.account_id;
  v.recorded_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Valuation> {
    auto i = writable_item(tx, who, item_id);
    if (!i) return fail(i.error());
    if (i->status == "listed")
      return fail(Error::conflict("The item has not been taken yet; value it as of its taking."));
    if (v.value_date < *i->taken_on)
      return fail(Error::invalid(
          "The valuation is not valid.",
          {{"value_date", "must not be before the taking date (" + *i->taken_on + ")"}}));
    if (i->requisition_type == "use" && v.rent_per_day == 0 && v.damage == 0)
      return fail(Error::invalid(
          "The valuation is not valid.",
          {{"rent_per_day", "Property taken into use needs its daily rent-equivalent rate."}}));
    v.id = store::insert_valuation(tx, v);
    auth::audit(tx, actor, "requisition_valuation.record", "requisition_valuation",
                std::to_string(v.id), nullptr, to_json(v));
    return v;
  });
}

core::Result<Valuation> Requisitions::approve_valuation(const auth::Principal& who,
                                                        const auth::Actor& actor,
                                                        std::int64_t valuation_id) {
  if (!who.in(kApprovers)) return fail(Error::forbidden("You may not approve valuations."));
  return db_.write([&](storage::Tx& tx) -> core::Result<Valuation> {
    auto v = store::valuation(tx, valuation_id);
    if (!v)
      return fail(Error::not_found("No valuation has id " + std::to_string(valuation_id) + "."));
    auto i = writable_item(tx, who, v->item_id);
    if (!i)
      return fail(Error::not_found("No valuation has id " + std::to_string(valuation_id) + "."));
    if (v->status == "approved")
      return fail(Error::conflict("The valuation has already been approved."));
    if (v->recorded_by == who.login ||
        (v->recorded_by_id && who.account_id && *v->recorded_by_id == who.account_id))
      return fail(Error::forbidden(
          "You recorded this valuation; someone else must approve it (two-person rule)."));
    Valuation after = *v;
    after.status = "approved";
    after.approved_by = who.login;
    after.approved_at = core::now_us();
    store::approve_valuation(tx, v->id, who.login, *after.approved_at);
    if (auto s = settle(tx, *i, actor, "valuation " + std::to_string(v->id) + " approved"); !s)
      return fail(s.error());
    auth::audit(tx, actor, "requisition_valuation.approve", "requisition_valuation",
                std::to_string(v->id), to_json(*v), to_json(after));
    return after;
  });
}

}  // namespace qorgan::requisition
