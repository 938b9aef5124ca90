#include "http/reply.hpp"
#include "obligations/access.hpp"
#include "obligations/compliance_csv.hpp"
#include "obligations/obligations_json.hpp"
#include "obligations/print_act.hpp"
#include "obligations/routes.hpp"

namespace qorgan::obligations {

using auth::Principal;
using http::Request;
using http::Response;

namespace {

// cursor (the id to list before) and limit (≤ 200, default 50); nullopt after adding errors.
struct Paging {
  std::optional<std::int64_t> before;
  int limit = 50;
};
std::optional<Paging> paging(Request& req, std::vector<core::FieldError>& errors) {
  auto before = http::query_id(req, "cursor", errors);
  auto limit = http::query_id(req, "limit", errors);
  if (limit && *limit > 200) errors.push_back({"limit", "at most 200"});
  if (!errors.empty()) return std::nullopt;
  return Paging{before, int(limit.value_or(50))};
}

}  // namespace

void mount_routes(http::Router& router, const auth::Guard& guard, Obligations& o) {
  auto json = [](const auto& x) { return to_json(x); };
  auto body_call = [&guard](const std::vector<auth::Role>& roles, auto call) {
    return guard.api(roles, [call](Request& req, const Principal& who) {
      auto body = http::json_body(req);
      if (!body) return http::problem(req, body.error());
      return call(req, who, *body);
    });
  };
  const std::string base = "/api/v1/obligations";

  // The duties table.
  router.add("GET", base + "/duties", guard.api(kReaders, [&o](Request& req, const Principal& who) {
    auto ds = o.duties(who);
    if (!ds) return http::problem(req, ds.error());
    core::Json items = core::Json::array();
    for (const auto& d : *ds) items.push_back(to_json(d));
    return Response::json({{"items", items}});
  }));
  router.add("POST", base + "/duties",
             body_call(kDutyEditors, [&o, json](Request& req, const Principal& who, auto& body) {
               return http::reply(req, o.create_duty(who, auth::actor(req, who), body), json, 201);
             }));
  router.add("PATCH", base + "/duties/{code}",
             body_call(kDutyEditors, [&o, json](Request& req, const Principal& who, auto& body) {
               return http::reply(
                   req, o.update_duty(who, auth::actor(req, who), req.params["code"], body), json);
             }));

  // A facility: its compliance, self-assessments and inspections.
  router.add("GET", base + "/facilities/{id:id}",
             guard.api(kReaders, [&o, json](Request& req, const Principal& who) {
               return http::reply(req, o.facility_compliance(who, req.id()), json);
             }));
  router.add("POST", base + "/facilities/{id:id}/assessments",
             body_call(kAssessors, [&o, json](Request& req, const Principal& who, auto& body) {
               return http::created(req,
                                    o.submit_assessment(who, auth::actor(req, who), req.id(), body),
                                    json, "/api/v1/obligations/assessments");
             }));
  router.add("POST", base + "/facilities/{id:id}/inspections",
             body_call(kInspectors, [&o, json](Request& req, const Principal& who, auto& body) {
               return http::created(req,
                                    o.create_inspection(who, auth::actor(req, who), req.id(), body),
                                    json, "/api/v1/obligations/inspections");
             }));

  // Self-assessments and evidence.
  router.add("GET", base + "/assessments",
             guard.api(kReaders, [&o, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto facility = http::query_id(req, "facility_id", errors);
               auto p = paging(req, errors);
               if (!p) return http::invalid_query(req, std::move(errors));
               return http::reply_page(
                   req, o.assessments(who, facility.value_or(0), p->before, p->limit), json);
             }));
  router.add("GET", base + "/assessments/{id:id}",
             guard.api(kReaders, [&o, json](Request& req, const Principal& who) {
               return http::reply(req, o.assessment(who, req.id()), json);
             }));
  // The body is the file itself, its type in Content-Type, its name in ?name=.
  router.add("POST", base + "/assessments/{id:id}/evidence",
             guard.api(kAssessors, [&o, json](Request& req, const Principal& who) {
               std::string claimed(req.header("content-type"));
               if (auto semi = claimed.find(';'); semi != std::string::npos) claimed.resize(semi);
               auto e = o.add_evidence(who, auth::actor(req, who), req.id(), req.body, claimed,
                                       req.query_param("name").value_or("evidence"));
               return http::created(req, e, json, "/api/v1/obligations/evidence");
             }));
  router.add("GET", base + "/evidence/{id:id}",
             guard.api(kReaders, [&o](Request& req, const Principal& who) {
               auto f = o.evidence_file(who, req.id());
               if (!f) return http::problem(req, f.error());
               auto res = Response::text(std::move(f->second), f->first.mime);
               res.header("Content-Disposition",
                          "attachment; filename=\"evidence-" + std::to_string(f->first.id) + "\"");
               res.header("Cache-Control", "private, no-store");
               return res;
             }));

  // Inspections and findings.
  router.add("GET", base + "/inspections",
             guard.api(kReaders, [&o, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto facility = http::query_id(req, "facility_id", errors);
               auto p = paging(req, errors);
               if (!p) return http::invalid_query(req, std::move(errors));
               return http::reply_page(
                   req, o.inspections(who, facility.value_or(0), p->before, p->limit), json);
             }));
  router.add("GET", base + "/inspections/{id:id}",
             guard.api(kReaders, [&o, json](Request& req, const Principal& who) {
               return http::reply(req, o.inspection(who, req.id()), json);
             }));
  router.add("GET", base + "/inspections/{id:id}/act",
             guard.api(kReaders, [&o](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto lang = http::query_enum(req, "lang", {"kk", "ru", "en"}, errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               auto i = o.inspection(who, req.id());
               if (!i) return http::problem(req, i.error());
               auto c = o.facility_compliance(who, i->facility_id);
               std::string facility = c ? c->facility.facility : std::to_string(i->facility_id);
               std::string organisation = c ? c->facility.organisation : "";
               auto res = Response::html(
                   render_inspection_act(*i, facility, organisation, lang.value_or("ru")));
               res.header("Content-Security-Policy", kPrintPolicy);
               return res;
             }));
  router.add("POST", base + "/inspections/{id:id}/findings",
             body_call(kInspectors, [&o, json](Request& req, const Principal& who, auto& body) {
               return http::created(req, o.add_finding(who, auth::actor(req, who), req.id(), body),
                                    json, "/api/v1/obligations/findings");
             }));
  router.add("GET", base + "/findings",
             guard.api(kReaders, [&o, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto overdue = http::query_enum(req, "overdue", {"true", "false"}, errors);
               auto p = paging(req, errors);
               if (!p) return http::invalid_query(req, std::move(errors));
               return http::reply_page(
                   req, o.findings(who, overdue.value_or("false") == "true", p->before, p->limit),
                   json);
             }));
  router.add("GET", base + "/findings/{id:id}",
             guard.api(kReaders, [&o, json](Request& req, const Principal& who) {
               return http::reply(req, o.finding(who, req.id()), json);
             }));
  router.add("POST", base + "/findings/{id:id}/status",
             body_call(kFollowers, [&o, json](Request& req, const Principal& who, auto& body) {
               return http::reply(req, o.change_finding(who, auth::actor(req, who), req.id(), body),
                                  json);
             }));

  // Compliance per facility, organisation and region, with the trend.
  router.add("GET", base + "/compliance",
             guard.api(kReaders, [&o, json](Request& req, const Principal& who) {
               return http::reply(req, o.overview(who), json);
             }));
  router.add("GET", base + "/compliance.csv",
             guard.api(kReaders, [&o](Request& req, const Principal& who) {
               auto ov = o.overview(who);
               if (!ov) return http::problem(req, ov.error());
               auto res = Response::text(compliance_csv(*ov), "text/csv; charset=utf-8");
               res.header("Content-Disposition",
                          "attachment; filename=\"obligations-compliance.csv\"");
               return res;
             }));
}

}  // namespace qorgan::obligations
