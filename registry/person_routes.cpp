#include "core/text.hpp"
#include "registry/route_helpers.hpp"
#include "registry/routes.hpp"

namespace qorgan::registry {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

void mount_person_routes(http::Router& router, const auth::Guard& guard, Registry& registry) {
  People& people = registry.people;
  // Company officers have no access to people (the policy table); everyone else is scoped by
  // the service.
  const std::vector<Role> readers{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                  Role::volunteer};
  const std::vector<Role> writers{Role::admin, Role::hq_staff};

  router.add(
      "GET", "/api/v1/people", guard.api(readers, [&people](Request& req, const Principal& who) {
        std::vector<core::FieldError> errors;
        PersonFilter f;
        f.region = query_id(req, "region", errors);
        f.unit = query_id(req, "unit", errors);
        f.status = query_enum(req, "status", People::statuses(), errors);
        f.skill = req.query_param("skill");
        f.iin = req.query_param("iin");
        if (f.skill && (f.skill->empty() || f.skill->size() > 100 || !core::valid_utf8(*f.skill)))
          errors.push_back({"skill", "must be a skill name of at most 100 bytes"});
        auto p = parse_list_params(req, People::sorts());
        if (!p) errors.insert(errors.end(), p.error().fields.begin(), p.error().fields.end());
        if (!errors.empty())
          return problem(req, core::Error::invalid("The list query is not valid.", errors));
        return reply_json_text(req, people.list_text(who, f, *p));
      }));

  router.add("GET", "/api/v1/people/{id:id}",
             guard.api(readers, [&people](Request& req, const Principal& who) {
               return reply_json_text(req, people.get_text(who, req.id()));
             }));

  router.add("POST", "/api/v1/people",
             guard.api(writers, [&people](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               auto r = people.create(who, actor(req, who), *body);
               auto res = reply(req, r, 201);
               if (r)
                 res.header("Location",
                            "/api/v1/people/" + std::to_string((*r)["id"].get<std::int64_t>()));
               return res;
             }));

  // Volunteers may PATCH their own phone, e-mail and availability; the service enforces it.
  router.add("PATCH", "/api/v1/people/{id:id}",
             guard.api({Role::admin, Role::hq_staff, Role::volunteer},
                       [&people](Request& req, const Principal& who) {
                         auto body = core::parse_json_object(req.body);
                         if (!body) return problem(req, body.error());
                         return reply(req, people.update(who, actor(req, who), req.id(), *body));
                       }));

  router.add("DELETE", "/api/v1/people/{id:id}",
             guard.api(writers, [&people](Request& req, const Principal& who) {
               return reply(req, people.remove(who, actor(req, who), req.id()));
             }));

  router.add("GET", "/api/v1/people/{id:id}/memberships",
             guard.api(readers, [&people](Request& req, const Principal& who) {
               return reply(req, people.memberships(who, req.id()));
             }));

  router.add("POST", "/api/v1/people/{id:id}/memberships",
             guard.api(writers, [&people](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               return reply(req, people.add_membership(who, actor(req, who), req.id(), *body), 201);
             }));

  // Ends a membership on a date (or changes its position) and keeps it as history.
  router.add("PATCH", "/api/v1/people/{id:id}/memberships/{mid:id}",
             guard.api(writers, [&people](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return problem(req, body.error());
               return reply(req, people.update_membership(who, actor(req, who), req.id(),
                                                          req.id("mid"), *body));
             }));

  router.add("DELETE", "/api/v1/people/{id:id}/memberships/{mid:id}",
             guard.api(writers, [&people](Request& req, const Principal& who) {
               return reply(
                   req, people.remove_membership(who, actor(req, who), req.id(), req.id("mid")));
             }));
}

}  // namespace qorgan::registry
