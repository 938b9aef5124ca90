#pragma once
// The web console for headquarters staff under /console, and the static files under /static
// that it shares with the public pages. Server-rendered, usable without JavaScript.
#include <memory>
#include <string>

#include "auth/guard.hpp"
#include "http/router.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::evac::web {
class Service;
}
namespace qorgan::notify {
class Outbox;
}
namespace qorgan::alerts {
class Alerts;
}
namespace qorgan::activation {
class Plans;
class Activations;
class ReadinessService;
}  // namespace qorgan::activation
namespace qorgan::requisition {
class Requisitions;
}
namespace qorgan::obligations {
class Obligations;
}
namespace qorgan::guard {
class Duties;
}
namespace qorgan::alerts {
class Subscriptions;
class FanOutWorker;
}  // namespace qorgan::alerts

namespace qorgan::console {

struct Context;

class Console {
 public:
  // Loads the templates and static files from `web_dir` (web/templates, web/static) once.
  // Throws std::runtime_error when a template is missing or does not parse, so a broken
  // deployment stops at start-up rather than on a user's first click. `evac`, when given, adds
  // the evacuation pages; it must outlive the console. Times are shown in `time_zone` (an IANA
  // name; an unknown one throws too).
  Console(const auth::Guard& guard, registry::Registry& registry, storage::Database& db,
          const std::string& web_dir, evac::web::Service* evac = nullptr,
          const std::string& time_zone = "Asia/Almaty");
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // Adds the outbox page (/console/notify), times shown in `time_zone`; before mount(). The
  // outbox must outlive the console.
  void add_outbox(notify::Outbox& outbox, const std::string& time_zone);

  // Adds the activation pages (/console/activation…); before mount(). The services must outlive
  // the console.
  void add_activation(activation::Plans& plans, activation::Activations& activations,
                      activation::ReadinessService& readiness);

  // Adds the public alerts pages (/console/alerts…); before mount(). The service must outlive
  // the console.
  void add_alerts(alerts::Alerts& alerts);
  // Adds the requisition pages (/console/requisition…); before mount(). The service must
  // outlive the console.
  void add_requisition(requisition::Requisitions& requisitions);
  // Adds the protection duties pages (/console/obligations…) and the overdue findings on the
  // overview; before mount(). The service must outlive the console.
  void add_obligations(obligations::Obligations& obligations);
  // Guard posts and rosters (/console/guard).
  void add_guard(guard::Duties& duties);
  // Adds the alert subscribers page (/console/alerts/subscribers); before mount(). The services
  // must outlive the console.
  void add_alert_subscribers(alerts::Subscriptions& subscriptions, alerts::FanOutWorker& fan_out);

  // The routes refer to this console: it must outlive the router's use.
  void mount(http::Router& router);

 private:
  std::unique_ptr<Context> context_;
};

}  // namespace qorgan::console
