#pragma once
// The SQL of requisitions: decisions and their versions, items, acts, custody, valuations,
// applications, disputes, payment orders and the append-only ledger. The ledger has inserts and
// sums only: no statement here updates or deletes an entry (the database refuses it too).
#include <optional>
#include <string>
#include <vector>

#include "requisition/model.hpp"
#include "storage/database.hpp"

namespace qorgan::requisition::store {

std::optional<Decision> decision(storage::Tx& tx, std::int64_t id);
// Decisions under `path_prefix` ("" for all), id > after, at most limit + 1, oldest first.
std::vector<Decision> decisions(storage::Tx& tx, const std::string& path_prefix, std::int64_t after,
                                int limit);
std::int64_t insert_decision(storage::Tx& tx, const Decision& d);
void update_decision(storage::Tx& tx, const Decision& d);
void insert_version(storage::Tx& tx, std::int64_t decision_id, const DecisionVersion& v);
std::vector<DecisionVersion> versions(storage::Tx& tx, std::int64_t decision_id);

std::optional<Item> item(storage::Tx& tx, std::int64_t id);
std::optional<Item> item_by_code(storage::Tx& tx, const std::string& code_index);
// Items of a decision (decision_id > 0) or under a path prefix, id > after, at most limit + 1.
std::vector<Item> items(storage::Tx& tx, std::int64_t decision_id, const std::string& path_prefix,
                        std::int64_t after, int limit);
std::int64_t insert_item(storage::Tx& tx, const Item& i);
// Items of a decision that have been taken (returned ones included).
std::int64_t taken_items(storage::Tx& tx, std::int64_t decision_id);
void set_taken(storage::Tx& tx, std::int64_t id, const std::string& on,
               const std::string& code_sealed, const std::string& code_index);
void set_returned(storage::Tx& tx, std::int64_t id, const std::string& on);

std::vector<Act> acts(storage::Tx& tx, std::int64_t item_id);
std::int64_t insert_act(storage::Tx& tx, const Act& a);
std::optional<Act> act(storage::Tx& tx, std::int64_t item_id, const std::string& kind);

std::vector<Photo> photos(storage::Tx& tx, std::int64_t item_id);
std::int64_t photo_count(storage::Tx& tx, std::int64_t act_id);
// `thumb` empty: none.
std::int64_t insert_photo(storage::Tx& tx, const Photo& p, const std::string& data,
                          const std::string& thumb);
// The photo with `key` and its bytes (the thumbnail's when `thumb` and it has one).
std::optional<std::pair<Photo, std::string>> photo_file(storage::Tx& tx, const std::string& key,
                                                        bool thumb);

std::vector<Custody> custody(storage::Tx& tx, std::int64_t item_id);
std::int64_t insert_custody(storage::Tx& tx, const Custody& c);

std::optional<Valuation> valuation(storage::Tx& tx, std::int64_t id);
std::vector<Valuation> valuations(storage::Tx& tx, std::int64_t item_id);
// The item's most recently approved valuation.
std::optional<Valuation> approved_valuation(storage::Tx& tx, std::int64_t item_id);
std::int64_t insert_valuation(storage::Tx& tx, const Valuation& v);
void approve_valuation(storage::Tx& tx, std::int64_t id, const std::string& by, std::int64_t at);

std::vector<Application> applications(storage::Tx& tx, std::int64_t item_id);
// The item's most recent application (the one a payment order follows).
std::optional<Application> latest_application(storage::Tx& tx, std::int64_t item_id);
std::int64_t insert_application(storage::Tx& tx, const Application& a);

std::optional<Dispute> dispute(storage::Tx& tx, std::int64_t id);
std::vector<Dispute> disputes(storage::Tx& tx, std::int64_t item_id);
std::int64_t insert_dispute(storage::Tx& tx, const Dispute& d);
void resolve_dispute(storage::Tx& tx, const Dispute& d);

std::optional<PaymentOrder> order(storage::Tx& tx, std::int64_t id);
std::optional<PaymentOrder> order_by_key(storage::Tx& tx, const std::string& key);
std::vector<PaymentOrder> orders(storage::Tx& tx, std::int64_t item_id);
// Sum of the item's orders not yet paid or cancelled.
std::int64_t pending_orders(storage::Tx& tx, std::int64_t item_id);
std::int64_t insert_order(storage::Tx& tx, const PaymentOrder& o);
void set_order_status(storage::Tx& tx, std::int64_t id, const std::string& status,
                      const std::string& by, std::int64_t at);
// Marks the order cancelled by `by` at `at`, with the reason given.
void cancel_order(storage::Tx& tx, std::int64_t id, const std::string& by, std::int64_t at,
                  const std::string& reason);

std::int64_t append(storage::Tx& tx, const LedgerEntry& e);
std::vector<LedgerEntry> entries(storage::Tx& tx, std::int64_t item_id);
// Entries of a decision (0: all) under a region path prefix, id > after, at most limit + 1.
std::vector<LedgerEntry> ledger(storage::Tx& tx, std::int64_t decision_id,
                                const std::string& path_prefix, std::int64_t after, int limit);
Totals item_totals(storage::Tx& tx, std::int64_t item_id);

// Totals grouped by decision or by region, for the decisions under a path prefix, from the
// balances kept with every entry.
struct GroupTotals {
  std::int64_t key = 0;  // decision or region id
  std::string label;     // decision number, or region path
  Totals totals;
};
std::vector<GroupTotals> totals_by_decision(storage::Tx& tx, const std::string& path_prefix);
std::vector<GroupTotals> totals_by_region(storage::Tx& tx, const std::string& path_prefix);
// Sums per owner (grouped by the owner's blind index) of the balances of the items under a path
// prefix, owners with index > after, at most limit + 1, by index. `owner_id_sealed` is one of
// the owner's items' sealed IIN/BIN.
struct OwnerRow {
  std::string index, kind, name, owner_id_sealed;
  std::int64_t items = 0;
  Totals totals;
};
std::vector<OwnerRow> totals_by_owner(storage::Tx& tx, const std::string& path_prefix,
                                      const std::string& after, int limit);
// A decision's items with their totals, for the reconciliation report, in item id order: only
// the fields the report shows and the rules read (10,000 full items and valuations would be
// megabytes built and dropped for every report).
struct ItemLine {
  std::int64_t id = 0;
  std::string kind, description, owner_name, requisition_type, status;
  std::optional<std::string> taken_on, returned_on;
  Totals totals;
  // The latest approved valuation, as approved_valuation() picks it: the greatest
  // (approved_at, id); its amounts when `approved`.
  bool approved = false;
  std::int64_t approved_at = 0, valuation_id = 0;
  std::int64_t market_value = 0, rent_per_day = 0, damage = 0;
  std::int64_t dispute_adjustments = 0;
  std::int64_t paid_orders = 0;
};
std::vector<ItemLine> decision_lines(storage::Tx& tx, std::int64_t decision_id);
// The sums of a decision's ledger entries themselves (not of the balances), by kind.
Totals decision_entries(storage::Tx& tx, std::int64_t decision_id);
// The item's balance row (the sums kept with each entry).
Totals item_balance(storage::Tx& tx, std::int64_t item_id);
// The sum of resolved disputes' adjustments of an item.
std::int64_t dispute_adjustments(storage::Tx& tx, std::int64_t item_id);
// Sum of the open disputes' `disputed` of an item.
std::int64_t open_disputed(storage::Tx& tx, std::int64_t item_id);

}  // namespace qorgan::requisition::store
