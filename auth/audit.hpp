#pragma once
// The tamper-evident audit log. Every write appends one entry in the same transaction as the
// change; each entry's hash covers its content and the previous entry's hash, and a head row
// holds the last hash, so an edited, deleted or reordered entry breaks the chain.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/json.hpp"
#include "storage/database.hpp"

namespace qorgan::auth {

struct AuditEntry {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_id;
  std::string actor_login, action, entity_type, entity_id;
  core::Json before, after;  // null when absent
  std::string request_id, prev_hash, hash;
};

// Appends within `tx`. `before`/`after` are reduced to the fields that differ and fields named
// like secrets (password, iin, token…) are redacted.
void audit(storage::Tx& tx, const Actor& actor, std::string_view action,
           std::string_view entity_type, std::string_view entity_id, core::Json before = nullptr,
           core::Json after = nullptr);

struct AuditQuery {
  std::optional<std::string> entity_type, entity_id;
  std::optional<std::int64_t> actor_id, from, to, before_seq;
  int limit = 50;
};
std::vector<AuditEntry> list_audit(storage::Database& db, const AuditQuery& q);

struct VerifyReport {
  bool ok = true;
  std::int64_t checked = 0;
  std::int64_t broken_seq = 0;  // the first entry whose chain breaks
  std::string reason;
};
VerifyReport verify_audit(storage::Database& db);

}  // namespace qorgan::auth
