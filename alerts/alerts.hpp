#pragma once
// The alerts service: composing, the two-person approval, updates and cancels, expiry, and the
// public reading of published alerts (CAP XML, its signature, feeds, the portal's banner).
//
// Who: see access.hpp. Every change is audited in its transaction. A change of what the public
// sees (approval, cancel, expiry) calls the listener set with on_public_change once committed.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "alerts/fan_out.hpp"
#include "alerts/model.hpp"
#include "alerts/sms.hpp"
#include "auth/principal.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::alerts {

struct Settings {
  std::string identifier_prefix = "qorgan-alert";  // CAP identifiers: "<prefix>-<id>"
  std::string sender = "alerts@qorgan.local";      // CAP <sender>
  std::string sender_name = "Qorgan";              // CAP <senderName> when the alert names none
  std::string origin;  // the site's base URL for absolute links ("" keeps them site-relative)
  // Whether exercise and test alerts reach the public channels (a test channel).
  bool test_channel = false;
};

// What the approver sees before publishing, per language.
struct LanguagePreview {
  std::string banner;  // the portal banner's text (mark and headline)
  std::string sms;
  SmsSize sms_size;
};
struct Preview {
  std::string cap_xml;
  std::map<std::string, LanguagePreview> languages;
};

// The longest an alert may stay in force.
inline constexpr core::Timestamp kMaxDuration = 31LL * 24 * 3600 * 1000000;

class Alerts {
 public:
  Alerts(storage::Database& db, registry::Registry& registry, const core::MasterKey& key);
  ~Alerts();

  void configure(Settings s) { settings_ = std::move(s); }
  const Settings& settings() const { return settings_; }
  void on_public_change(std::function<void()> f) { on_change_ = std::move(f); }

  // Out-of-scope alerts are not_found, as if they did not exist.
  core::Result<Alert> get(const auth::Principal& who, std::int64_t id);
  // Newest first; the cursor is the last alert's id.
  core::Result<core::Page<Alert>> list(const auth::Principal& who, std::optional<State> state,
                                       std::optional<std::int64_t> before, int limit);
  // A draft from `body` (see the README for its fields; "template" prefills what is not given).
  core::Result<Alert> compose(const auth::Principal& who, const auth::Actor& actor,
                              const core::Json& body);
  // Fields given replace the draft's; only drafts change, and whoever changes one may no longer
  // approve it.
  core::Result<Alert> edit(const auth::Principal& who, const auth::Actor& actor, std::int64_t id,
                           const core::Json& body);
  // Publishes a draft; the approver must not be one of its authors. Ends the alerts an update or
  // cancel references.
  core::Result<Alert> approve(const auth::Principal& who, const auth::Actor& actor,
                              std::int64_t id);
  // A draft is discarded. A published alert is retracted at once, without a second approval, by
  // one of its authors, its approver or an admin, when `body` confirms it ({"confirm": true}):
  // a Cancel message referencing it is published and returned.
  core::Result<Alert> cancel(const auth::Principal& who, const auth::Actor& actor, std::int64_t id,
                             const core::Json& body);
  // Exactly what approving the alert publishes.
  core::Result<Preview> preview(const auth::Principal& who, std::int64_t id);
  // Marks published alerts whose expiry has come as expired; returns how many.
  int expire(core::Timestamp now);

  // The public side. Only published messages, and only actual ones unless the test channel is on.
  // Active alerts for banners, newest first.
  std::vector<Alert> public_active(core::Timestamp now);
  // Published messages not yet expired (cancels included), those touching the region with
  // KATO code `region_code` when given (an unknown code is not_found).
  core::Result<std::vector<Alert>> public_feed(core::Timestamp now,
                                               const std::optional<std::string>& region_code);
  // A published message by its CAP identifier, also after it ended.
  core::Result<Alert> public_by_identifier(const std::string& identifier);
  // The shelters (registry facilities with a shelter capacity) where the alert applies: in the
  // regions it names, and inside its drawn polygons and circles; by name, at most `limit`.
  // Public, like the alert's page that lists them.
  std::vector<registry::Facility> shelters(const Alert& a, int limit = 50);
  // The CAP 1.2 document of `a` (a draft's as it would be sent now), and its Ed25519 signature
  // (64 bytes) by the key public_key_pem() publishes.
  std::string cap_xml(const Alert& a);
  std::string signature(const std::string& document) const;
  std::string public_key_pem() const;
  std::string public_key_hex() const;
  // The CAP Atom feed of `alerts`; `self` is the feed's own path.
  std::string atom(const std::vector<Alert>& alerts, const std::string& title,
                   const std::string& self);
  // What the fan-out to subscribers needs of a published alert.
  static FanOut fan_out_request(const Alert& a);
  // Records the fan-out to subscribers (alerts/fan_out.hpp) of a published Alert, Update or
  // Cancel inside its approving transaction; the fan-out worker sends it within a second.
  static core::Result<std::int64_t> record_fan_out(storage::Tx& tx, const Alert& a);

 private:
  core::Status check_area(const auth::Principal& who, Alert& a, std::vector<core::FieldError>& e);
  // Places the drawn shapes among the registry's regions (a.area.covered); a shape reaching
  // outside `prefix` (the caller's region path) is an error naming it.
  void cover_drawn(const auth::Principal& who, const std::string& prefix, Alert& a,
                   std::vector<core::FieldError>& e);
  // The regions the drawn shapes of `a` lie in, when `a` was stored without them (saved before
  // drawn areas were placed among regions): worked out as when it was composed, without the
  // composer's scope, which its composing passed. Otherwise a.area.covered as it is.
  std::vector<AreaRegion> placed(const Alert& a);
  core::Status check_references(const auth::Principal& who, const Alert& a,
                                std::vector<core::FieldError>& e);
  bool is_public(const Alert& a) const;
  void changed();
  storage::Database& db_;
  registry::Registry& registry_;
  std::unique_ptr<core::Signer> signer_;
  Settings settings_;
  std::function<void()> on_change_;
};

}  // namespace qorgan::alerts
