#include "requisition/requisition_store.hpp"

#include <algorithm>
#include <climits>
#include <utility>

namespace qorgan::requisition::store {

namespace {

core::Json parse(const std::string& text) {
  auto j = core::Json::parse(text, nullptr, false);
  return j.is_discarded() ? core::Json::object() : j;
}

constexpr const char* kDecisionColumns =
    "id, number, decided_on, issuing_body, grounds, region_id, region_path, details, deadline, "
    "status, version, created_by, created_at, updated_at";

Decision decision_row(const storage::Row& r) {
  Decision d;
  d.id = r.i64(0);
  d.number = r.str(1);
  d.decided_on = r.str(2);
  d.issuing_body = r.str(3);
  d.grounds = r.str(4);
  d.region_id = r.i64(5);
  d.region_path = r.str(6);
  d.details = parse(r.str(7));
  d.deadline = r.str(8);
  d.status = r.str(9);
  d.version = r.i64(10);
  d.created_by = r.str(11);
  d.created_at = r.i64(12);
  d.updated_at = r.i64(13);
  return d;
}

constexpr const char* kItemColumns =
    "id, decision_id, region_id, region_path, kind, description, details, owner_kind, "
    "owner_name, owner_id_sealed, owner_id_index, requisition_type, status, code_sealed, "
    "code_index, taken_on, returned_on, created_by, created_at";

Item item_row(const storage::Row& r) {
  Item i;
  i.id = r.i64(0);
  i.decision_id = r.i64(1);
  i.region_id = r.i64(2);
  i.region_path = r.str(3);
  i.kind = r.str(4);
  i.description = r.str(5);
  i.details = parse(r.str(6));
  i.owner_kind = r.str(7);
  i.owner_name = r.str(8);
  i.owner_id_sealed = r.str(9);
  i.owner_id_index = r.str(10);
  i.requisition_type = r.str(11);
  i.status = r.str(12);
  i.code_sealed = r.opt_str(13);
  i.code_index = r.opt_str(14);
  i.taken_on = r.opt_str(15);
  i.returned_on = r.opt_str(16);
  i.created_by = r.str(17);
  i.created_at = r.i64(18);
  return i;
}

constexpr const char* kValuationColumns =
    "id, item_id, appraiser, licence, method, value_date, market_value, rent_per_day, damage, "
    "status, recorded_by, recorded_by_id, recorded_at, approved_by, approved_at";

Valuation valuation_row(const storage::Row& r) {
  Valuation v;
  v.id = r.i64(0);
  v.item_id = r.i64(1);
  v.appraiser = r.str(2);
  v.licence = r.str(3);
  v.method = r.str(4);
  v.value_date = r.str(5);
  v.market_value = r.i64(6);
  v.rent_per_day = r.i64(7);
  v.damage = r.i64(8);
  v.status = r.str(9);
  v.recorded_by = r.str(10);
  v.recorded_by_id = r.opt_i64(11);
  v.recorded_at = r.i64(12);
  v.approved_by = r.opt_str(13);
  v.approved_at = r.opt_i64(14);
  return v;
}

constexpr const char* kDisputeColumns =
    "id, item_id, reason, claimed, disputed, status, opened_by, opened_at, resolution, "
    "adjustment, resolved_by, resolved_at";

Dispute dispute_row(const storage::Row& r) {
  Dispute d;
  d.id = r.i64(0);
  d.item_id = r.i64(1);
  d.reason = r.str(2);
  d.claimed = r.i64(3);
  d.disputed = r.i64(4);
  d.status = r.str(5);
  d.opened_by = r.str(6);
  d.opened_at = r.i64(7);
  d.resolution = r.opt_str(8);
  d.adjustment = r.opt_i64(9);
  d.resolved_by = r.opt_str(10);
  d.resolved_at = r.opt_i64(11);
  return d;
}

constexpr const char* kOrderColumns =
    "id, item_id, amount, method, iban, idempotency_key, status, created_by, created_by_id, "
    "created_at, confirmed_by, confirmed_at, cancel_reason";

PaymentOrder order_row(const storage::Row& r) {
  PaymentOrder o;
  o.id = r.i64(0);
  o.item_id = r.i64(1);
  o.amount = r.i64(2);
  o.method = r.str(3);
  o.iban = r.opt_str(4);
  o.idempotency_key = r.str(5);
  o.status = r.str(6);
  o.created_by = r.str(7);
  o.created_by_id = r.opt_i64(8);
  o.created_at = r.i64(9);
  o.confirmed_by = r.opt_str(10);
  o.confirmed_at = r.opt_i64(11);
  o.cancel_reason = r.opt_str(12);
  return o;
}

constexpr const char* kLedgerColumns =
    "id, item_id, decision_id, region_id, owner_id_index, kind, amount, reason, recorded_by, "
    "recorded_at";

LedgerEntry entry_row(const storage::Row& r) {
  LedgerEntry e;
  e.id = r.i64(0);
  e.item_id = r.i64(1);
  e.decision_id = r.i64(2);
  e.region_id = r.i64(3);
  e.owner_id_index = r.str(4);
  e.kind = r.str(5);
  e.amount = r.i64(6);
  e.reason = r.str(7);
  e.recorded_by = r.str(8);
  e.recorded_at = r.i64(9);
  return e;
}

// Columns kind, SUM(amount), COUNT(*) of one group → Totals.
void add_sums(Totals& t, const std::string& kind, std::int64_t sum, std::int64_t count) {
  if (kind == "accrual") t.accrued += sum;
  if (kind == "adjustment") t.adjusted += sum;
  if (kind == "payment") t.paid += sum;
  t.entries += count;
}

// Columns key, accrued, adjusted, paid, entries (sums of balances) → Totals.
void add_balance(Totals& t, const storage::Row& r) {
  t.accrued += r.i64(1);
  t.adjusted += r.i64(2);
  t.paid += r.i64(3);
  t.entries += r.i64(4);
}

std::string sel(const char* columns, const char* rest) {
  return std::string("SELECT ") + columns + " " + rest;
}

}  // namespace

std::optional<Decision> decision(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(sel(kDecisionColumns, "FROM requisition_decisions WHERE id = $1"), {id});
  if (!r) return std::nullopt;
  return decision_row(*r);
}

std::vector<Decision> decisions(storage::Tx& tx, const std::string& path_prefix, std::int64_t after,
                                int limit) {
  std::vector<Decision> out;
  for (const auto& r :
       tx.query(sel(kDecisionColumns,
                    "FROM requisition_decisions WHERE id > $1 AND "
                    "substr(region_path, 1, $2) = $3 ORDER BY id LIMIT $4"),
                {after, std::int64_t(path_prefix.size()), path_prefix, std::int64_t(limit) + 1}))
    out.push_back(decision_row(r));
  return out;
}

std::int64_t insert_decision(storage::Tx& tx, const Decision& d) {
  return tx
      .one(
          "INSERT INTO requisition_decisions (number, decided_on, issuing_body, grounds, "
          "region_id, region_path, details, deadline, status, version, created_by, created_at, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
          "RETURNING id",
          {d.number, d.decided_on, d.issuing_body, d.grounds, d.region_id, d.region_path,
           d.details.dump(), d.deadline, d.status, d.version, d.created_by, d.created_at,
           d.updated_at})
      .i64(0);
}

void update_decision(storage::Tx& tx, const Decision& d) {
  tx.exec(
      "UPDATE requisition_decisions SET number = $2, decided_on = $3, issuing_body = $4, "
      "grounds = $5, details = $6, deadline = $7, status = $8, version = $9, updated_at = $10 "
      "WHERE id = $1",
      {d.id, d.number, d.decided_on, d.issuing_body, d.grounds, d.details.dump(), d.deadline,
       d.status, d.version, d.updated_at});
}

void insert_version(storage::Tx& tx, std::int64_t decision_id, const DecisionVersion& v) {
  tx.exec(
      "INSERT INTO requisition_decision_versions (decision_id, version, snapshot, changed_by, "
      "changed_at) VALUES ($1, $2, $3, $4, $5)",
      {decision_id, v.version, v.snapshot.dump(), v.changed_by, v.changed_at});
}

std::vector<DecisionVersion> versions(storage::Tx& tx, std::int64_t decision_id) {
  std::vector<DecisionVersion> out;
  for (const auto& r : tx.query(
           "SELECT version, snapshot, changed_by, changed_at FROM requisition_decision_versions "
           "WHERE decision_id = $1 ORDER BY version",
           {decision_id}))
    out.push_back({r.i64(0), parse(r.str(1)), r.str(2), r.i64(3)});
  return out;
}

std::optional<Item> item(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(sel(kItemColumns, "FROM requisition_items WHERE id = $1"), {id});
  if (!r) return std::nullopt;
  return item_row(*r);
}

std::optional<Item> item_by_code(storage::Tx& tx, const std::string& code_index) {
  auto r =
      tx.maybe(sel(kItemColumns, "FROM requisition_items WHERE code_index = $1"), {code_index});
  if (!r) return std::nullopt;
  return item_row(*r);
}

std::vector<Item> items(storage::Tx& tx, std::int64_t decision_id, const std::string& path_prefix,
                        std::int64_t after, int limit) {
  std::vector<Item> out;
  auto rows =
      decision_id > 0
          ? tx.query(sel(kItemColumns,
                         "FROM requisition_items WHERE decision_id = $1 AND id > $2 AND "
                         "substr(region_path, 1, $3) = $4 ORDER BY id LIMIT $5"),
                     {decision_id, after, std::int64_t(path_prefix.size()), path_prefix,
                      std::int64_t(limit) + 1})
          : tx.query(
                sel(kItemColumns,
                    "FROM requisition_items WHERE id > $1 AND substr(region_path, 1, $2) = "
                    "$3 ORDER BY id LIMIT $4"),
                {after, std::int64_t(path_prefix.size()), path_prefix, std::int64_t(limit) + 1});
  for (const auto& r : rows) out.push_back(item_row(r));
  return out;
}

std::int64_t insert_item(storage::Tx& tx, const Item& i) {
  auto id = tx.one(
                  "INSERT INTO requisition_items (decision_id, region_id, region_path, kind, "
                  "description, details, owner_kind, owner_name, owner_id_sealed, owner_id_index, "
                  "requisition_type, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
                  "$6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                  {i.decision_id, i.region_id, i.region_path, i.kind, i.description,
                   i.details.dump(), i.owner_kind, i.owner_name, i.owner_id_sealed,
                   i.owner_id_index, i.requisition_type, i.status, i.created_by, i.created_at})
                .i64(0);
  tx.exec("INSERT INTO requisition_balances (item_id, decision_id, region_id) VALUES ($1, $2, $3)",
          {id, i.decision_id, i.region_id});
  return id;
}

