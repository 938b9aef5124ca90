#include "alerts/subscription_store.hpp"

namespace qorgan::alerts::subscription_store {

namespace {

constexpr const char* kColumns =
    "id, channel, address_sealed, address_index, language, status, pending_language, "
    "pending_codes, confirmation_sent_at, confirmed_at, created_at, updated_at";

std::vector<std::string> split_codes(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    auto comma = s.find(',', start);
    out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<std::string> join_codes(const std::optional<std::vector<std::string>>& codes) {
  if (!codes) return std::nullopt;
  std::string s;
  for (const auto& c : *codes) s += (s.empty() ? "" : ",") + c;
  return s;
}

std::optional<Row> one(storage::Tx& tx, const std::string& where, const storage::Value& v) {
  auto r =
      tx.maybe(std::string("SELECT ") + kColumns + " FROM alert_subscribers WHERE " + where, {v});
  if (!r) return std::nullopt;
  Row row;
  row.id = r->i64(0);
  row.channel = r->str(1);
  row.address_sealed = r->str(2);
  row.address_index = r->str(3);
  row.language = r->str(4);
  row.status = r->str(5);
  row.pending_language = r->opt_str(6);
  if (auto c = r->opt_str(7)) row.pending_codes = split_codes(*c);
  row.confirmation_sent_at = r->i64(8);
  row.confirmed_at = r->opt_i64(9);
  row.created_at = r->i64(10);
  row.updated_at = r->i64(11);
  for (const auto& c :
       tx.query("SELECT code FROM alert_subscriber_regions WHERE subscriber_id = $1 ORDER BY code",
                {row.id}))
    row.codes.push_back(c.str(0));
  return row;
}

void write_codes(storage::Tx& tx, std::int64_t id, const std::vector<std::string>& codes) {
  tx.exec("DELETE FROM alert_subscriber_regions WHERE subscriber_id = $1", {id});
  for (const auto& c : codes)
    tx.exec("INSERT INTO alert_subscriber_regions (subscriber_id, code) VALUES ($1, $2)", {id, c});
}

}  // namespace

std::optional<Row> by_index(storage::Tx& tx, const std::string& index) {
  return one(tx, "address_index = $1", index);
}

std::optional<Row> get(storage::Tx& tx, std::int64_t id) {
  return one(tx, "id = $1", id);
}

std::int64_t insert(storage::Tx& tx, const Row& r) {
  auto id =
      tx.one(
            "INSERT INTO alert_subscribers (channel, address_sealed, address_index, "
            "language, status, pending_language, pending_codes, confirmation_sent_at, "
            "confirmed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, "
            "$5, $6, $7, $8, $9, $10, $10) RETURNING id",
            {r.channel, r.address_sealed, r.address_index, r.language, r.status, r.pending_language,
             join_codes(r.pending_codes), r.confirmation_sent_at, r.confirmed_at, r.created_at})
          .i64(0);
  write_codes(tx, id, r.codes);
  return id;
}

void update(storage::Tx& tx, const Row& r) {
  tx.exec(
      "UPDATE alert_subscribers SET language = $1, status = $2, pending_language = $3, "
      "pending_codes = $4, confirmation_sent_at = $5, confirmed_at = $6, updated_at = $7 "
      "WHERE id = $8",
      {r.language, r.status, r.pending_language, join_codes(r.pending_codes),
       r.confirmation_sent_at, r.confirmed_at, r.updated_at, r.id});
  write_codes(tx, r.id, r.codes);
}

void remove(storage::Tx& tx, std::int64_t id) {
  tx.exec("DELETE FROM alert_subscriber_regions WHERE subscriber_id = $1", {id});
  tx.exec("DELETE FROM alert_subscribers WHERE id = $1", {id});
}

std::vector<std::int64_t> insert_confirmed(storage::Tx& tx, const std::vector<Row>& rows,
                                           const std::string& code, std::int64_t now) {
  storage::Params values;
  values.reserve(rows.size() * 9);
  for (const auto& r : rows) {
    values.emplace_back(r.channel);
    values.emplace_back(r.address_sealed);
    values.emplace_back(r.address_index);
    values.emplace_back(r.language);
    values.emplace_back("confirmed");
    values.emplace_back(now);
    values.emplace_back(now);
    values.emplace_back(now);
    values.emplace_back(now);
  }
  auto ids = tx.insert_rows(
      "alert_subscribers (channel, address_sealed, address_index, language, status, "
      "confirmation_sent_at, confirmed_at, created_at, updated_at)",
      9, values);
  // The link table has no id column of its own; its rows are inserted one statement each.
  for (std::size_t i = 0; i < ids.size(); ++i)
    tx.exec("INSERT INTO alert_subscriber_regions (subscriber_id, code) VALUES ($1, $2)",
            {ids[i], code});
  return ids;
}

std::vector<Count> counts(storage::Tx& tx) {
  std::vector<Count> out;
  for (const auto& r :
       tx.query("SELECT r.code, s.channel, s.language, s.status, COUNT(*) FROM alert_subscribers s "
                "JOIN alert_subscriber_regions r ON r.subscriber_id = s.id "
                "GROUP BY r.code, s.channel, s.language, s.status "
                "ORDER BY r.code, s.channel, s.language, s.status"))
    out.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.i64(4)});
  return out;
}

}  // namespace qorgan::alerts::subscription_store
