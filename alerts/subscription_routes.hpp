#pragma once
// The HTTP binding of public alert subscriptions and fan-out deliveries.
#include "alerts/fan_out.hpp"
#include "alerts/subscriptions.hpp"
#include "auth/guard.hpp"
#include "http/router.hpp"

namespace qorgan::alerts {

// Public (no account): POST /api/v1/alerts/subscriptions, …/subscriptions/confirm and
// …/subscriptions/unsubscribe (the link's token in the body). Admins and auditors:
// GET /api/v1/alerts/subscriptions/counts and GET /api/v1/alerts/deliveries/{alert}.
void mount_subscription_routes(http::Router& router, const auth::Guard& guard,
                               Subscriptions& subscriptions, FanOutWorker& fan_out);

// The public pages /{kk,ru,en}/alerts/subscribe, /{lang}/alerts/c/{token} (confirm) and
// /{lang}/alerts/u/{token} (unsubscribe). Each link opens a page with one button that POSTs,
// so that mail scanners that open links neither confirm nor unsubscribe anyone. Mounted before
// the portal's pages, whose /{lang}/{category}/{slug} would otherwise take these addresses.
void mount_subscription_pages(http::Router& router, Subscriptions& subscriptions);

}  // namespace qorgan::alerts
