// POST /api/v1/people/import and /api/v1/facilities/import: the body is the CSV file
// (Content-Type text/csv); ?dry_run=true checks it and answers the report without storing.
#include "http/reply.hpp"
#include "registry/facility_import.hpp"
#include "registry/people_import.hpp"
#include "registry/registry_json.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

namespace {

using Importer = std::function<core::Result<csv::ImportReport>(
    Registry&, const Principal&, const auth::Actor&, std::string_view, const csv::ImportOptions&)>;

Response run_import(Request& req, const Principal& who, Registry& registry, const Importer& run) {
  auto type = req.header("Content-Type");
  if (!type.starts_with("text/csv") && !type.starts_with("text/plain")) {
    return http::problem(req, {core::ErrorCode::unsupported_media_type,
                               "Send the file as the body with Content-Type text/csv.",
                               {}});
  }
  csv::ImportOptions options;
  auto dry = req.query_param("dry_run");
  if (dry && *dry != "true" && *dry != "false" && *dry != "1" && *dry != "0")
    return http::problem(req, core::Error::invalid("The query is not valid.",
                                                   {{"dry_run", "must be true or false"}}));
  options.dry_run = dry && (*dry == "true" || *dry == "1");
  auto report = run(registry, who, auth::actor(req, who), req.body, options);
  if (!report) return http::problem(req, report.error());
  if (!report->valid) {
    // problem+json with the field list, plus the structured report for programs.
    auto res = http::problem(req, report->error());
    auto body = core::Json::parse(res.body);
    body["report"] = to_json(*report);
    res.body = body.dump(-1, ' ', false, core::Json::error_handler_t::replace);
    return res;
  }
  return Response::json(to_json(*report), options.dry_run ? 200 : 201);
}

}  // namespace

void mount_import_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  router.add("POST", "/api/v1/people/import",
             guard.api({Role::admin, Role::hq_staff},
                       [&registry](Request& req, const Principal& who) {
                         return run_import(req, who, registry, import_people);
                       }),
             http::Cost::heavy);
  router.add("POST", "/api/v1/facilities/import",
             guard.api({Role::admin, Role::hq_staff, Role::company_officer},
                       [&registry](Request& req, const Principal& who) {
                         return run_import(req, who, registry, import_facilities);
                       }),
             http::Cost::heavy);
}

}  // namespace qorgan::registry
