#pragma once
// SQL for the audit chain: its entries and the head row that records the last one. Hashing and
// checking the chain are the audit functions' (auth/audit.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/audit.hpp"
#include "storage/database.hpp"

namespace qorgan::auth::audit_store {

struct Head {
  std::int64_t seq = 0;  // 0 while the log is empty
  std::string hash;
};
Head head(storage::Tx& tx);
// The head, with the chain's lock held until `tx` ends, so that appenders extend it one at a time.
Head lock_head(storage::Tx& tx);
// Inserts `e` and makes it the head; `e` must follow the head read by lock_head in this `tx`.
// `before` and `after` are e.before and e.after as JSON text, or empty for null.
void append(storage::Tx& tx, const AuditEntry& e, std::optional<std::string> before,
            std::optional<std::string> after);

// PostgreSQL's writers: `e` without seq and hashes, to be chained after the commit.
void append_pending(storage::Tx& tx, const AuditEntry& e);
// Removes and returns, oldest first, up to `limit` unchained entries (seq and hashes empty).
std::vector<AuditEntry> take_pending(storage::Tx& tx, int limit);
// Inserts the chained entries `es` (following the head read by lock_head in this `tx`, in seq
// order) and makes the last the head.
void append_chained(storage::Tx& tx, const std::vector<AuditEntry>& es);

// Replaces the stored prev_hash and hash of entry `e.seq` and, when it is the head, the head's.
void rehash(storage::Tx& tx, const AuditEntry& e);
// The stored hash of entry `seq`, if there is one.
std::optional<std::string> hash_at(storage::Tx& tx, std::int64_t seq);

// Newest first: the entries matching `q`'s filters, at most `q.limit`.
std::vector<AuditEntry> list(storage::Tx& tx, const AuditQuery& q);
// Oldest first: up to `limit` entries after `after_seq`.
std::vector<AuditEntry> entries_after(storage::Tx& tx, std::int64_t after_seq, int limit);

}  // namespace qorgan::auth::audit_store
