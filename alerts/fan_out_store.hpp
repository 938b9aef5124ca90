#pragma once
// The SQL of fan-out jobs (alert_fan_outs, alert_fan_out_codes) and the walk over the
// subscribers they reach: named, parameterised statements only. The rules are in fan_out.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace qorgan::alerts::fan_out_store {

struct Job {
  std::int64_t id = 0, alert_id = 0;
  std::string msg_type, identifier, cap_status, request, state;
  std::string bodies;  // JSON {"sms:ru": body id, …}; empty until the first batch
  std::int64_t cutoff = 0, cursor = 0, enqueued = 0, created_at = 0, updated_at = 0;
  std::optional<std::int64_t> done_at;
};

bool exists(storage::Tx& tx, std::int64_t alert_id, const std::string& msg_type);
// Inserts the job (state running) and the region codes it reaches; returns its id.
std::int64_t insert(storage::Tx& tx, const Job& j, const std::vector<std::string>& codes);
std::optional<Job> get(storage::Tx& tx, std::int64_t id);
std::vector<std::int64_t> running(storage::Tx& tx);
void advance(storage::Tx& tx, std::int64_t id, std::int64_t cursor, std::int64_t added, bool done,
             std::int64_t now);
void set_bodies(storage::Tx& tx, std::int64_t id, const std::string& bodies);
std::vector<Job> of_alert(storage::Tx& tx, std::int64_t alert_id);
// Finished jobs whose delivery counts are not yet in the audit log, oldest first.
std::vector<Job> undelivered(storage::Tx& tx);
// Marks the job's delivery counts as recorded; false when they were already.
bool set_delivered(storage::Tx& tx, std::int64_t id, std::int64_t now);
std::vector<Job> recent(storage::Tx& tx, int limit);

struct Recipient {
  std::int64_t id = 0;
  std::string channel, language;
};
// The subscribers after the job's cursor, in id order, that follow one of its region codes, up
// to `limit` of those: the ones among them confirmed by the cutoff, how far the walk got (the
// next cursor), and whether nothing is left after it.
struct Walk {
  std::vector<Recipient> recipients;
  std::int64_t upto = 0;
  bool done = true;
};
Walk next_recipients(storage::Tx& tx, const Job& j, int limit);

}  // namespace qorgan::alerts::fan_out_store
