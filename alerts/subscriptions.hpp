#pragma once
// Public alert subscriptions: anyone subscribes an e-mail address or a phone number to regions
// of the registry, in kk, ru or en, with double opt-in (a link sent through the outbox in the
// same transaction; only confirmed subscriptions receive alerts) and one-click unsubscribe (a
// signed link in every message; no account).
//
// Personal data: the address is stored sealed (XChaCha20-Poly1305 under the master key, as
// national IDs are) with a keyed hash to find duplicates; the audit log and the console see it
// masked ("+7*******4567"); unsubscribing deletes it.
//
// Requests are answered alike whether the address is new, waiting or subscribed, so the answer
// tells nobody whether an address is subscribed. A request for a confirmed address changes
// nothing until its link is followed (then the new regions and language replace the old).
// Throttled: a confirmation to an address at most once per `resend_interval`, and
// `per_client` requests per client address in `client_window` (this process's memory).
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "activation/code_throttle.hpp"
#include "auth/principal.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "registry/regions.hpp"
#include "storage/database.hpp"

namespace qorgan::alerts {

struct SubscriptionSettings {
  // Where the public reaches the site: the confirmation link's start.
  std::string base_url = "http://127.0.0.1:8080";
  std::chrono::seconds resend_interval{10 * 60};
  std::chrono::seconds confirm_within{7 * 24 * 3600};
  int per_client = 20;
  std::chrono::seconds client_window{10 * 60};
};

// Who asks (no account): the client's address for throttling, the request id for the audit.
struct Caller {
  std::string address, request_id;
};

// A subscription as its owner sees it after following a link.
struct Subscription {
  std::string channel, address_masked, language, status;
  std::vector<std::string> regions;
};

struct SubscriberCount {
  std::string region, channel, language, status;
  std::int64_t count = 0;
};

class Subscriptions {
 public:
  Subscriptions(storage::Database& db, registry::Regions& regions, const core::MasterKey& key,
                SubscriptionSettings settings = {});

  // `body`: {"address": "...", "regions": ["KATO", ...], "language": "kk|ru|en"}. Sends the
  // confirmation; every field is checked and reported together.
  core::Status subscribe(const Caller& caller, const core::Json& body);
  // The subscription a confirmation link names (for its page), or not_found for a bad link.
  core::Result<Subscription> pending(const std::string& token);
  core::Result<Subscription> confirm(const Caller& caller, const std::string& token);
  // The subscription an unsubscribe link names (for its page): status "unsubscribed" when it is
  // gone already; not_found for a link that is not ours.
  core::Result<Subscription> subscribed(const std::string& token);
  // Deletes the subscriber. A valid link of a subscriber already gone is fine (nothing to do).
  core::Status unsubscribe(const Caller& caller, const std::string& token);

  // Subscribers by region, channel, language and status (admins and auditors).
  core::Result<std::vector<SubscriberCount>> counts(const auth::Principal& who);

  // Regions offered on the subscribe page (the registry's oblasts, cities and districts).
  std::vector<registry::Region> offered_regions();

  const SubscriptionSettings& settings() const { return settings_; }

 private:
  storage::Database& db_;
  registry::Regions& regions_;
  core::MasterKey key_;
  SubscriptionSettings settings_;
  activation::CodeThrottle clients_;
};

}  // namespace qorgan::alerts
