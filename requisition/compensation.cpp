// Requisitions: the owner's application, disputes, payment orders and payments.
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

Error order_not_found(std::int64_t id) {
  return Error::not_found("No payment order has id " + std::to_string(id) + ".");
}

// The owner (no account) acts through the owner's view with this principal.
bool is_owner(const auth::Principal& who) {
  return who.login.starts_with("owner:");
}

}  // namespace

core::Result<Item> Requisitions::owned_or_writable(storage::Tx& tx, const auth::Principal& who,
                                                   std::int64_t item_id) {
  // The owner's view has found the item by its code and the owner's IIN/BIN already.
  if (is_owner(who) && who.login == "owner:" + std::to_string(item_id)) {
    if (auto i = store::item(tx, item_id)) return *i;
  }
  if (is_owner(who))
    return fail(Error::not_found("No requisitioned item has id " + std::to_string(item_id) + "."));
  return writable_item(tx, who, item_id);
}

core::Result<Application> Requisitions::apply(const auth::Principal& who, const auth::Actor& actor,
                                              std::int64_t item_id, const Json& body) {
  if (!is_owner(who) && !who.in(kOfficers))
    return fail(Error::forbidden("You may not file payment applications."));
  core::JsonFields f(body);
  Application a;
  a.item_id = item_id;
  a.method = f.choice("method", true, {"bank", "cash"}).value_or("");
  auto iban = f.str("iban", a.method == "bank", 50);
  if (a.method == "cash" && iban) f.add("iban", "A cash payment takes no IBAN.");
  if (a.method == "bank" && iban) {
    std::string n = normalise_iban(*iban);
    if (auto e = check_iban(n); !e.empty()) f.add("iban", e);
    a.iban = n;
  }
  if (auto s = f.finish("The payment application"); !s) return fail(s.error());
  a.filed_by = who.login;
  a.filed_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Application> {
    auto i = owned_or_writable(tx, who, item_id);
    if (!i) return fail(i.error());
    if (i->status == "listed") return fail(Error::conflict("The item has not been taken yet."));
    a.id = store::insert_application(tx, a);
    auth::audit(tx, actor, "requisition_item.apply", "requisition_item", std::to_string(item_id),
                nullptr, to_json(a));
    return a;
  });
}

core::Result<Dispute> Requisitions::open_dispute(const auth::Principal& who,
                                                 const auth::Actor& actor, std::int64_t item_id,
                                                 const Json& body) {
  if (!is_owner(who) && !who.in(kOfficers))
    return fail(Error::forbidden("You may not open disputes."));
  core::JsonFields f(body);
  Dispute d;
  d.item_id = item_id;
  d.reason = core::trim(f.str("reason", true, 2000).value_or(""));
  if (f.has("reason") && d.reason.empty()) f.add("reason", "must not be empty");
  d.claimed = f.i64("claimed", true, 0, kMaxTiyn).value_or(0);
  if (auto s = f.finish("The dispute"); !s) return fail(s.error());
  d.opened_by = who.login;
  d.opened_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Dispute> {
    auto i = owned_or_writable(tx, who, item_id);
    if (!i) return fail(i.error());
    if (i->status == "listed") return fail(Error::conflict("The item has not been taken yet."));
    for (const auto& other : store::disputes(tx, item_id))
      if (other.status == "open")
        return fail(Error::conflict("A dispute of this item is already open (#" +
                                    std::to_string(other.id) + ")."));
    lock_item(tx, item_id);
    auto owed = store::item_balance(tx, item_id).owed();
    d.disputed = d.claimed > owed ? d.claimed - owed : 0;
    d.id = store::insert_dispute(tx, d);
    auth::audit(tx, actor, "requisition_dispute.open", "requisition_dispute", std::to_string(d.id),
                nullptr, to_json(d));
    return d;
  });
}

core::Result<Dispute> Requisitions::resolve_dispute(const auth::Principal& who,
                                                    const auth::Actor& actor,
                                                    std::int64_t dispute_id, const Json& body) {
  if (!who.in(kOfficers)) return fail(Error::forbidden("You may not resolve disputes."));
  core::JsonFields f(body);
  auto resolution = core::trim(f.str("resolution", true, 2000).value_or(""));
  if (f.has("resolution") && resolution.empty()) f.add("resolution", "must not be empty");
  auto adjustment = f.i64("adjustment", true, -kMaxTiyn, kMaxTiyn);
  if (auto s = f.finish("The resolution"); !s) return fail(s.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Dispute> {
    auto d = store::dispute(tx, dispute_id);
    if (!d) return fail(Error::not_found("No dispute has id " + std::to_string(dispute_id) + "."));
    auto i = writable_item(tx, who, d->item_id);
    if (!i) return fail(Error::not_found("No dispute has id " + std::to_string(dispute_id) + "."));
    if (d->status != "open") return fail(Error::conflict("The dispute has already been resolved."));
    Dispute after = *d;
    after.status = "resolved";
    after.resolution = resolution;
    after.adjustment = *adjustment;
    after.resolved_by = who.login;
    after.resolved_at = core::now_us();
    store::resolve_dispute(tx, after);
    if (auto s = settle(tx, *i, actor, "dispute " + std::to_string(d->id) + " resolved"); !s)
      return fail(s.error());
    auth::audit(tx, actor, "requisition_dispute.resolve", "requisition_dispute",
                std::to_string(d->id), to_json(*d), to_json(after));
    return after;
  });
}

