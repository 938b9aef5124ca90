#pragma once
// Activations of a plan: proposed by headquarters, approved (a `real` one by a second person;
// muster.hpp holds the rules), which calls up every current member of the plan's units with a
// notice and its personal code; then answers, check-ins at the assembly points, and the end
// (closed or cancelled).
//
// Who: admins; hq_staff whose region covers the plan's region (the same or a parent region);
// auditors read. Every act is audited in its transaction.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "activation/muster.hpp"
#include "activation/plans.hpp"
#include "auth/principal.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"
#include "storage/write_later.hpp"

namespace qorgan::activation {

struct Activation {
  std::int64_t id = 0, plan_id = 0;
  Kind kind = Kind::exercise;
  Phase phase = Phase::proposed;
  std::string region_path;
  std::int64_t deadline_minutes = 0;
  std::string proposed_by;
  std::int64_t proposed_at = 0;
  std::optional<std::string> approved_by, ended_by;
  std::optional<std::int64_t> activated_at, deadline_at, ended_at;
  std::map<std::string, std::int64_t> counts;  // notices per muster status (filled on reads)
};

// A call-up notice: one per person and activation.
struct Notice {
  std::int64_t id = 0, activation_id = 0, person_id = 0, unit_id = 0, assembly_facility_id = 0;
  std::string person_name;  // as the registry had it when the notice was issued
  std::string code;
  PersonMuster muster;
  std::optional<std::int64_t> answered_at;
  std::optional<std::int64_t> arrived_facility_id;
  std::optional<std::string> checked_in_by;
  // When the notice's message or a reminder was first handed over by SMS or e-mail.
  std::optional<std::int64_t> delivered_at;
  // The language of the notice's text and of its printed copy: the person's, else kk.
  std::string language = "kk";
  // How the notice reaches the person, as the registry had it at the call-up (not stored here).
  std::optional<std::string> phone, email;
};

// What a check-in answers: the notice after it, and whether it had been checked in before (the
// earlier check-in stands) or at another unit's assembly point (recorded and flagged).
struct CheckInResult {
  Notice notice;
  bool already = false;
  bool elsewhere = false;
};

// The notices of one unit to print and deliver by hand, with what a printed notice shows.
struct PrintedNotice {
  Notice notice;
  std::string token;
  std::string point_name;
  std::optional<std::string> point_address;
};
struct PrintBatch {
  Activation activation;
  std::string unit_name;
  std::string message_kk, message_ru, message_en;  // the plan's message
  std::vector<PrintedNotice> notices;
};

// What a reminder did: messages queued (SMS or e-mail) and people only reachable by hand.
struct Reminder {
  std::int64_t queued = 0, by_hand = 0;
  std::int64_t at = 0;
};

// A reminder is refused within this long of the previous one for the same people.
inline constexpr std::int64_t kReminderPause = 30LL * 60 * 1'000'000;

// An answer to a call-up notice, as a body gives it: {"answer": "confirm"|"decline", "reason"}.
struct Answer {
  bool confirm = false;
  std::optional<DeclineReason> reason;
};
core::Result<Answer> read_answer(const core::Json& body);
// Applies `answer` to the notice in its transaction: the muster rules, the stored notice and its
// audit entry (with `via` when given: how the person's answer came). A missing notice is
// `missing`. Returns the notice and its activation.
core::Result<std::pair<Notice, Activation>> record_answer(storage::Tx& tx, const auth::Actor& actor,
                                                          std::int64_t activation_id,
                                                          std::int64_t notice_id,
                                                          const Answer& answer, const char* via,
                                                          const core::Error& missing);

// The outbox's sender has handed over the message with `reference` (the sender calls this in
// the transaction that records it sent, for references starting with kMessagePrefix): the
// notice it was for, or reminded of, shows as reached and delivered. Other references: ignored.
inline constexpr const char* kMessagePrefix = "activation:";
void record_delivery(storage::Tx& tx, const std::string& reference, std::int64_t at);

class Activations {
 public:
  Activations(storage::Database& db, registry::Registry& registry, Plans& plans,
              core::MasterKey key)
      : db_(db), registry_(registry), plans_(plans), key_(key) {}

