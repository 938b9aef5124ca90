#pragma once
// The fan-out of an approved alert to its public subscribers through the outbox (notify/).
//
// Which subscribers: those confirmed (double opt-in) when the fan-out starts whose regions
// overlap the alert's area, i.e. a subscriber region that is one of the alert's regions, lies
// inside one of them, or contains one of them (registry::overlapping_codes). An alert for a
// district reaches the district's, its settlements' and its oblast's subscribers; an alert for an
// oblast reaches every subscriber inside it. Each subscriber gets one message however many of
// their regions overlap.
//
// Which language: the subscriber's, else (for a text the alert lacks) kk → ru → en for Kazakh,
// ru → kk → en for Russian, en → ru → kk for English: the first the alert has.
//
// Kinds: an `Actual` alert goes to the subscribers. `Exercise` and `Test` never do: they go only
// to the configured test recipients (FanOutSettings::test_recipients; none by default), marked
// as such by the outbox.
//
// The job: fan_out() runs inside the approval's write transaction and only records the job (the
// request and the region codes it reaches) — committed with the approval or not at all. The
// worker (FanOutWorker, or run_fan_outs) then enqueues the messages in batches of subscribers in
// id order; each batch's messages and the job's cursor commit in one transaction. A process killed
// mid-way loses at most the batch in progress, which the next run redoes from the cursor, so every
// subscriber gets the alert exactly once. One million subscribers would make one transaction hold
// SQLite's only writer for seconds; batches let other writes in between.
//
// The messages are the outbox's bulk messages (notify/bulk.hpp): the first batch stores the words
// once per channel and language, and each subscriber's message is a narrow row with the
// subscriber's id. The address is opened, the unsubscribe link signed and the SMS fitted when the
// sender sends it (subscriber_message.hpp, registered through resolver()); a subscriber who has
// left by then gets nothing. Test recipients (Exercise, Test) get whole messages.
//
// Idempotent: one job per (alert id, message type); fan_out() for a pair that already has one
// records nothing and returns 0.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/periodic_worker.hpp"
#include "notify/bulk.hpp"
#include "storage/database.hpp"

namespace qorgan::alerts {

// An alert's words in one language. `sms` is cut to fit the segment limit, with the unsubscribe
// link after it (empty: the headline is sent). `email_subject` defaults to the headline and
// `email_body` to the headline and the SMS text.
struct Text {
  std::string headline, sms, email_subject, email_body;
};

struct FanOut {
  std::int64_t alert_id = 0;
  std::string identifier;             // the CAP identifier, shown in the console
  std::string status = "Actual";      // Actual | Exercise | Test
  std::string msg_type = "Alert";     // Alert | Update | Cancel
  std::vector<std::string> regions;   // KATO codes of the registry
  std::map<std::string, Text> texts;  // kk, ru, en → the words
};

// Checks a request: known status and type, 1–100 regions, at least one language of kk/ru/en with
// a headline, texts without control characters and of sane length. Errors name the field.
core::Status validate(const FanOut& request);

// Records the fan-out job of `request` in `tx` (the caller's write transaction, with its audit
// entry). Returns the job's id, or 0 when this alert id and message type already have one. An
// unknown region code is an invalid error naming it. Call FanOutWorker::wake() after the commit
// to start at once rather than at the next poll.
core::Result<std::int64_t> fan_out(storage::Tx& tx, const FanOut& request);

struct TestRecipient {
  std::string language = "kk";  // kk, ru, en
  std::string address;          // an e-mail address or an E.164 phone number
};

struct FanOutSettings {
  // Where the public reaches the site: the unsubscribe links' start ("https://portal.example.kz").
  std::string base_url = "http://127.0.0.1:8080";
  int sms_segments = 2;  // 1–10
  int batch = 20000;     // subscribers a transaction
  // A pause between batches, letting other writers in on a busy server (0: none).
  int pause_ms = 0;
  // Who receives Exercise and Test alerts (nobody else does).
  std::vector<TestRecipient> test_recipients;
};

// Parses "kk:+77010000001" or "ru:duty@example.kz" (the language is optional, kk by default).
core::Result<TestRecipient> parse_test_recipient(const std::string& text);

// One job as the console and the API show it, with its outbox messages by channel and status.
struct Delivery {
  std::int64_t fan_out_id = 0, alert_id = 0;
  std::string msg_type, identifier, cap_status, state;  // state: running, done
  std::int64_t enqueued = 0, created_at = 0, updated_at = 0;
  std::optional<std::int64_t> done_at;
  std::map<std::string, std::map<std::string, std::int64_t>> messages;  // channel → status → n
};

// One batch of job `fan_out_id` in its own transaction: the messages enqueued, and whether the
// job is now done (also when it was already, or does not exist).
struct BatchResult {
  std::int64_t added = 0;
  bool done = true;
};
BatchResult run_fan_out_batch(storage::Database& db, const FanOutSettings& settings,
                              std::int64_t fan_out_id);

// Works the running jobs: batches until each is done (or `stop` is set between batches).
// Returns the messages enqueued. Safe to run in several processes at once (batches of one job
// are serialised by a lock and re-read the cursor).
std::int64_t run_fan_outs(storage::Database& db, const FanOutSettings& settings,
                          const std::atomic<bool>* stop = nullptr);

class FanOutWorker {
 public:
  FanOutWorker(storage::Database& db, const core::MasterKey& key, FanOutSettings settings,
               std::chrono::milliseconds poll = std::chrono::seconds(1));
  ~FanOutWorker();
  void start();
  void wake();

  // Deliveries of an alert's fan-outs, for whoever sees the alert (alerts/access.hpp): admins,
  // auditors, and alert officers for the alerts of their region (others' are not_found).
  core::Result<std::vector<Delivery>> deliveries(const auth::Principal& who, std::int64_t alert_id);
  // The latest fan-outs, newest first.
  core::Result<std::vector<Delivery>> recent(const auth::Principal& who, int limit = 20);

  const FanOutSettings& settings() const { return settings_; }
  // What turns the stored messages into the ones sent (subscriber_message.hpp), for the outbox's
  // sender and its pages (app/ registers it under kSubscriberSource).
  notify::Resolve resolver() const;

 private:
  storage::Database& db_;
  core::MasterKey key_;
  FanOutSettings settings_;
  std::atomic<bool> stop_{false};
  std::unique_ptr<core::PeriodicWorker> worker_;
};

}  // namespace qorgan::alerts
