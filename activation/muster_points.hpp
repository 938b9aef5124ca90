#pragma once
// An assembly point's muster, for the offline check-in page (/muster/{facility}): what the page
// downloads while online — the open activations that assemble there, the key that verifies
// their QR tokens, and the people expected there with a hash of their short code (never a
// national ID) — and the batch of check-ins it queued while offline, sent with the times they
// were taken.
//
// Who: admins, and hq_staff whose region covers the activation's region (the facility must be
// one they see). Every recorded check-in is audited in the batch's transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "activation/activations.hpp"
#include "activation/queued_check_in.hpp"
#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::activation {

// One person expected at the point (or arrived there from another point's list).
struct ExpectedPerson {
  Notice notice;
  std::string unit_name;
  // Hex SHA-256 of "<activation id>:<short code>": a typed code is checked offline against it.
  std::string code_sha256;
};

struct PointActivation {
  Activation activation;
  std::string public_key_hex;  // verifies the activation's notice tokens (Ed25519)
  std::vector<ExpectedPerson> people;
};

struct MusterPoint {
  std::int64_t facility_id = 0;
  std::string facility_name;
  std::optional<std::string> address;
  std::vector<PointActivation> activations;
};

// What one queued check-in came to. `notice` is set once the code or token named a notice.
struct QueuedResult {
  std::string client_id;
  Outcome outcome = Outcome::rejected;
  std::optional<Refusal> refusal;
  core::Timestamp at = 0;  // when it was taken, as the page said
  std::optional<Notice> notice;
  bool replayed = false;  // this client_id had been received before: nothing was recorded now
};

// The most check-ins one batch may carry.
inline constexpr std::size_t kMaxBatch = 500;

// "<activation id>:<code>" hashed: what the page compares a typed code with.
std::string code_digest(std::int64_t activation_id, const std::string& code);

class MusterPoints {
 public:
  MusterPoints(storage::Database& db, registry::Registry& registry, const Activations& activations)
      : db_(db), registry_(registry), activations_(activations) {}

  core::Result<MusterPoint> expected(const auth::Principal& who, std::int64_t facility_id);
  // `body`: {"items": [{"client_id", "at" (RFC 3339), "code" | "token"}, …]}. A malformed batch
  // is refused whole (the item and field named) and nothing is recorded; otherwise every item is
  // judged in order in one transaction, a client_id seen before answering what it came to then.
  core::Result<std::vector<QueuedResult>> check_in(const auth::Principal& who,
                                                   const auth::Actor& actor,
                                                   std::int64_t facility_id,
                                                   const core::Json& body);

 private:
  core::Result<MusterPoint> expected_now(const auth::Principal& who, std::int64_t facility_id);

  storage::Database& db_;
  registry::Registry& registry_;
  const Activations& activations_;
};

}  // namespace qorgan::activation
