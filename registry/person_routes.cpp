#include "core/text.hpp"
#include "http/reply.hpp"
#include "registry/registry_json.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

namespace {

// People are written as JSON text directly (registry_json.hpp): the hot read path.
Response json_text(std::string text, int status = 200) {
  return Response{status, {{"Content-Type", "application/json"}}, std::move(text)};
}

core::Json membership_page(const std::vector<Membership>& list) {
  return core::page_json(core::Page<Membership>{list, std::nullopt},
                         [](const Membership& m) { return to_json(m); });
}

}  // namespace

void mount_person_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  People& people = registry.people;
  // Company officers have no access to people (the policy table); everyone else is scoped by
  // the service.
  const std::vector<Role> readers{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                  Role::volunteer};
  const std::vector<Role> writers{Role::admin, Role::hq_staff};
  auto membership_json = [](const Membership& m) { return to_json(m); };

  router.add(
      "GET", "/api/v1/people", guard.api(readers, [&people](Request& req, const Principal& who) {
        std::vector<core::FieldError> errors;
        PersonFilter f;
        f.region = http::query_id(req, "region", errors);
        f.unit = http::query_id(req, "unit", errors);
        f.status = http::query_enum(req, "status", People::statuses(), errors);
        f.skill = req.query_param("skill");
        f.iin = req.query_param("iin");
        if (f.skill && (f.skill->empty() || f.skill->size() > 100 || !core::valid_utf8(*f.skill)))
          errors.push_back({"skill", "must be a skill name of at most 100 bytes"});
        auto p = http::list_params(req, People::sorts(), errors);
        if (!errors.empty()) return http::invalid_query(req, std::move(errors));
        PeoplePageText text(size_t(p->limit));
        if (auto s = people.list(who, f, *p, text); !s) return http::problem(req, s.error());
        return json_text(text.take());
      }));

  router.add("GET", "/api/v1/people/{id:id}",
             guard.api(readers, [&people](Request& req, const Principal& who) {
               auto p = people.get(who, req.id());
               if (!p) return http::problem(req, p.error());
               return json_text(person_text(*p));
             }));

  router.add("POST", "/api/v1/people",
             guard.api(writers, [&people](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::created(
                   req, people.create(who, auth::actor(req, who), *body),
                   [](const Person& p) { return to_json(p); }, "/api/v1/people");
             }));

  // Volunteers may PATCH their own phone, e-mail and availability; the service enforces it.
  router.add("PATCH", "/api/v1/people/{id:id}",
             guard.api({Role::admin, Role::hq_staff, Role::volunteer},
                       [&people](Request& req, const Principal& who) {
                         auto body = http::json_body(req);
                         if (!body) return http::problem(req, body.error());
                         return http::reply(
                             req, people.update(who, auth::actor(req, who), req.id(), *body),
                             [](const Person& p) { return to_json(p); });
                       }));

  router.add("DELETE", "/api/v1/people/{id:id}",
             guard.api(writers, [&people](Request& req, const Principal& who) {
               return http::reply(req, people.remove(who, auth::actor(req, who), req.id()));
             }));

  router.add("GET", "/api/v1/people/{id:id}/memberships",
             guard.api(readers, [&people](Request& req, const Principal& who) {
               return http::reply(req, people.memberships(who, req.id()), membership_page);
             }));

  router.add("POST", "/api/v1/people/{id:id}/memberships",
             guard.api(writers, [&people, membership_json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(
                   req, people.add_membership(who, auth::actor(req, who), req.id(), *body),
                   membership_json, 201);
             }));

  // Ends a membership on a date (or changes its position) and keeps it as history.
  router.add("PATCH", "/api/v1/people/{id:id}/memberships/{mid:id}",
             guard.api(writers, [&people, membership_json](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req,
                                  people.update_membership(who, auth::actor(req, who), req.id(),
                                                           req.id("mid"), *body),
                                  membership_json);
             }));

  router.add("DELETE", "/api/v1/people/{id:id}/memberships/{mid:id}",
             guard.api(writers, [&people](Request& req, const Principal& who) {
               return http::reply(req, people.remove_membership(who, auth::actor(req, who),
                                                                req.id(), req.id("mid")));
             }));
}

}  // namespace qorgan::registry
