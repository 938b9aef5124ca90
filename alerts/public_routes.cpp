#include "alerts/alert_json.hpp"
#include "alerts/cap.hpp"
#include "alerts/routes.hpp"
#include "core/time.hpp"
#include "http/reply.hpp"

namespace qorgan::alerts {

using http::Request;
using http::Response;

namespace {

// Public alert documents change at approval, cancel and expiry: caches may keep them briefly.
Response cached(Response r) {
  r.header("Cache-Control", "public, max-age=5");
  return r;
}

}  // namespace

void mount_public_routes(http::Router& router, Alerts& alerts) {
  router.add("GET", "/alerts/signing-key.pem", [&alerts](Request&) {
    return Response::text(alerts.public_key_pem(), "application/x-pem-file");
  });
  router.add("GET", "/alerts/active.json", [&alerts](Request&) {
    core::Json items = core::Json::array();
    for (const auto& a : alerts.public_active(core::now_us())) items.push_back(public_json(a));
    auto r = Response::json({{"items", items}});
    r.header("Cache-Control", "no-cache");
    return r;
  });
  router.add("GET", "/alerts/feed.atom", [&alerts](Request& req) {
    auto code = req.query_param("region");
    auto list = alerts.public_feed(core::now_us(), code);
    if (!list) return http::problem(req, list.error());
    std::string self = "/alerts/feed.atom" + (code ? "?region=" + *code : std::string());
    std::string title = code ? "Qorgan alerts: region " + *code : "Qorgan alerts";
    return cached(
        Response::text(alerts.atom(*list, title, self), "application/atom+xml; charset=utf-8"));
  });
  router.add("GET", "/alerts/{file}", [&alerts](Request& req) {
    std::string file = req.params.at("file");
    bool sig = file.ends_with(".xml.sig");
    std::string identifier;
    if (sig)
      identifier = file.substr(0, file.size() - 8);
    else if (file.ends_with(".xml"))
      identifier = file.substr(0, file.size() - 4);
    else
      return http::problem(req, core::Error::not_found("No such alert document."));
    auto a = alerts.public_by_identifier(identifier);
    if (!a) return http::problem(req, a.error());
    std::string doc = alerts.cap_xml(*a);
    if (sig) return cached(Response::text(alerts.signature(doc), "application/octet-stream"));
    return cached(Response::text(std::move(doc), "application/cap+xml; charset=utf-8"));
  });
}

}  // namespace qorgan::alerts
