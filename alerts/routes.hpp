#pragma once
// The alerts capability's HTTP binding: the staff API under /api/v1/alerts and the public
// addresses under /alerts/ (CAP documents, their signatures, the signing key, feeds).
#include "alerts/alerts.hpp"
#include "auth/guard.hpp"
#include "http/router.hpp"

#include <string>

namespace qorgan::alerts {

// /api/v1/alerts: list, read, templates, compose, change, preview, approve, cancel.
void mount_routes(http::Router& router, const auth::Guard& guard, Alerts& alerts);
// /alerts/{identifier}.xml and .xml.sig, /alerts/signing-key.pem, /alerts/feed.atom
// (?region=KATO), /alerts/active.json: no account needed.
void mount_public_routes(http::Router& router, Alerts& alerts);
// The public page of each alert, /{kk,ru,en}/alerts/{identifier} (times in `time_zone`); mounted
// before the portal's pages, whose /{lang}/{category}/{slug} would take these addresses.
void mount_pages(http::Router& router, Alerts& alerts, std::string time_zone);

}  // namespace qorgan::alerts
