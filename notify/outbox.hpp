#pragma once
// The outbox: messages to people by e-mail, SMS or on paper, kept in the database and sent by
// the sender (notify/sender.hpp). Other capabilities (activation notices, public alerts) use
// the three free functions below inside THEIR OWN write transaction, so that a message exists
// exactly when the act that caused it was stored:
//
//   db.write([&](storage::Tx& tx) -> core::Result<…> {
//     … store the notice, auth::audit(tx, …) …
//     auto id = notify::enqueue(tx, {.channel = "sms", .recipient = phone, .text = text,
//                                    .reference = "activation:12:notice:345", .kind = "exercise"});
//     if (!id) return core::fail(id.error());
//     …
//   });
//
// Contract:
// - enqueue validates and inserts; nothing is sent before the caller's transaction commits
//   (the sender only sees committed rows). The message id it returns is the idempotency key
//   the receiver sees (SMS: the `Idempotency-Key` header and `{id}` in the body template;
//   e-mail: `Message-ID: <qorgan-ID@domain>`).
// - `reference` is the caller's text (printable ASCII, at most 200 characters). Functions taking a
//   ReferenceMatch compare it exactly, or by prefix ("activation:12:" names every message of
//   activation 12). The outbox never interprets it.
// - `kind` "exercise" or "test" marks the message: the sender prefixes the text (and the
//   e-mail subject) with "EXERCISE" / "TEST" in kk, ru and en unless the caller's text already
//   starts with the mark, so that no such message reads as a real one.
// - Guarantee: a message is handed to its channel at most once per attempt; every attempt is
//   recorded and committed (status `sending`, attempts + 1) before the channel is called. A
//   sender that dies mid-send leaves `sending` rows that the next sender retries with the same
//   key, so "exactly once" is what a receiver that de-duplicates by the key sees.
// - Print messages are never sent by the sender: they stay `queued` until a printed batch is
//   marked (mark_printed, status `sent`) or they are cancelled.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/paging.hpp"
#include "storage/database.hpp"

namespace qorgan::notify {

// One message as the outbox keeps it.
struct Message {
  std::int64_t id = 0;
  std::string channel;  // email, sms, print
  std::string recipient, subject, text;
  std::optional<std::string> html;  // e-mail only: sent as the alternative to `text`
  std::string reference;
  std::string kind = "real";      // real, exercise, test
  std::string status = "queued";  // queued, sending, sent, delivered, failed, cancelled
  int attempts = 0;
  std::optional<std::string> last_error;
  std::int64_t next_attempt_at = 0, created_at = 0, updated_at = 0;
  std::optional<std::int64_t> sent_at;
  // E-mail only: where one click stops such messages (RFC 8058 List-Unsubscribe).
  std::optional<std::string> list_unsubscribe;
  // A bulk message (notify/bulk.hpp): `recipient` is a key that the body's source resolves.
  struct Shared {
    std::int64_t body_id = 0;
    std::string source, context;
  };
  std::optional<Shared> shared;
};

// What a caller enqueues. `subject` is for e-mail (required there); `html` for e-mail only.
struct NewMessage {
  std::string channel, recipient, subject, text;
  std::optional<std::string> html;
  std::string reference;
  std::string kind = "real";
  // Not before this time (µs since the epoch); 0: at once.
  std::int64_t not_before = 0;
  // E-mail only: an https:// or http:// address that unsubscribes by a POST with no questions
  // asked (RFC 8058), sent as List-Unsubscribe and List-Unsubscribe-Post.
  std::optional<std::string> list_unsubscribe;
};

struct ReferenceMatch {
  std::string reference;
  bool prefix = false;  // every reference starting with `reference`
};

const std::vector<std::string>& channels();
const std::vector<std::string>& kinds();
const std::vector<std::string>& statuses();

// Checks `m` (channel, recipient by channel: an e-mail address or a phone number "+" and
// 7–15 digits, lengths, kind, reference); errors name each field.
core::Status validate(const NewMessage& m);

// Inserts `m` in `tx` (the caller's write transaction); returns its id.
core::Result<std::int64_t> enqueue(storage::Tx& tx, const NewMessage& m);
// Inserts many at once (multi-row statements): all or none. The ids come in the order of
// `messages`; an invalid message fails the call with its fields named "[i].field".
core::Result<std::vector<std::int64_t>> enqueue_many(storage::Tx& tx,
                                                     const std::vector<NewMessage>& messages);
// Cancels the queued messages (not yet being sent, sent or failed) that match; returns how many.
std::int64_t cancel_queued(storage::Tx& tx, const ReferenceMatch& match);
// How many messages that match are in each status (statuses without any are left out).
std::map<std::string, std::int64_t> counts(storage::Tx& tx, const ReferenceMatch& match);

struct MessageFilter {
  std::optional<std::string> status, channel;
  std::optional<ReferenceMatch> reference;
  std::optional<std::int64_t> before_id;  // the cursor: newest first
  int limit = 50;
};

// The outbox for people: admins and auditors read it, admins retry and cancel (audited).
class Resolvers;

class Outbox {
 public:
  explicit Outbox(storage::Database& db) : db_(db) {}
  // Bulk messages are shown as their source resolves them for people (masked); without
  // resolvers, as stored: the key and the shared words.
  void resolve_with(const Resolvers* r) { resolvers_ = r; }

  core::Result<core::Page<Message>> list(const auth::Principal& who, const MessageFilter& f);
  core::Result<Message> get(const auth::Principal& who, std::int64_t id);
  // Counts per status over the whole outbox, or the part `f` names (its status is ignored).
  core::Result<std::map<std::string, std::int64_t>> counts(const auth::Principal& who,
                                                           const MessageFilter& f);
  // A failed or cancelled message goes back to the queue with its attempts counted afresh; a
  // queued one waiting for its backoff becomes due now. Others: conflict.
  core::Result<Message> retry(const auth::Principal& who, const auth::Actor& actor,
                              std::int64_t id);
  // A queued message is cancelled; others (being sent, sent, failed): conflict.
  core::Result<Message> cancel(const auth::Principal& who, const auth::Actor& actor,
                               std::int64_t id);
  // An operator's messages (`qorgan notify send`): validated, enqueued and audited together
  // (one invalid message: none is queued, and the error names it by position).
  core::Result<std::vector<Message>> send(const auth::Principal& who, const auth::Actor& actor,
                                          const std::vector<NewMessage>& messages);

  // Print messages still to print, oldest first (the activation's printed batches render them).
  std::vector<Message> to_print(const ReferenceMatch& match, int limit = 1000);
  // Marks those of `ids` that are queued print messages as printed (status sent), audited;
  // returns how many.
  core::Result<std::int64_t> mark_printed(const auth::Actor& actor,
                                          const std::vector<std::int64_t>& ids);

 private:
  Message shown(storage::Tx& tx, Message m) const;

  storage::Database& db_;
  const Resolvers* resolvers_ = nullptr;
};

}  // namespace qorgan::notify
