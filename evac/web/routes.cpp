#include "evac/web/routes.hpp"

#include "evac/io/plan_orders_html.hpp"
#include "evac/web/evac_json.hpp"
#include "http/reply.hpp"
#include "view/i18n.hpp"

namespace qorgan::evac::web {

using auth::actor;
using auth::Principal;
using auth::Role;
using http::problem;
using http::reply;
using http::Request;
using http::Response;

namespace {

const std::vector<Role> kPlanners{Role::admin, Role::hq_staff};
// Street maps are drawn on by whoever plans evacuations or draws alert areas; auditors read.
const std::vector<Role> kMapReaders{Role::admin, Role::hq_staff, Role::alert_officer,
                                    Role::auditor};

core::Json network_json(const NetworkInfo& n) {
  return to_json(n);
}
// The language of an API answer's messages: ?lang=, else the account's, else the one
// Accept-Language asks for, else English (what API clients have always read).
std::string api_language(const Request& req, const Principal& who) {
  std::string lang = req.query_param("lang").value_or("");
  if (view::is_language(lang)) return lang;
  if (view::is_language(who.language)) return who.language;
  return view::pick_language(req.header("Accept-Language"), "en");
}

auto plan_json(const Request& req, const Principal& who) {
  return [lang = api_language(req, who)](const PlanInfo& p) { return to_json(p, lang); };
}

Response result_response(const Request& req, const core::Result<std::string>& r,
                         const std::string& type, const std::string& file) {
  if (!r) return problem(req, r.error());
  auto res = Response::text(*r, type);
  if (!file.empty()) res.header("Content-Disposition", "inline; filename=\"" + file + "\"");
  return res;
}

// Printable per-neighbourhood orders: a self-contained HTML document under its own CSP, in the
// language ?lang= names, else the account's, else the one Accept-Language prefers (Russian when
// none matches).
Response orders_response(const Request& req, Service& service, const Principal& who) {
  std::string lang = req.query_param("lang").value_or("");
  if (!view::is_language(lang)) lang = who.language;
  if (!view::is_language(lang)) lang = view::pick_language(req.header("Accept-Language"), "ru");
  auto html = service.plan_orders(who, req.id(), lang);
  if (!html) return problem(req, html.error());
  auto res = Response::html(std::move(*html));
  res.header("Content-Security-Policy", io::kOrdersContentSecurityPolicy);
  return res;
}

}  // namespace

void mount_routes(http::Router& router, const auth::Guard& guard, Service& service) {
  // --- road networks ---
  router.add("GET", "/api/v1/evac/networks",
             guard.api(kPlanners, [&service](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto p = http::list_params(req, Service::network_sorts(), errors);
               if (!p) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, service.list_networks(who, *p), network_json);
             }));

  // The OSM file is the raw body; everything else is in the query string.
  router.add(
      "POST", "/api/v1/evac/networks",
      guard.api(kPlanners,
                [&service](Request& req, const Principal& who) {
                  NetworkUpload up;
                  up.name = req.query_param("name").value_or("");
                  up.profile = req.query_param("profile").value_or("car");
                  up.format = req.query_param("format");
                  up.source_file = req.query_param("filename");
                  up.bytes = req.body;
                  return http::created(
                      req, service.create_network(who, actor(req, who), up, api_language(req, who)),
                      network_json, "/api/v1/evac/networks");
                }),
      http::Cost::heavy);

  router.add("GET", "/api/v1/evac/networks/{id:id}",
             guard.api(kPlanners, [&service](Request& req, const Principal& who) {
               return reply(req, service.get_network(who, req.id()), network_json);
             }));

  router.add("GET", "/api/v1/evac/networks/{id:id}/geojson",
             guard.api(kPlanners,
                       [&service](Request& req, const Principal& who) {
                         auto r = service.network_geojson(who, req.id());
                         if (!r) return problem(req, r.error());
                         return Response::text(**r, "application/geo+json");
                       }),
             http::Cost::heavy);

