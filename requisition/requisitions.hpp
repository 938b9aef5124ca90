#pragma once
// Requisition of property with compensation at market value: the service (rules, no HTTP).
//
// Who (requisition/access.hpp): requisition officers prepare decisions, items, acts and custody
// and open and resolve disputes; appraisers record valuations, which someone else (an officer,
// another appraiser or an admin) approves; finance officers make payment orders, which someone
// else confirms paid. hq_staff read; all of these are scoped to their region's subtree when the
// account has a region; auditors read everything. Every change is audited in its transaction;
// every refusal changes nothing. Money moves only through the append-only ledger
// (requisition_store.hpp): owed = accruals + adjustments, always equal to what the rules give
// (rules.hpp) plus resolved disputes' adjustments, and never less than what was paid.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/principal.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "registry/registry.hpp"
#include "requisition/model.hpp"
#include "requisition/rules.hpp"
#include "storage/database.hpp"

namespace qorgan::requisition {

// Totals of one group (a decision or a region), as the ledger page lists them.
struct Group {
  std::int64_t id = 0;
  std::string label;
  Totals totals;
};

// Totals of one owner over the items the caller sees. The owner is named and kind-marked; the
// IIN/BIN shows only its last four digits (`owner_id_masked`): a list of owners is not where
// identifiers are read. `key` is the page cursor (the owner's keyed blind index, opaque).
struct OwnerTotals {
  std::string key;
  std::string owner_kind, owner_name, owner_id_masked;
  std::int64_t items = 0;
  Totals totals;
};

// The reconciliation of one decision: per item what the rules give, what the ledger says and
// what was paid; `ok` when every item agrees and the sums add up.
struct Reconciliation {
  Decision decision;
  // Of an item only what a report shows: no details, no owner's id.
  struct LineItem {
    std::int64_t id = 0;
    std::string kind, description, owner_name, requisition_type, status;
  };
  struct Line {
    LineItem item;
    std::int64_t due = 0;  // rules + resolved dispute adjustments
    Totals totals;
    std::int64_t paid_orders = 0;
    bool ok = true;
    std::string problem;
  };
  std::vector<Line> lines;
  Totals totals;
  // Whether the per-item balances add up to the decision's ledger entries themselves.
  bool balances_match = true;
  bool ok = true;
};

// A payment order with whether this request made it (false: the idempotency key had made it).
struct OrderResult {
  PaymentOrder order;
  bool created = true;
};

class Requisitions {
 public:
  Requisitions(storage::Database& db, registry::Registry& registry, const core::MasterKey& key,
               Rules rules = {})
      : db_(db), registry_(registry), key_(key), rules_(rules) {}
  const Rules& rules() const { return rules_; }
  // The site's public address, printed on taking acts for the owner's page.
  void set_origin(std::string origin) { origin_ = std::move(origin); }
  const std::string& origin() const { return origin_; }

  // Decisions. Out-of-scope records read as not_found.
  core::Result<core::Page<Decision>> decisions(const auth::Principal& who,
                                               std::optional<std::int64_t> after, int limit);
  core::Result<Decision> decision(const auth::Principal& who, std::int64_t id);
  core::Result<std::vector<DecisionVersion>> versions(const auth::Principal& who, std::int64_t id);
  core::Result<Decision> create_decision(const auth::Principal& who, const auth::Actor& actor,
                                         const core::Json& body);
  // A new version: the fields given replace the decision's (the region stays).
  core::Result<Decision> amend_decision(const auth::Principal& who, const auth::Actor& actor,
                                        std::int64_t id, const core::Json& body);
  // body: {reason}. Items already taken stay on the books; nothing new may be listed or taken.
  core::Result<Decision> revoke_decision(const auth::Principal& who, const auth::Actor& actor,
                                         std::int64_t id, const core::Json& body);

  // Items.
  core::Result<core::Page<Item>> items(const auth::Principal& who, std::int64_t decision_id,
                                       std::optional<std::int64_t> after, int limit);
  core::Result<ItemFile> item(const auth::Principal& who, std::int64_t id);
  core::Result<Item> add_item(const auth::Principal& who, const auth::Actor& actor,
                              std::int64_t decision_id, const core::Json& body);

  // Acts. The taking act gives the item its owner's code (ItemFile::code).
  // `photos` are stored with the act, in its transaction; a refused photo refuses the act.
  core::Result<ItemFile> take(const auth::Principal& who, const auth::Actor& actor,
                              std::int64_t item_id, const core::Json& body,
                              std::vector<Upload> photos = {});
  core::Result<ItemFile> move(const auth::Principal& who, const auth::Actor& actor,
                              std::int64_t item_id, const core::Json& body);
  core::Result<ItemFile> give_back(const auth::Principal& who, const auth::Actor& actor,
                                   std::int64_t item_id, const core::Json& body,
                                   std::vector<Upload> photos = {});
  // Photos added to an act already recorded (act_kind: taking | return); authz as the acts.
  core::Result<std::vector<Photo>> add_photos(const auth::Principal& who, const auth::Actor& actor,
                                              std::int64_t item_id, const std::string& act_kind,
                                              std::vector<Upload> uploads);
  // A photo's bytes, or its thumbnail's (the original when it has none), for readers of its item.
  core::Result<std::pair<Photo, std::string>> photo_file(const auth::Principal& who,
                                                         const std::string& key, bool thumb);