std::int64_t taken_items(storage::Tx& tx, std::int64_t decision_id) {
  return tx
      .one("SELECT COUNT(*) FROM requisition_items WHERE decision_id = $1 AND status <> 'listed'",
           {decision_id})
      .i64(0);
}

void set_taken(storage::Tx& tx, std::int64_t id, const std::string& on,
               const std::string& code_sealed, const std::string& code_index) {
  tx.exec(
      "UPDATE requisition_items SET status = 'taken', taken_on = $2, code_sealed = $3, "
      "code_index = $4 WHERE id = $1",
      {id, on, code_sealed, code_index});
}

void set_returned(storage::Tx& tx, std::int64_t id, const std::string& on) {
  tx.exec("UPDATE requisition_items SET status = 'returned', returned_on = $2 WHERE id = $1",
          {id, on});
}

std::vector<Act> acts(storage::Tx& tx, std::int64_t item_id) {
  std::vector<Act> out;
  for (const auto& r :
       tx.query("SELECT id, item_id, kind, act_date, details, recorded_by, recorded_at FROM "
                "requisition_acts WHERE item_id = $1 ORDER BY id",
                {item_id}))
    out.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3), parse(r.str(4)), r.str(5), r.i64(6)});
  return out;
}

std::int64_t insert_act(storage::Tx& tx, const Act& a) {
  return tx
      .one(
          "INSERT INTO requisition_acts (item_id, kind, act_date, details, recorded_by, "
          "recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {a.item_id, a.kind, a.act_date, a.details.dump(), a.recorded_by, a.recorded_at})
      .i64(0);
}

std::optional<Act> act(storage::Tx& tx, std::int64_t item_id, const std::string& kind) {
  for (const auto& r :
       tx.query("SELECT id, item_id, kind, act_date, details, recorded_by, recorded_at FROM "
                "requisition_acts WHERE item_id = $1 AND kind = $2",
                {item_id, kind}))
    return Act{r.i64(0), r.i64(1), r.str(2), r.str(3), parse(r.str(4)), r.str(5), r.i64(6)};
  return std::nullopt;
}

namespace {

constexpr const char* kPhotoColumns =
    "p.id, p.item_id, p.act_id, a.kind, p.photo_key, p.name, p.mime, p.bytes, p.width, "
    "p.height, CASE WHEN p.thumb IS NULL THEN 0 ELSE 1 END, p.recorded_by, p.recorded_at";

Photo photo_of(const storage::Row& r) {
  return {r.i64(0), r.i64(1),      r.i64(2),      r.str(3),       r.str(4),  r.str(5), r.str(6),
          r.i64(7), int(r.i64(8)), int(r.i64(9)), r.i64(10) != 0, r.str(11), r.i64(12)};
}

}  // namespace

std::vector<Photo> photos(storage::Tx& tx, std::int64_t item_id) {
  std::vector<Photo> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kPhotoColumns +
                                    " FROM requisition_photos p JOIN requisition_acts a ON a.id "
                                    "= p.act_id WHERE p.item_id = $1 ORDER BY p.id",
                                {item_id}))
    out.push_back(photo_of(r));
  return out;
}