  // The street maps of other pages (id, name, bbox, attribution; the roads as GeoJSON).
  router.add("GET", "/api/v1/evac/street-maps",
             guard.api(kMapReaders, [&service](Request& req, const Principal& who) {
               auto maps = service.street_maps(who);
               if (!maps) return problem(req, maps.error());
               core::Json items = core::Json::array();
               for (const auto& n : *maps) {
                 core::Json item{{"id", n.id}, {"name", n.name}, {"bbox", *n.bbox}};
                 if (n.osm) item["attribution"] = kOsmAttribution;
                 items.push_back(std::move(item));
               }
               return Response::json({{"items", items}});
             }));
  router.add("GET", "/api/v1/evac/street-maps/{id:id}",
             guard.api(kMapReaders,
                       [&service](Request& req, const Principal& who) {
                         auto r = service.street_map(who, req.id());
                         if (!r) return problem(req, r.error());
                         return Response::text(**r, "application/geo+json");
                       }),
             http::Cost::heavy);

  router.add("DELETE", "/api/v1/evac/networks/{id:id}",
             guard.api(kPlanners, [&service](Request& req, const Principal& who) {
               return reply(req, service.remove_network(who, actor(req, who), req.id()));
             }));

  // --- plans ---
  router.add(
      "POST", "/api/v1/evac/plans",
      guard.api(kPlanners,
                [&service](Request& req, const Principal& who) {
                  auto body = http::json_body(req);
                  if (!body) return problem(req, body.error());
                  // 202: the plan is queued; its Location tells where to watch it.
                  auto res = http::created(
                      req, service.create_plan(who, actor(req, who), *body, api_language(req, who)),
                      plan_json(req, who), "/api/v1/evac/plans");
                  if (res.status == 201) res.status = 202;
                  return res;
                }),
      http::Cost::heavy);

  router.add("GET", "/api/v1/evac/plans",
             guard.api(kPlanners, [&service](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               PlanFilter f;
               f.region = http::query_id(req, "region", errors);
               f.status = http::query_enum(
                   req, "status", {"queued", "running", "done", "failed", "cancelled"}, errors);
               auto p = http::list_params(req, Service::plan_sorts(), errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, service.list_plans(who, f, *p), plan_json(req, who));
             }));

  router.add("GET", "/api/v1/evac/plans/{id:id}",
             guard.api(kPlanners, [&service](Request& req, const Principal& who) {
               return reply(req, service.get_plan(who, req.id()), plan_json(req, who));
             }));

  router.add("POST", "/api/v1/evac/plans/{id:id}/cancel",
             guard.api(kPlanners, [&service](Request& req, const Principal& who) {
               return reply(req, service.cancel_plan(who, actor(req, who), req.id()),
                            plan_json(req, who));
             }));

  router.add("DELETE", "/api/v1/evac/plans/{id:id}",
             guard.api(kPlanners, [&service](Request& req, const Principal& who) {
               return reply(req, service.remove_plan(who, actor(req, who), req.id()));
             }));

  router.add("GET", "/api/v1/evac/plans/{id:id}/plan.json",
             guard.api(kPlanners,
                       [&service](Request& req, const Principal& who) {
                         const auto id = req.id();
                         return result_response(
                             req, service.plan_output(who, id, ResultFormat::json),
                             "application/json", "plan-" + std::to_string(id) + ".json");
                       }),
             http::Cost::heavy);

  router.add("GET", "/api/v1/evac/plans/{id:id}/plan.geojson",
             guard.api(kPlanners,
                       [&service](Request& req, const Principal& who) {
                         const auto id = req.id();
                         return result_response(
                             req, service.plan_output(who, id, ResultFormat::geojson),
                             "application/geo+json", "plan-" + std::to_string(id) + ".geojson");
                       }),
             http::Cost::heavy);

  router.add("GET", "/api/v1/evac/plans/{id:id}/plan.csv",
             guard.api(kPlanners,
                       [&service](Request& req, const Principal& who) {
                         const auto id = req.id();
                         return result_response(
                             req, service.plan_output(who, id, ResultFormat::csv),
                             "text/csv; charset=utf-8", "plan-" + std::to_string(id) + ".csv");
                       }),
             http::Cost::heavy);

  router.add("GET", "/api/v1/evac/plans/{id:id}/orders",
             guard.api(kPlanners,
                       [&service](Request& req, const Principal& who) {
                         return orders_response(req, service, who);
                       }),
             http::Cost::heavy);
}

}  // namespace qorgan::evac::web
