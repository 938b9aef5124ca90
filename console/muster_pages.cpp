// The offline check-in page of an assembly point (/muster/{facility}): an installable page (a web
// app manifest and a service worker whose scope is /muster/) for the officer at the point. The
// server renders its frame and words; web/static/muster.js downloads the point's muster from
// /api/v1/activation/muster/{facility} into IndexedDB, checks codes and QR tokens on the device,
// queues check-ins while offline and sends them when the network returns.
#include "console/pages.hpp"
#include "core/json.hpp"

namespace qorgan::console {

using auth::Role;
using http::Request;
using http::Response;

namespace {

// Who checks people in at a point: as the check-in API allows (a commander: their units' people).
const std::vector<Role> kOfficers{Role::admin, Role::hq_staff, Role::commander};

// The words muster.js writes into the page.
core::Json words() {
  return {
      {"online", tr("Online: check-ins are sent at once.")},
      {"offline",
       tr("Offline: check-ins are kept on this device and sent when the network returns.")},
      {"downloaded", tr("List downloaded at {}.")},
      {"never", tr("The list has not been downloaded yet: connect to the network once.")},
      {"not_a_code", tr("A code is 8 letters and digits, as printed on the notice.")},
      {"queued", tr("{} checked in at {}.")},
      {"queued_unknown", tr("Not on this point's list: kept and sent to headquarters to check.")},
      {"already", tr("{} was already checked in at {}.")},
      {"forged", tr("This QR code is not a genuine notice: refused.")},
      {"not_a_notice", tr("This QR code is not a call-up notice.")},
      {"unverified",
       tr("This browser cannot verify QR signatures offline: the check-in is kept and "
          "headquarters will verify it.")},
      {"sent", tr("Check-ins sent: {}.")},
      {"camera_none", tr("No camera could be opened: type the code instead.")},
      {"scanning", tr("Hold the QR code of the notice in front of the camera.")},
      {"stop", tr("Stop the camera")},
      {"scan", tr("Scan the QR code")},
      {"status_called", tr("Called")},
      {"status_reached", tr("Reached")},
      {"status_confirmed", tr("Confirmed")},
      {"status_declined", tr("Declined")},
      {"status_arrived", tr("Checked in")},
      {"status_overdue", tr("Overdue")},
      {"status_queued", tr("Arrived, not sent yet")},
      {"status_arrived_elsewhere", tr("Checked in at another point")},
      {"exercise", tr("EXERCISE")},
      {"outcome_recorded", tr("recorded")},
      {"outcome_elsewhere", tr("recorded, but the person belongs to another point")},
      {"outcome_already", tr("already checked in here")},
      {"outcome_conflict", tr("conflict: already checked in at another point")},
      {"outcome_rejected", tr("refused")},
      {"reason_unknown_code", tr("no notice has this code")},
      {"reason_invalid_token", tr("the QR code is forged or of another activation")},
      {"reason_not_approved", tr("the activation is not approved yet")},
      {"reason_cancelled", tr("the activation was cancelled")},
      {"reason_before_activation", tr("taken before the activation")},
      {"reason_after_close", tr("taken after the activation was closed")},
      {"reason_future_time", tr("the device's clock is ahead")},
      {"reason_client_id_reused", tr("sent twice with different contents")},
      {"by", tr("by {}")},
      {"none", tr("Nobody is expected here in an open activation.")}};
}

Response muster_page(Context& c, Request& req, const Principal& who) {
  auto facility = c.registry.facilities.get(who, req.id());
  if (!facility) return error_page(c, req, who, facility.error());
  auto d = base_data(c, req, &who, trf("Check-in at {}", facility->name), "");
  d.set("facility_id", std::to_string(facility->id));
  d.set("facility_name", facility->name);
  if (facility->address) d.set("address", *facility->address);
  d.set("manifest", "/muster/" + std::to_string(facility->id) + "/manifest.webmanifest");
  d.set("i18n", words().dump());
  d.set("zone", c.time_zone);
  auto res = render(c, "console/muster", d);
  // The camera is this page's alone; every other page keeps it off.
  res.header("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
  return res;
}

}  // namespace

void mount_muster_pages(http::Router& router, Context& c) {
  router.add("GET", "/muster/{id:id}",
             page(c, kOfficers, [&c](Request& req, const Principal& who, const Form&) {
               return muster_page(c, req, who);
             }));
  // Fetched without the session cookie (a manifest is): it names no facility.
  router.add("GET", "/muster/{id:id}/manifest.webmanifest", [](Request& req) {
    LanguageScope scope(language_of(req, nullptr));
    const std::string start = "/muster/" + std::to_string(req.id());
    core::Json icon{{"src", "/static/favicon.svg"}, {"sizes", "any"}, {"type", "image/svg+xml"}};
    core::Json m{{"name", tr("Qorgan check-in at the assembly point")},
                 {"short_name", tr("Check-in")},
                 {"lang", language()},
                 {"start_url", start},
                 {"id", start},
                 {"scope", "/muster/"},
                 {"display", "standalone"},
                 {"background_color", "#ffffff"},
                 {"theme_color", "#14532d"}};
    m["icons"] = core::Json::array({icon});
    auto res = Response::text(m.dump(), "application/manifest+json");
    res.header("Cache-Control", "no-cache");
    return res;
  });
  // The worker lives at /muster/ so that its scope covers every point's page.
  router.add("GET", "/muster/sw.js", [&c](Request&) {
    auto it = c.statics.find("muster-sw.js");
    if (it == c.statics.end())
      return Response::text("Not found\n", "text/plain; charset=utf-8", 404);
    auto res = Response::text(it->second.body, it->second.content_type);
    res.header("Cache-Control", "no-cache");
    return res;
  });
}

}  // namespace qorgan::console