std::int64_t photo_count(storage::Tx& tx, std::int64_t act_id) {
  return tx.one("SELECT COUNT(*) FROM requisition_photos WHERE act_id = $1", {act_id}).i64(0);
}

std::int64_t insert_photo(storage::Tx& tx, const Photo& p, const std::string& data,
                          const std::string& thumb) {
  return tx
      .one(
          "INSERT INTO requisition_photos (item_id, act_id, photo_key, name, mime, bytes, width, "
          "height, data, thumb, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
          "$8, $9, $10, $11, $12) RETURNING id",
          {p.item_id, p.act_id, p.key, p.name, p.mime, p.bytes, std::int64_t(p.width),
           std::int64_t(p.height), storage::Blob{data},
           thumb.empty() ? storage::Value() : storage::Value(storage::Blob{thumb}), p.recorded_by,
           p.recorded_at})
      .i64(0);
}

std::optional<std::pair<Photo, std::string>> photo_file(storage::Tx& tx, const std::string& key,
                                                        bool thumb) {
  for (const auto& r :
       tx.query(std::string("SELECT ") + kPhotoColumns + ", " +
                    (thumb ? "COALESCE(p.thumb, p.data)" : "p.data") +
                    " FROM requisition_photos p JOIN requisition_acts a ON a.id = p.act_id "
                    "WHERE p.photo_key = $1",
                {key}))
    return std::pair{photo_of(r), r.blob(13)};
  return std::nullopt;
}

