#pragma once
// The SQL of the outbox (table notify_outbox): named, parameterised statements only. The rules
// (who may, which transitions) are in outbox.cpp and sender.cpp.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "notify/bulk.hpp"
#include "notify/outbox.hpp"
#include "storage/database.hpp"

namespace qorgan::notify::outbox_store {

std::int64_t insert(storage::Tx& tx, const NewMessage& m, std::int64_t now);
// Many in multi-row statements; the ids in the order of `messages`.
std::vector<std::int64_t> insert_many(storage::Tx& tx, const std::vector<NewMessage>& messages,
                                      std::int64_t now);
// A bulk message's words, and its messages (status queued, due `now`).
std::int64_t insert_body(storage::Tx& tx, const Body& b, std::int64_t now);
void insert_bulk(storage::Tx& tx, const BulkMessages& m, std::int64_t now);
// A bulk message comes with its body's words, source and context.
std::optional<Message> get(storage::Tx& tx, std::int64_t id);
// Newest first; limit + 1 rows so that the caller knows whether more follow.
std::vector<Message> list(storage::Tx& tx, const MessageFilter& f);
std::map<std::string, std::int64_t> counts(storage::Tx& tx,
                                           const std::optional<std::string>& channel,
                                           const std::optional<ReferenceMatch>& match);
std::int64_t cancel_queued(storage::Tx& tx, const ReferenceMatch& match, std::int64_t now);
// Writes a message's status, attempts, error and times (the row's other fields never change).
void update_state(storage::Tx& tx, const Message& m);

// The sender's statements.
// Ids of queued messages of `channel` due at `now`, oldest due first.
std::vector<std::int64_t> due(storage::Tx& tx, const std::string& channel, std::int64_t now,
                              int limit);
// The next time a queued message of `channel` falls due, if any.
std::optional<std::int64_t> next_due(storage::Tx& tx, const std::string& channel);
// queued → sending with attempts + 1, when the message is still queued; whether it was.
bool claim(storage::Tx& tx, std::int64_t id, std::int64_t now);
// sending → queued with the attempt given back (claimed, never handed to the channel).
void unclaim(storage::Tx& tx, std::int64_t id);
// Messages left `sending` (a sender stopped mid-send).
std::vector<Message> sending(storage::Tx& tx);

// Print messages still queued, oldest first.
std::vector<Message> queued_print(storage::Tx& tx, const ReferenceMatch& match, int limit);

}  // namespace qorgan::notify::outbox_store