  core::Result<Activation> propose(const auth::Principal& who, const auth::Actor& actor,
                                   std::int64_t plan_id, const core::Json& body);
  // Calls up the current members of the plan's units (each person once, under the first unit
  // that lists them) with a notice and a code each, and queues each notice in the outbox in the
  // same transaction: by SMS to the person's phone, else by e-mail, else for printing and
  // delivery by hand. Cancelling the activation cancels what is still queued.
  core::Result<Activation> approve(const auth::Principal& who, const auth::Actor& actor,
                                   std::int64_t id);
  core::Result<Activation> cancel(const auth::Principal& who, const auth::Actor& actor,
                                  std::int64_t id);
  core::Result<Activation> close(const auth::Principal& who, const auth::Actor& actor,
                                 std::int64_t id);
  core::Result<Activation> get(const auth::Principal& who, std::int64_t id);
  // Newest first, at most 200.
  core::Result<std::vector<Activation>> list(const auth::Principal& who);
  // In notice order, `limit` after the notice `after`; `status` filters by muster status as
  // shown (past the deadline, whoever has not come nor declined is overdue).
  core::Result<core::Page<Notice>> notices(const auth::Principal& who, std::int64_t id,
                                           std::optional<Muster> status,
                                           std::optional<std::int64_t> after, int limit);
  // An answer recorded for a person (a phone call to headquarters or the commander).
  core::Result<Notice> answer(const auth::Principal& who, const auth::Actor& actor,
                              std::int64_t activation_id, std::int64_t notice_id,
                              const core::Json& body);
  // By the short code (as typed) or the QR token, at `facility_id`; idempotent.
  core::Result<CheckInResult> check_in(const auth::Principal& who, const auth::Actor& actor,
                                       std::int64_t activation_id, const core::Json& body);
  // The same without holding the calling thread while the check-in waits for the database's
  // writer and its commit: `done` gets the outcome (storage::write_later says from where), a
  // refusal before the write at once.
  using CheckedIn = storage::Written<core::Result<CheckInResult>>;
  void check_in_later(const auth::Principal& who, const auth::Actor& actor,
                      std::int64_t activation_id, const core::Json& body,
                      std::function<void(CheckedIn)> done);
  // The public key an offline device verifies this activation's notice tokens with.
  std::string token_key(std::int64_t activation_id) const;
  std::string token(const Notice& n) const;

  // The notices of `unit_id` in this activation that go by hand (their outbox message is a print
  // one still queued), or all of the unit's with `all`. Who: whoever reads the activation.
  core::Result<PrintBatch> print_batch(const auth::Principal& who, std::int64_t id,
                                       std::int64_t unit_id, bool all);
  // Queues a reminder to everyone of the activation (or of `unit_id`) who has not answered, by
  // SMS or e-mail as the registry now has them. Who: admins and hq_staff of the activation's
  // region, and commanders for the units of their subtree (unit_id then required). A second
  // reminder within kReminderPause for the same people (the whole activation or the unit) is
  // refused. Audited.
  core::Result<Reminder> remind(const auth::Principal& who, const auth::Actor& actor,
                                std::int64_t id, const core::Json& body);

  // Where notices link to (the site's public address) and the zone their times are written in.
  void set_origin(std::string origin);
  std::string origin() const;
  void set_time_zone(std::string tz) { time_zone_ = std::move(tz); }
  const std::string& time_zone() const { return time_zone_; }

 private:
  core::Result<Activation> visible(const auth::Principal& who, std::int64_t id, bool writing);
  core::Result<Activation> end(const auth::Principal& who, const auth::Actor& actor,
                               std::int64_t id, Phase to);
  // A check-in's write once its request is checked, or why it is refused before any write.
  using CheckInWrite = std::function<core::Result<CheckInResult>(storage::Tx&)>;
  core::Result<CheckInWrite> check_in_write(const auth::Principal& who, const auth::Actor& actor,
                                            std::int64_t activation_id, const core::Json& body);

  storage::Database& db_;
  registry::Registry& registry_;
  Plans& plans_;
  core::MasterKey key_;
  mutable std::mutex origin_mutex_;
  std::string origin_ = "http://127.0.0.1:8080";
  std::string time_zone_ = "Asia/Almaty";
};

}  // namespace qorgan::activation
