#pragma once
// The SQL of alert subscribers (tables alert_subscribers, alert_subscriber_regions): named,
// parameterised statements only. The rules are in subscriptions.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace qorgan::alerts::subscription_store {

struct Row {
  std::int64_t id = 0;
  std::string channel, address_sealed, address_index, language, status;
  std::optional<std::string> pending_language;
  std::optional<std::vector<std::string>> pending_codes;
  std::int64_t confirmation_sent_at = 0;
  std::optional<std::int64_t> confirmed_at;
  std::int64_t created_at = 0, updated_at = 0;
  std::vector<std::string> codes;  // the regions followed
};

std::optional<Row> by_index(storage::Tx& tx, const std::string& index);
std::optional<Row> get(storage::Tx& tx, std::int64_t id);
// Inserts the row and its regions; returns its id.
std::int64_t insert(storage::Tx& tx, const Row& r);
// Writes the row's state and replaces its regions with `r.codes`.
void update(storage::Tx& tx, const Row& r);
void remove(storage::Tx& tx, std::int64_t id);

// Confirmed subscribers for a bulk load (benchmarks, imports): rows of (channel, sealed, index,
// language), all following `code`. Returns the ids.
std::vector<std::int64_t> insert_confirmed(storage::Tx& tx, const std::vector<Row>& rows,
                                           const std::string& code, std::int64_t now);

struct Count {
  std::string code, channel, language, status;
  std::int64_t n = 0;
};
// Subscribers by region, channel, language and status.
std::vector<Count> counts(storage::Tx& tx);

}  // namespace qorgan::alerts::subscription_store
