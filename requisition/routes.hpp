#pragma once
// The requisition capability's HTTP binding under /api/v1/requisition/.
#include "auth/guard.hpp"
#include "http/router.hpp"
#include "requisition/owner_desk.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

// Decisions (list, read, create, amend, revoke, versions, items, report), items (read, taking,
// custody, return, valuations, applications, disputes, payment orders), valuations (approve),
// disputes (resolve), payment orders (read, confirm, cancel), the ledger (JSON and .csv) and
// totals.
void mount_routes(http::Router& router, const auth::Guard& guard, Requisitions& requisitions);
// The owner's side, no account: POST /api/v1/requisition/owner[/application|/dispute|/photo].
void mount_owner_routes(http::Router& router, OwnerDesk& desk);
// The owner's page /{kk,ru,en}/requisition (HTML forms); mounted before the portal's pages,
// whose /{lang}/{page} would otherwise take these addresses.
void mount_owner_pages(http::Router& router, OwnerDesk& desk);
// A photo as served to its owner (API and page alike): its own type, never cached or sent as a
// referrer, sandboxed.
http::Response owner_photo_response(std::pair<Photo, std::string> photo);

}  // namespace qorgan::requisition
