// The editors' JSON API under /api/v1/editor: articles and their workflow, revisions and diffs,
// categories and the site's settings.
#include "http/reply.hpp"
#include "portal/portal_json.hpp"
#include "portal/roles.hpp"
#include "portal/routes.hpp"

namespace qorgan::portal {

using auth::actor;

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

namespace {}  // namespace

void mount_editor_routes(http::Router& router, const auth::Guard& guard, Portal& p) {
  const std::vector<Role>& editors = kEditors;
  const std::string articles = "/api/v1/editor/articles";

  router.add("GET", articles, guard.api(editors, [&p](Request& req, const Principal&) {
    std::vector<core::FieldError> errors;
    EditorQuery q;
    q.status = req.query_param("status");
    q.lang = lang_param(req, errors);
    q.limit = int(http::query_int(req, "limit", errors, 1, 200).value_or(50));
    q.offset = int(http::query_int(req, "offset", errors, 0, 100000).value_or(0));
    if (!errors.empty()) return http::invalid_query(req, errors);
    return Response::json(editor_list_json(p.articles.list(q)));
  }));
  router.add("POST", articles,
             guard.api(editors, [&p, articles](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::created(req, p.articles.create(who, actor(req, who), *body),
                                    article_json, articles);
             }));
  router.add("GET", articles + "/{id:id}", guard.api(editors, [&p](Request& req, const Principal&) {
    return http::reply(req, p.articles.get(req.id()), article_json);
  }));
  router.add("PATCH", articles + "/{id:id}",
             guard.api(editors, [&p](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req, p.articles.update(who, actor(req, who), req.id(), *body),
                                  article_json);
             }));
  router.add("POST", articles + "/{id:id}/status",
             guard.api(editors, [&p](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req, p.articles.transition(who, actor(req, who), req.id(), *body),
                                  article_json);
             }));
  router.add("GET", articles + "/{id:id}/revisions",
             guard.api(editors, [&p](Request& req, const Principal&) {
               return http::reply(req, p.articles.revisions(req.id()), revisions_json);
             }));
  router.add("GET", articles + "/{id:id}/diff",
             guard.api(editors, [&p](Request& req, const Principal&) {
               std::vector<core::FieldError> errors;
               auto from = http::query_int(req, "from", errors, 1, 1000000);
               auto to = http::query_int(req, "to", errors, 1, 1000000);
               if (!req.query_param("from"))
                 errors.push_back({"from", "Which revision to compare from."});
               if (!req.query_param("to"))
                 errors.push_back({"to", "Which revision to compare to."});
               if (!errors.empty()) return http::invalid_query(req, errors);
               return http::reply(req, p.articles.diff(req.id(), *from, *to), diff_json);
             }));

  router.add("GET", "/api/v1/editor/categories",
             guard.api(editors, [&p](Request&, const Principal&) {
               return Response::json(categories_json(p.categories.list()));
             }));
  router.add("POST", "/api/v1/editor/categories",
             guard.api(editors, [&p](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req, p.categories.create(who, actor(req, who), *body),
                                  category_json, 201);
             }));
  router.add("PATCH", "/api/v1/editor/categories/{id:id}",
             guard.api(editors, [&p](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req, p.categories.update(who, actor(req, who), req.id(), *body),
                                  category_json);
             }));

  router.add("GET", "/api/v1/editor/settings", guard.api(editors, [&p](Request&, const Principal&) {
    return Response::json(p.settings.document());
  }));
  router.add("PATCH", "/api/v1/editor/settings",
             guard.api({Role::admin}, [&p](Request& req, const Principal& who) {
               auto body = http::json_body(req);
               if (!body) return http::problem(req, body.error());
               return http::reply(req, p.settings.update(who, actor(req, who), *body));
             }));
}

}  // namespace qorgan::portal
