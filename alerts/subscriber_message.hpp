#pragma once
// An alert message to one subscriber, made when it is sent. The fan-out stores an alert's words
// once per channel and language (a notify body, notify/bulk.hpp) and each message only the
// subscriber's id; here, at send time, the sealed address is opened, the unsubscribe link (a MAC
// of the subscriber id, in the subscriber's language) is added, and an SMS is fitted to its
// segments with the link; an e-mail gets the link as its List-Unsubscribe too.
//
// A subscriber who has unsubscribed since the fan-out (the row is gone), or whose id now names a
// newer subscriber (SQLite may reuse the highest id), is not_found: the sender cancels the
// message. For people looking at the outbox (Purpose::show) the address stays sealed: the
// recipient reads "alerts.subscriber:ID" (a name, the same in every language).
#include <string>

#include "alerts/fan_out.hpp"
#include "core/crypto.hpp"
#include "notify/bulk.hpp"

namespace qorgan::alerts {

// The body source of alert messages to subscribers; the body's context is its language.
inline constexpr const char* kSubscriberSource = "alerts.subscriber";

core::Result<notify::Message> subscriber_message(storage::Tx& tx, const core::MasterKey& key,
                                                 const FanOutSettings& s,
                                                 const notify::Message& stored,
                                                 notify::Purpose why);

// subscriber_message as the outbox's resolver of kSubscriberSource (app/ registers it).
notify::Resolve subscriber_resolver(const core::MasterKey& key, FanOutSettings s);

}  // namespace qorgan::alerts