core::Result<OrderResult> Requisitions::create_order(const auth::Principal& who,
                                                     const auth::Actor& actor, std::int64_t item_id,
                                                     const Json& body) {
  if (!who.in(kFinance)) return fail(Error::forbidden("You may not make payment orders."));
  core::JsonFields f(body);
  PaymentOrder o;
  o.item_id = item_id;
  o.amount = f.i64("amount", true, 1, kMaxTiyn).value_or(0);
  o.idempotency_key = f.str("idempotency_key", true, 100).value_or("");
  if (f.has("idempotency_key") && o.idempotency_key.size() < 8)
    f.add("idempotency_key", "must have 8 to 100 characters");
  if (auto s = f.finish("The payment order"); !s) return fail(s.error());
  o.created_by = who.login;
  o.created_by_id = who.account_id;
  o.created_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<OrderResult> {
    auto i = writable_item(tx, who, item_id);
    if (!i) return fail(i.error());
    // Two orders made at once cannot both fit what is payable.
    lock_item(tx, item_id);
    if (auto same = store::order_by_key(tx, o.idempotency_key)) {
      if (same->item_id != item_id || same->amount != o.amount)
        return fail(Error::conflict(
            "The idempotency key was used for another payment order; make a new key."));
      return OrderResult{*same, false};
    }
    if (!store::approved_valuation(tx, item_id))
      return fail(
          Error::conflict("The item's valuation has not been approved; nothing is payable."));
    auto application = store::latest_application(tx, item_id);
    if (!application) return fail(Error::conflict("The owner has not applied for payment yet."));
    auto can = payable(tx, *i, true);
    if (o.amount > can)
      return fail(
          Error::invalid("The payment order is not valid.",
                         {{"amount", "is more than is payable now (" + format_tenge(can) + ")"}}));
    o.decision_id = i->decision_id;
    o.method = application->method;
    o.iban = application->iban;
    o.id = store::insert_order(tx, o);
    auth::audit(tx, actor, "requisition_order.create", "requisition_order", std::to_string(o.id),
                nullptr, to_json(o));
    return OrderResult{o, true};
  });
}

core::Result<PaymentOrder> Requisitions::confirm_order(const auth::Principal& who,
                                                       const auth::Actor& actor,
                                                       std::int64_t order_id) {
  if (!who.in(kFinance)) return fail(Error::forbidden("You may not confirm payments."));
  return db_.write([&](storage::Tx& tx) -> core::Result<PaymentOrder> {
    auto o = store::order(tx, order_id);
    if (!o) return fail(order_not_found(order_id));
    auto i = writable_item(tx, who, o->item_id);
    if (!i) return fail(order_not_found(order_id));
    lock_item(tx, o->item_id);
    o = store::order(tx, order_id);
    if (o->status == "paid")
      return fail(Error::conflict("The payment order has already been paid."));
    if (o->status == "cancelled") return fail(Error::conflict("The payment order was cancelled."));
    if (o->created_by == who.login ||
        (o->created_by_id && who.account_id && *o->created_by_id == who.account_id))
      return fail(Error::forbidden(
          "You made this payment order; someone else must confirm it paid (two-person rule)."));
    auto totals = store::item_balance(tx, o->item_id);
    if (totals.paid + o->amount > totals.owed())
      return fail(Error::conflict("Paying this order would pay more than is owed."));
    PaymentOrder after = *o;
    after.status = "paid";
    after.confirmed_by = who.login;
    after.confirmed_at = core::now_us();
    store::set_order_status(tx, o->id, "paid", who.login, *after.confirmed_at);
    store::append(tx,
                  {0, i->id, i->decision_id, i->region_id, i->owner_id_index, "payment", o->amount,
                   "payment order " + std::to_string(o->id), who.login, *after.confirmed_at});
    auth::audit(tx, actor, "requisition_order.pay", "requisition_order", std::to_string(o->id),
                to_json(*o), to_json(after));
    return after;
  });
}

core::Result<PaymentOrder> Requisitions::cancel_order(const auth::Principal& who,
                                                      const auth::Actor& actor,
                                                      std::int64_t order_id, const Json& body) {
  if (!who.in(kFinance)) return fail(Error::forbidden("You may not cancel payment orders."));
  core::JsonFields f(body);
  auto reason = f.str("reason", true, 1000);
  if (reason && core::trim(*reason).empty()) f.add("reason", "must not be empty");
  if (auto s = f.finish("The cancellation"); !s) return fail(s.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<PaymentOrder> {
    auto o = store::order(tx, order_id);
    if (!o || !writable_item(tx, who, o->item_id)) return fail(order_not_found(order_id));
    if (o->status != "created")
      return fail(Error::conflict("Only an order not yet paid can be cancelled."));
    PaymentOrder after = *o;
    after.status = "cancelled";
    after.confirmed_by = who.login;
    after.confirmed_at = core::now_us();
    after.cancel_reason = core::trim(*reason);
    store::cancel_order(tx, o->id, who.login, *after.confirmed_at, *after.cancel_reason);
    auth::audit(tx, actor, "requisition_order.cancel", "requisition_order", std::to_string(o->id),
                to_json(*o), to_json(after));
    return after;
  });
}

core::Result<PaymentOrder> Requisitions::order(const auth::Principal& who, std::int64_t order_id) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see requisitions."));
  return db_.read([&](storage::Tx& tx) -> core::Result<PaymentOrder> {
    auto o = store::order(tx, order_id);
    if (!o) return fail(order_not_found(order_id));
    auto i = store::item(tx, o->item_id);
    if (!i || !i->region_path.starts_with(*prefix)) return fail(order_not_found(order_id));
    return *o;
  });
}

}  // namespace qorgan::requisition
