// Requisitions: what is due and payable, the ledger entries that keep owed equal to it, totals
// and the reconciliation of a decision.
#include "core/time.hpp"
#include "requisition/access.hpp"
#include "requisition/checks.hpp"
#include "requisition/requisition_store.hpp"
#include "requisition/requisitions.hpp"
#include "storage/snapshot.hpp"

namespace qorgan::requisition {

using core::Error;
using core::fail;

std::int64_t Requisitions::due(storage::Tx& tx, const Item& item) const {
  return due_by_rules(rules_, item, store::approved_valuation(tx, item.id)) +
         store::dispute_adjustments(tx, item.id);
}

std::int64_t Requisitions::payable(storage::Tx& tx, const Item& item) const {
  return payable(tx, item, store::approved_valuation(tx, item.id).has_value());
}

std::int64_t Requisitions::payable(storage::Tx& tx, const Item& item, bool approved) const {
  if (!approved) return 0;
  if (!rules_.pay_undisputed_during_dispute)
    for (const auto& d : store::disputes(tx, item.id))
      if (d.status == "open") return 0;
  // The balance row holds the sums of the item's entries (written with each of them).
  auto t = store::item_balance(tx, item.id);
  auto rest = t.owed() - t.paid - store::pending_orders(tx, item.id);
  return rest > 0 ? rest : 0;
}

core::Status Requisitions::settle(storage::Tx& tx, const Item& item, const auth::Actor& actor,
                                  const std::string& reason) {
  lock_item(tx, item.id);
  auto target = due(tx, item);
  auto t = store::item_balance(tx, item.id);
  if (target < 0)
    return fail(Error::conflict("The amount due would be negative; check the adjustment."));
  if (target > kMaxTiyn)
    return fail(Error::conflict("The amount due would exceed the largest sum accepted."));
  if (target < t.paid + store::pending_orders(tx, item.id))
    return fail(Error::conflict(
        "The amount due would be less than what has been paid or ordered; cancel orders or "
        "record the recovery first."));
  auto delta = target - t.owed();
  if (delta == 0) return {};
  store::append(
      tx, {0, item.id, item.decision_id, item.region_id, item.owner_id_index,
           t.entries == 0 ? "accrual" : "adjustment", delta, reason, actor.login, core::now_us()});
  return {};
}

core::Result<core::Page<LedgerEntry>> Requisitions::ledger(const auth::Principal& who,
                                                           std::int64_t decision_id,
                                                           std::optional<std::int64_t> after,
                                                           int limit) {
  if (decision_id > 0) {
    if (auto d = decision(who, decision_id); !d) return fail(d.error());
  }
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see requisitions."));
  auto rows = db_.read([&](storage::Tx& tx) {
    return store::ledger(tx, decision_id, *prefix, after.value_or(0), limit);
  });
  core::Page<LedgerEntry> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

core::Result<std::vector<Group>> Requisitions::totals_by_decision(const auth::Principal& who) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see requisitions."));
  std::vector<Group> out;
  for (auto& g : db_.read([&](storage::Tx& tx) { return store::totals_by_decision(tx, *prefix); }))
    out.push_back({g.key, g.label, g.totals});
  return out;
}

core::Result<std::vector<Group>> Requisitions::totals_by_region(const auth::Principal& who) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see requisitions."));
  auto system = auth::system_principal("requisition");
  std::vector<Group> out;
  for (auto& g : db_.read([&](storage::Tx& tx) { return store::totals_by_region(tx, *prefix); })) {
    std::string label = g.label;
    if (auto r = registry_.regions.get(system, g.key)) label = r->code;
    out.push_back({g.key, label, g.totals});
  }
  return out;
}

core::Result<Reconciliation> Requisitions::reconcile(const auth::Principal& who,
                                                     std::int64_t decision_id) {
  auto d = decision(who, decision_id);
  if (!d) return fail(d.error());
  Reconciliation r;
  r.decision = *d;
  db_.read([&](storage::Tx& tx) {
    // The balances, entries and orders are compared with each other: one state of them.
    storage::Snapshot snapshot(tx);
    auto lines = store::decision_lines(tx, decision_id);
    r.lines.reserve(lines.size());
    for (auto& l : lines) {
      auto& line = r.lines.emplace_back();
      line.due = (l.approved ? due_by_rules(rules_, l.requisition_type, l.taken_on, l.returned_on,
                                            l.market_value, l.rent_per_day, l.damage)
                             : 0) +
                 l.dispute_adjustments;
      line.item = {l.id,
                   std::move(l.kind),
                   std::move(l.description),
                   std::move(l.owner_name),
                   std::move(l.requisition_type),
                   std::move(l.status)};
      line.totals = l.totals;
      line.paid_orders = l.paid_orders;
      if (line.totals.owed() != line.due) {
        line.ok = false;
        line.problem = "owed by the ledger differs from what the rules give";
      } else if (line.totals.paid > line.totals.owed()) {
        line.ok = false;
        line.problem = "paid more than owed";
      } else if (line.totals.paid != line.paid_orders) {
        line.ok = false;
        line.problem = "ledger payments differ from paid orders";
      }
      r.ok = r.ok && line.ok;
      r.totals.accrued += l.totals.accrued;
      r.totals.adjusted += l.totals.adjusted;
      r.totals.paid += l.totals.paid;
      r.totals.disputed += l.totals.disputed;
      r.totals.entries += l.totals.entries;
    }
    // The balances the lines were read from must be the sums of the entries themselves.
    auto entries = store::decision_entries(tx, decision_id);
    if (entries.accrued != r.totals.accrued || entries.adjusted != r.totals.adjusted ||
        entries.paid != r.totals.paid || entries.entries != r.totals.entries) {
      r.ok = false;
      r.balances_match = false;
    }
    return 0;
  });
  return r;
}

}  // namespace qorgan::requisition