std::vector<Custody> custody(storage::Tx& tx, std::int64_t item_id) {
  std::vector<Custody> out;
  for (const auto& r : tx.query(
           "SELECT id, item_id, unit_id, place, responsible, moved_on, recorded_by, recorded_at "
           "FROM requisition_custody WHERE item_id = $1 ORDER BY id",
           {item_id}))
    out.push_back(
        {r.i64(0), r.i64(1), r.opt_i64(2), r.str(3), r.str(4), r.str(5), r.str(6), r.i64(7)});
  return out;
}

std::int64_t insert_custody(storage::Tx& tx, const Custody& c) {
  return tx
      .one(
          "INSERT INTO requisition_custody (item_id, unit_id, place, responsible, moved_on, "
          "recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          {c.item_id, c.unit_id, c.place, c.responsible, c.moved_on, c.recorded_by, c.recorded_at})
      .i64(0);
}

std::optional<Valuation> valuation(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(sel(kValuationColumns, "FROM requisition_valuations WHERE id = $1"), {id});
  if (!r) return std::nullopt;
  return valuation_row(*r);
}

std::vector<Valuation> valuations(storage::Tx& tx, std::int64_t item_id) {
  std::vector<Valuation> out;
  for (const auto& r : tx.query(
           sel(kValuationColumns, "FROM requisition_valuations WHERE item_id = $1 ORDER BY id"),
           {item_id}))
    out.push_back(valuation_row(r));
  return out;
}

std::optional<Valuation> approved_valuation(storage::Tx& tx, std::int64_t item_id) {
  auto r = tx.maybe(sel(kValuationColumns,
                        "FROM requisition_valuations WHERE item_id = $1 AND status = 'approved' "
                        "ORDER BY approved_at DESC, id DESC LIMIT 1"),
                    {item_id});
  if (!r) return std::nullopt;
  return valuation_row(*r);
}

std::int64_t insert_valuation(storage::Tx& tx, const Valuation& v) {
  return tx
      .one(
          "INSERT INTO requisition_valuations (item_id, appraiser, licence, method, value_date, "
          "market_value, rent_per_day, damage, status, recorded_by, recorded_by_id, "
          "recorded_at, decision_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
          "(SELECT decision_id FROM requisition_items WHERE id = $1)) RETURNING id",
          {v.item_id, v.appraiser, v.licence, v.method, v.value_date, v.market_value,
           v.rent_per_day, v.damage, v.status, v.recorded_by, v.recorded_by_id, v.recorded_at})
      .i64(0);
}

void approve_valuation(storage::Tx& tx, std::int64_t id, const std::string& by, std::int64_t at) {
  tx.exec(
      "UPDATE requisition_valuations SET status = 'approved', approved_by = $2, approved_at = $3 "
      "WHERE id = $1",
      {id, by, at});
}

std::vector<Application> applications(storage::Tx& tx, std::int64_t item_id) {
  std::vector<Application> out;
  for (const auto& r : tx.query("SELECT id, item_id, method, iban, filed_by, filed_at FROM "
                                "requisition_applications WHERE item_id = $1 ORDER BY id",
                                {item_id}))
    out.push_back({r.i64(0), r.i64(1), r.str(2), r.opt_str(3), r.str(4), r.i64(5)});
  return out;
}

std::optional<Application> latest_application(storage::Tx& tx, std::int64_t item_id) {
  auto r = tx.maybe(
      "SELECT id, item_id, method, iban, filed_by, filed_at FROM requisition_applications WHERE "
      "item_id = $1 ORDER BY id DESC LIMIT 1",
      {item_id});
  if (!r) return std::nullopt;
  return Application{r->i64(0), r->i64(1), r->str(2), r->opt_str(3), r->str(4), r->i64(5)};
}

std::int64_t insert_application(storage::Tx& tx, const Application& a) {
  return tx
      .one(
          "INSERT INTO requisition_applications (item_id, method, iban, filed_by, filed_at) "
          "VALUES ($1, $2, $3, $4, $5) RETURNING id",
          {a.item_id, a.method, a.iban, a.filed_by, a.filed_at})
      .i64(0);
}

std::optional<Dispute> dispute(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(sel(kDisputeColumns, "FROM requisition_disputes WHERE id = $1"), {id});
  if (!r) return std::nullopt;
  return dispute_row(*r);
}

std::vector<Dispute> disputes(storage::Tx& tx, std::int64_t item_id) {
  std::vector<Dispute> out;
  for (const auto& r :
       tx.query(sel(kDisputeColumns, "FROM requisition_disputes WHERE item_id = $1 ORDER BY id"),
                {item_id}))
    out.push_back(dispute_row(r));
  return out;
}

std::int64_t insert_dispute(storage::Tx& tx, const Dispute& d) {
  return tx
      .one(
          "INSERT INTO requisition_disputes (item_id, reason, claimed, disputed, status, "
          "opened_by, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          {d.item_id, d.reason, d.claimed, d.disputed, d.status, d.opened_by, d.opened_at})
      .i64(0);
}

void resolve_dispute(storage::Tx& tx, const Dispute& d) {
  tx.exec(
      "UPDATE requisition_disputes SET status = 'resolved', resolution = $2, adjustment = $3, "
      "resolved_by = $4, resolved_at = $5 WHERE id = $1",
      {d.id, d.resolution, d.adjustment, d.resolved_by, d.resolved_at});
}

std::optional<PaymentOrder> order(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(sel(kOrderColumns, "FROM requisition_payment_orders WHERE id = $1"), {id});
  if (!r) return std::nullopt;
  return order_row(*r);
}

std::optional<PaymentOrder> order_by_key(storage::Tx& tx, const std::string& key) {
  auto r = tx.maybe(
      sel(kOrderColumns, "FROM requisition_payment_orders WHERE idempotency_key = $1"), {key});
  if (!r) return std::nullopt;
  return order_row(*r);
}

std::vector<PaymentOrder> orders(storage::Tx& tx, std::int64_t item_id) {
  std::vector<PaymentOrder> out;
  for (const auto& r : tx.query(
           sel(kOrderColumns, "FROM requisition_payment_orders WHERE item_id = $1 ORDER BY id"),
           {item_id}))
    out.push_back(order_row(r));
  return out;
}

std::int64_t pending_orders(storage::Tx& tx, std::int64_t item_id) {
  return tx
      .one(
          "SELECT COALESCE(SUM(amount), 0) FROM requisition_payment_orders WHERE item_id = $1 "
          "AND status = 'created'",
          {item_id})
      .i64(0);
}

std::int64_t insert_order(storage::Tx& tx, const PaymentOrder& o) {
  return tx
      .one(
          "INSERT INTO requisition_payment_orders (item_id, decision_id, amount, method, iban, "
          "idempotency_key, status, created_by, created_by_id, created_at) VALUES ($1, $2, $3, "
          "$4, $5, $6, $7, $8, $9, $10) RETURNING id",
          {o.item_id, o.decision_id, o.amount, o.method, o.iban, o.idempotency_key, o.status,
           o.created_by, o.created_by_id, o.created_at})
      .i64(0);
}

void set_order_status(storage::Tx& tx, std::int64_t id, const std::string& status,
                      const std::string& by, std::int64_t at) {
  tx.exec(
      "UPDATE requisition_payment_orders SET status = $2, confirmed_by = $3, confirmed_at = $4 "
      "WHERE id = $1",
      {id, status, by, at});
}

void cancel_order(storage::Tx& tx, std::int64_t id, const std::string& by, std::int64_t at,
                  const std::string& reason) {
  tx.exec(
      "UPDATE requisition_payment_orders SET status = 'cancelled', confirmed_by = $2, "
      "confirmed_at = $3, cancel_reason = $4 WHERE id = $1",
      {id, by, at, reason});
}

std::int64_t append(storage::Tx& tx, const LedgerEntry& e) {
  tx.exec(
      "UPDATE requisition_balances SET accrued = accrued + $2, adjusted = adjusted + $3, paid = "
      "paid + $4, entries = entries + 1 WHERE item_id = $1",
      {e.item_id, e.kind == "accrual" ? e.amount : 0, e.kind == "adjustment" ? e.amount : 0,
       e.kind == "payment" ? e.amount : 0});
  return tx
      .one(
          "INSERT INTO requisition_ledger (item_id, decision_id, region_id, owner_id_index, kind, "
          "amount, reason, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
          "RETURNING id",
          {e.item_id, e.decision_id, e.region_id, e.owner_id_index, e.kind, e.amount, e.reason,
           e.recorded_by, e.recorded_at})
      .i64(0);
}

std::vector<LedgerEntry> entries(storage::Tx& tx, std::int64_t item_id) {
  std::vector<LedgerEntry> out;
  for (const auto& r :
       tx.query(sel(kLedgerColumns, "FROM requisition_ledger WHERE item_id = $1 ORDER BY id"),
                {item_id}))
    out.push_back(entry_row(r));
  return out;
}

std::vector<LedgerEntry> ledger(storage::Tx& tx, std::int64_t decision_id,
                                const std::string& path_prefix, std::int64_t after, int limit) {
  std::vector<LedgerEntry> out;
  std::string cols =
      "l.id, l.item_id, l.decision_id, l.region_id, l.owner_id_index, l.kind, l.amount, "
      "l.reason, l.recorded_by, l.recorded_at";
  auto rows = tx.query(
      "SELECT " + cols +
          " FROM requisition_ledger l JOIN requisition_decisions d ON d.id = "
          "l.decision_id WHERE l.id > $1 AND ($2 = 0 OR l.decision_id = $2) AND "
          "substr(d.region_path, 1, $3) = $4 ORDER BY l.id LIMIT $5",
      {after, decision_id, std::int64_t(path_prefix.size()), path_prefix, std::int64_t(limit) + 1});
  for (const auto& r : rows) out.push_back(entry_row(r));
  return out;
}

Totals item_totals(storage::Tx& tx, std::int64_t item_id) {
  Totals t;
  for (const auto& r :
       tx.query("SELECT kind, COALESCE(SUM(amount), 0), COUNT(*) FROM requisition_ledger WHERE "
                "item_id = $1 GROUP BY kind",
                {item_id}))
    add_sums(t, r.str(0), r.i64(1), r.i64(2));
  t.disputed = open_disputed(tx, item_id);
  return t;
}

std::vector<GroupTotals> totals_by_decision(storage::Tx& tx, const std::string& path_prefix) {
  std::vector<GroupTotals> out;
  std::int64_t n = std::int64_t(path_prefix.size());
  for (const auto& r :
       tx.query("SELECT id, number FROM requisition_decisions WHERE substr(region_path, 1, $1) "
                "= $2 ORDER BY id",
                {n, path_prefix}))
    out.push_back({r.i64(0), r.str(1), {}});
  auto find = [&](std::int64_t id) -> GroupTotals* {
    for (auto& g : out)
      if (g.key == id) return &g;
    return nullptr;
  };
  for (const auto& r : tx.query(
           "SELECT b.decision_id, SUM(b.accrued), SUM(b.adjusted), SUM(b.paid), SUM(b.entries) "
           "FROM requisition_balances b WHERE b.decision_id IN (SELECT id FROM "
           "requisition_decisions WHERE substr(region_path, 1, $1) = $2) GROUP BY b.decision_id",
           {n, path_prefix}))
    if (auto* g = find(r.i64(0))) add_balance(g->totals, r);
  for (const auto& r :
       tx.query("SELECT i.decision_id, SUM(s.disputed) FROM requisition_disputes s JOIN "
                "requisition_items i ON i.id = s.item_id WHERE s.status = 'open' AND "
                "substr(i.region_path, 1, $1) = $2 GROUP BY i.decision_id",
                {n, path_prefix}))
    if (auto* g = find(r.i64(0))) g->totals.disputed += r.i64(1);
  return out;
}

std::vector<GroupTotals> totals_by_region(storage::Tx& tx, const std::string& path_prefix) {
  std::vector<GroupTotals> out;
  std::int64_t n = std::int64_t(path_prefix.size());
  auto find = [&](std::int64_t id) -> GroupTotals* {
    for (auto& g : out)
      if (g.key == id) return &g;
    return nullptr;
  };
  for (const auto& r :
       tx.query("SELECT DISTINCT region_id, region_path FROM requisition_decisions WHERE "
                "substr(region_path, 1, $1) = $2 ORDER BY region_path",
                {n, path_prefix}))
    if (!find(r.i64(0))) out.push_back({r.i64(0), r.str(1), {}});
  for (auto& g : out) {
    for (const auto& r :
         tx.query("SELECT 0, COALESCE(SUM(accrued), 0), COALESCE(SUM(adjusted), 0), "
                  "COALESCE(SUM(paid), 0), COALESCE(SUM(entries), 0) FROM requisition_balances "
                  "WHERE region_id = $1",
                  {g.key}))
      add_balance(g.totals, r);
    g.totals.disputed =
        tx.one(
              "SELECT COALESCE(SUM(s.disputed), 0) FROM requisition_disputes s JOIN "
              "requisition_items i ON i.id = s.item_id WHERE s.status = 'open' AND "
              "i.region_id = $1",
              {g.key})
            .i64(0);
  }
  return out;
}

std::vector<ItemLine> decision_lines(storage::Tx& tx, std::int64_t decision_id) {
  std::vector<ItemLine> out;
  auto rows = tx.query(
      "SELECT id, kind, description, owner_name, requisition_type, status, taken_on, returned_on "
      "FROM requisition_items WHERE decision_id = $1 ORDER BY id",
      {decision_id});
  out.resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    ItemLine& l = out[i];
    l.id = r.i64(0);
    l.kind = r.str(1);
    l.description = r.str(2);
    l.owner_name = r.str(3);
    l.requisition_type = r.str(4);
    l.status = r.str(5);
    l.taken_on = r.opt_str(6);
    l.returned_on = r.opt_str(7);
  }
  rows = {};
  auto at = [&](std::int64_t id) -> ItemLine* {
    auto it = std::lower_bound(out.begin(), out.end(), id,
                               [](const ItemLine& l, std::int64_t v) { return l.id < v; });
    return it != out.end() && it->id == id ? &*it : nullptr;
  };
  // The balance rows (kept with every entry) by the decision's index: PostgreSQL would hash the
  // whole table to join them to the items.
  for (const auto& r :
       tx.query("SELECT item_id, accrued, adjusted, paid, entries FROM requisition_balances WHERE "
                "decision_id = $1",
                {decision_id}))
    if (auto* l = at(r.i64(0))) add_balance(l->totals, r);
  // The latest approval wins, as in approved_valuation(): the greatest (approved_at, id). Read
  // by the valuations' own decision index (joined to the items, PostgreSQL hashed them all).
  for (const auto& r :
       tx.query("SELECT item_id, id, approved_at, market_value, rent_per_day, damage FROM "
                "requisition_valuations WHERE decision_id = $1 AND status = 'approved'",
                {decision_id})) {
    auto* l = at(r.i64(0));
    if (!l) continue;
    std::int64_t id = r.i64(1);
    std::int64_t approved_at = r.null(2) ? INT64_MIN : r.i64(2);
    if (l->approved && std::pair(l->approved_at, l->valuation_id) > std::pair(approved_at, id))
      continue;
    l->approved = true;
    l->approved_at = approved_at;
    l->valuation_id = id;
    l->market_value = r.i64(3);
    l->rent_per_day = r.i64(4);
    l->damage = r.i64(5);
  }
  for (const auto& r :
       tx.query("SELECT s.item_id, s.status, COALESCE(SUM(s.adjustment), 0), SUM(s.disputed) FROM "
                "requisition_disputes s JOIN requisition_items i ON i.id = s.item_id WHERE "
                "i.decision_id = $1 GROUP BY s.item_id, s.status",
                {decision_id}))
    if (auto* l = at(r.i64(0))) {
      if (r.str(1) == "resolved") l->dispute_adjustments += r.i64(2);
      if (r.str(1) == "open") l->totals.disputed += r.i64(3);
    }
  for (const auto& r : tx.query(
           "SELECT item_id, SUM(amount) FROM requisition_payment_orders WHERE decision_id = $1 "
           "AND status = 'paid' GROUP BY item_id",
           {decision_id}))
    if (auto* l = at(r.i64(0))) l->paid_orders = r.i64(1);
  return out;
}

Totals decision_entries(storage::Tx& tx, std::int64_t decision_id) {
  Totals t;
  for (const auto& r :
       tx.query("SELECT kind, SUM(amount), COUNT(*) FROM requisition_ledger WHERE decision_id = $1 "
                "GROUP BY kind",
                {decision_id}))
    add_sums(t, r.str(0), r.i64(1), r.i64(2));
  return t;
}

Totals item_balance(storage::Tx& tx, std::int64_t item_id) {
  Totals t;
  if (auto r = tx.maybe(
          "SELECT item_id, accrued, adjusted, paid, entries FROM requisition_balances WHERE "
          "item_id = $1",
          {item_id}))
    add_balance(t, *r);
  return t;
}

std::int64_t dispute_adjustments(storage::Tx& tx, std::int64_t item_id) {
  return tx
      .one(
          "SELECT COALESCE(SUM(adjustment), 0) FROM requisition_disputes WHERE item_id = $1 AND "
          "status = 'resolved'",
          {item_id})
      .i64(0);
}

std::int64_t open_disputed(storage::Tx& tx, std::int64_t item_id) {
  return tx
      .one(
          "SELECT COALESCE(SUM(disputed), 0) FROM requisition_disputes WHERE item_id = $1 AND "
          "status = 'open'",
          {item_id})
      .i64(0);
}

std::vector<OwnerRow> totals_by_owner(storage::Tx& tx, const std::string& path_prefix,
                                      const std::string& after, int limit) {
  std::vector<OwnerRow> out;
  std::int64_t n = std::int64_t(path_prefix.size());
  for (const auto& r : tx.query(
           "SELECT i.owner_id_index, MAX(i.owner_kind), MAX(i.owner_name), "
           "MAX(i.owner_id_sealed), COUNT(*), COALESCE(SUM(b.accrued), 0), "
           "COALESCE(SUM(b.adjusted), 0), COALESCE(SUM(b.paid), 0), COALESCE(SUM(b.entries), 0) "
           "FROM requisition_items i LEFT JOIN requisition_balances b ON b.item_id = i.id "
           "WHERE substr(i.region_path, 1, $1) = $2 AND i.owner_id_index > $3 "
           "GROUP BY i.owner_id_index ORDER BY i.owner_id_index LIMIT $4",
           {n, path_prefix, after, std::int64_t(limit) + 1})) {
    OwnerRow o{r.str(0), r.str(1), r.str(2), r.str(3), r.i64(4), {}};
    o.totals.accrued = r.i64(5);
    o.totals.adjusted = r.i64(6);
    o.totals.paid = r.i64(7);
    o.totals.entries = r.i64(8);
    out.push_back(std::move(o));
  }
  if (out.empty()) return out;
  std::map<std::string, OwnerRow*> by_index;
  for (auto& o : out) by_index[o.index] = &o;
  for (const auto& r :
       tx.query("SELECT i.owner_id_index, SUM(s.disputed) FROM requisition_disputes s JOIN "
                "requisition_items i ON i.id = s.item_id WHERE s.status = 'open' AND "
                "substr(i.region_path, 1, $1) = $2 AND i.owner_id_index > $3 AND "
                "i.owner_id_index <= $4 GROUP BY i.owner_id_index",
                {n, path_prefix, after, out.back().index}))
    if (auto it = by_index.find(r.str(0)); it != by_index.end())
      it->second->totals.disputed = r.i64(1);
  return out;
}

}  // namespace qorgan::requisition::store
