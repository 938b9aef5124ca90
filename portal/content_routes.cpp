// The public JSON content API: published articles, categories and search, for the site's own
// scripts and for mobile apps. Answers may be cached by clients for 15 seconds.
#include "core/time.hpp"
#include "http/reply.hpp"
#include "portal/portal_json.hpp"
#include "portal/routes.hpp"

namespace qorgan::portal {

using http::Request;
using http::Response;

namespace {

Response public_json(Response r) {
  r.header("Cache-Control", "public, max-age=15");
  return r;
}

Response no_such_article(const Request& req) {
  return http::problem(req, core::Error::not_found("No published article has this id."));
}

}  // namespace

void mount_content_routes(http::Router& router, Portal& p) {
  router.add("GET", "/api/v1/articles", [&p](Request& req) {
    std::vector<core::FieldError> errors;
    PublicQuery q;
    q.lang = lang_param(req, errors);
    q.category = req.query_param("category");
    q.tag = req.query_param("tag");
    q.cursor = req.query_param("cursor");
    q.limit = int(http::query_int(req, "limit", errors, 1, 100).value_or(20));
    if (!errors.empty()) return http::invalid_query(req, errors);
    return public_json(http::reply(req, p.reader.public_list(q), public_page_json));
  });
  router.add("GET", "/api/v1/articles/{id:id}", [&p](Request& req) {
    auto a = p.reader.published_by_id(req.id());
    if (!a) return no_such_article(req);
    return public_json(Response::json(public_article_json(*a, p.reader.translations(*a))));
  });
  router.add("POST", "/api/v1/articles/{id:id}/view", [&p](Request& req) {
    // No cookie and no stored address: the reader is hashed with a daily in-memory salt.
    if (!p.reader.published_by_id(req.id())) return no_such_article(req);
    bool counted = p.views.record(
        req.id(), {req.remote, req.header("User-Agent"), req.header("Accept-Language")});
    return Response::json({{"counted", counted}}, 202);
  });
  router.add("GET", "/api/v1/categories", [&p](Request&) {
    return public_json(Response::json(categories_json(p.categories.list())));
  });
  router.add("GET", "/api/v1/search", [&p](Request& req) {
    std::vector<core::FieldError> errors;
    SearchQuery q;
    q.q = req.query_param("q").value_or("");
    if (q.q.size() > 200) errors.push_back({"q", "At most 200 characters."});
    q.lang = lang_param(req, errors);
    q.category = req.query_param("category");
    std::optional<std::string> tz;  // read only when a date needs it
    for (bool end : {false, true}) {
      const char* name = end ? "to" : "from";
      auto v = req.query_param(name);
      if (!v) continue;
      // A date is a day on the site's clock; an RFC 3339 time is taken as it is.
      auto t = core::parse_rfc3339(*v);
      if (!t)
        if (auto day = core::parse_date(*v)) {
          if (!tz) tz = p.settings.site().time_zone;
          t = day_bound(*day, end, *tz);
        }
      if (!t)
        errors.push_back({name, "A date (YYYY-MM-DD) or an RFC 3339 time."});
      else
        (end ? q.to : q.from) = t;
    }
    q.limit = int(http::query_int(req, "limit", errors, 1, 100).value_or(20));
    q.offset = int(http::query_int(req, "offset", errors, 0, 10000).value_or(0));
    // prefix=1: the reader is typing; the last word matches as a prefix (live search).
    if (auto prefix = req.query_param("prefix")) {
      if (*prefix == "1" || *prefix == "true")
        q.prefix_last = true;
      else if (*prefix != "0" && *prefix != "false")
        errors.push_back({"prefix", "1 or 0 (true or false)."});
    }
    if (!errors.empty()) return http::invalid_query(req, errors);
    return public_json(Response::json(search_results_json(p.reader.search(q), q.q)));
  });
}

}  // namespace qorgan::portal