  // Valuations.
  core::Result<Valuation> record_valuation(const auth::Principal& who, const auth::Actor& actor,
                                           std::int64_t item_id, const core::Json& body);
  core::Result<Valuation> approve_valuation(const auth::Principal& who, const auth::Actor& actor,
                                            std::int64_t valuation_id);

  // Compensation. `apply` and `open_dispute` are also the owner's (owner_view.hpp).
  core::Result<Application> apply(const auth::Principal& who, const auth::Actor& actor,
                                  std::int64_t item_id, const core::Json& body);
  core::Result<Dispute> open_dispute(const auth::Principal& who, const auth::Actor& actor,
                                     std::int64_t item_id, const core::Json& body);
  // body: {resolution, adjustment (signed tiyn)}.
  core::Result<Dispute> resolve_dispute(const auth::Principal& who, const auth::Actor& actor,
                                        std::int64_t dispute_id, const core::Json& body);
  // body: {amount, idempotency_key}. A key already used for this item returns that order.
  core::Result<OrderResult> create_order(const auth::Principal& who, const auth::Actor& actor,
                                         std::int64_t item_id, const core::Json& body);
  // Confirms the order paid (a ledger payment entry); its creator may not.
  core::Result<PaymentOrder> confirm_order(const auth::Principal& who, const auth::Actor& actor,
                                           std::int64_t order_id);
  // body: {reason}. Only an order not yet paid; anyone of finance, its maker too.
  core::Result<PaymentOrder> cancel_order(const auth::Principal& who, const auth::Actor& actor,
                                          std::int64_t order_id, const core::Json& body);
  // One payment order, for readers of its item.
  core::Result<PaymentOrder> order(const auth::Principal& who, std::int64_t order_id);

  // The ledger: entries (of one decision, or 0 for all in scope), totals by decision and region.
  core::Result<core::Page<LedgerEntry>> ledger(const auth::Principal& who, std::int64_t decision_id,
                                               std::optional<std::int64_t> after, int limit);
  core::Result<std::vector<Group>> totals_by_decision(const auth::Principal& who);
  core::Result<std::vector<Group>> totals_by_region(const auth::Principal& who);
  // Balances per owner (owed, paid, disputed), ordered by the owner's opaque key, after `after`.
  core::Result<core::Page<OwnerTotals>> totals_by_owner(const auth::Principal& who,
                                                        const std::optional<std::string>& after,
                                                        int limit);
  core::Result<Reconciliation> reconcile(const auth::Principal& who, std::int64_t decision_id);

  // The owner's side: the item whose taking act carries `code`, when `owner_id` is its owner's
  // IIN/BIN; anything else is the same not_found (the caller throttles wrong tries).
  core::Result<ItemFile> owner_file(const std::string& code, const std::string& owner_id);
  // A photo of that item's acts by its key (its thumbnail when `thumb` and it has one); a key of
  // another item's photo is the same not_found as wrong credentials.
  core::Result<std::pair<Photo, std::string>> owner_photo(const std::string& code,
                                                          const std::string& owner_id,
                                                          const std::string& key, bool thumb);
  // Opens the owner's code sealed on the item (for the printed taking act).
  std::optional<std::string> code_of(const Item& item) const;
  // Every item of a decision, for its annex.
  core::Result<std::vector<Item>> all_items(const auth::Principal& who, std::int64_t decision_id);

 private:
  core::Result<ItemFile> file(storage::Tx& tx, const Item& item) const;
  // The item whose taking act carries `code`, when `owner_id` is its owner's.
  std::optional<Item> owner_item(storage::Tx& tx, const std::string& code,
                                 const std::string& owner_id) const;
  // Serialises, until the transaction ends, the writers that change what an item owes or pays
  // (PostgreSQL: an advisory lock; SQLite has one writer anyway).
  static void lock_item(storage::Tx& tx, std::int64_t item_id) {
    tx.lock(0x5245510000000000LL + item_id);  // "REQ" and the item
  }
  // Appends what makes the item's owed equal to the rules' due; refuses (conflict) when that
  // would owe less than was paid.
  core::Status settle(storage::Tx& tx, const Item& item, const auth::Actor& actor,
                      const std::string& reason);
  std::int64_t due(storage::Tx& tx, const Item& item) const;
  std::int64_t payable(storage::Tx& tx, const Item& item) const;
  // The same, for a caller that has looked up whether the item has an approved valuation.
  std::int64_t payable(storage::Tx& tx, const Item& item, bool approved) const;
  core::Result<Item> owned_or_writable(storage::Tx& tx, const auth::Principal& who,
                                       std::int64_t item_id);
  core::Result<Item> writable_item(storage::Tx& tx, const auth::Principal& who,
                                   std::int64_t item_id);

  storage::Database& db_;
  registry::Registry& registry_;
  core::MasterKey key_;
  Rules rules_;
  std::string origin_ = "http://localhost:8080";
};

}  // namespace qorgan::requisition
