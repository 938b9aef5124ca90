#pragma once
// Bulk messages: one text to very many recipients (an alert's fan-out to a million subscribers)
// without a million copies of it. The words are stored once as a Body; each message of it is an
// outbox row with only the recipient's key, the reference and the kind. The body's `source` (a
// name another capability registers with Resolvers, wired by app/) turns the key into the real
// recipient and the final text — when the sender sends the message, and masked when people look
// at the outbox. Everything else of the outbox holds for these messages as for any: ids as
// idempotency keys, claims before sending, retries with backoff, counts and cancelling by
// reference.
//
// Contract for a source's resolver:
// - it gets the stored message (id, channel, reference, kind, times, `recipient` = the key,
//   `subject` / `text` = the body's words, `shared` set) and returns the message to send or to
//   show, with the same id, channel and kind;
// - a not_found error means the recipient is gone (unsubscribed): the sender cancels the message;
//   any other error fails it for good;
// - for Purpose::show it must not return personal data whole (mask the address).
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "notify/outbox.hpp"
#include "storage/database.hpp"

namespace qorgan::notify {

struct Body {
  std::string source;   // the resolver's name, e.g. "alerts.subscriber"
  std::string context;  // what the resolver needs besides the key (opaque here)
  std::string subject;  // e-mail only
  std::string text;
};

// Stores `b` in `tx`; returns its id. Checks the words as enqueue() checks a message's.
core::Result<std::int64_t> add_body(storage::Tx& tx, const Body& b);

// Messages of body `body_id` on `channel`, one per key, queued now in `tx` (multi-row
// statements). `reference` and `kind` as for NewMessage; a key is printable ASCII of at most 200
// characters. All or none.
struct BulkMessages {
  std::int64_t body_id = 0;
  std::string channel, reference, kind = "real";
  std::vector<std::string> keys;
};
core::Status enqueue_bulk(storage::Tx& tx, const BulkMessages& m);

enum class Purpose { send, show };
using Resolve =
    std::function<core::Result<Message>(storage::Tx& tx, const Message& stored, Purpose why)>;

// The resolvers by source name; filled by app/ before the sender starts, read-only afterwards.
class Resolvers {
 public:
  void add(std::string source, Resolve r);
  // The message `stored` stands for; one without a body is itself. An unknown source: error.
  core::Result<Message> resolve(storage::Tx& tx, const Message& stored, Purpose why) const;

 private:
  std::map<std::string, Resolve> by_source_;
};

}  // namespace qorgan::notify
