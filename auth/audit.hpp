#pragma once
// The tamper-evident audit log. Every write appends one entry in the same transaction as the
// change; each entry's hash covers its content and the previous entry's hash, and a head row
// holds the last hash, so an edited, deleted or reordered entry breaks the chain.
//
// The hashes are keyed (BLAKE2b under a key derived from the master key, which is kept outside
// the database), so someone who can write the database cannot recompute a valid chain. Someone
// who also holds the key can; signed checkpoints (sequence, head hash, time, Ed25519) kept
// elsewhere catch that: a rewrite of any entry at or before a checkpoint no longer matches it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
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

// The key of the chain and of checkpoint signatures. Set once at start, before any entry is
// written or checked (app/ does it when it opens the database); until then audit() throws.
void use_audit_key(const core::MasterKey& key);

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

// Entries written before the chain was keyed carry unkeyed SHA-256 hashes. Run once, right after
// the migration that introduces keying is applied: checks that old chain and, when intact,
// re-hashes it with the key in one transaction. Returns the number of entries re-hashed.
core::Result<std::int64_t> key_legacy_chain(storage::Database& db);
// The migration after which the chain is keyed (see key_legacy_chain).
inline constexpr int kKeyedAuditMigration = 45;

// A signed statement that the chain had `head` as the hash of entry `seq` at time `at`.
struct Checkpoint {
  std::int64_t seq = 0;
  std::string head;
  std::int64_t at = 0;         // µs since the epoch
  std::string key, signature;  // Ed25519 public key and signature, hex
};
// The checkpoint of the chain's current head, signed with the audit key.
Checkpoint checkpoint_now(storage::Database& db);
// The public key that checkpoints are signed with (hex), for whoever keeps them.
std::string checkpoint_public_key();
// One line of JSON, the form checkpoints are kept in (a file holds one a line).
std::string checkpoint_line(const Checkpoint& c);
// Appends `c`'s line to the file at `path` (created when missing).
core::Status append_checkpoint(const std::string& path, const Checkpoint& c);
// Reads a checkpoint line; errors say what is missing or malformed.
core::Result<Checkpoint> parse_checkpoint(std::string_view line);

struct CheckpointReport {
  bool ok = true;
  std::int64_t matched = 0;  // checkpoints whose signature and head matched
  std::string reason;        // for the first that did not
};
// Checks each checkpoint's signature (by `trusted_key`, hex; the audit key's own public key when
// empty) and that the log's entry `seq` still has the hash it had then.
CheckpointReport verify_checkpoints(storage::Database& db, const std::vector<Checkpoint>& kept,
                                    const std::string& trusted_key = {});

}  // namespace qorgan::auth
