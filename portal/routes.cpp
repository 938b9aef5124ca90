// HTTP binding of the portal: public pages and machine files, the public JSON content API and the
// editors' API. Thin: every rule lives in Portal; pages are rendered by Site.
#include "core/time.hpp"
#include "portal/i18n.hpp"
#include "portal/media.hpp"
#include "portal/site.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

using auth::actor;

using auth::Principal;
using auth::Role;
using core::Json;
using http::Request;
using http::Response;

namespace {

template <typename T>
Response reply(const Request& req, const core::Result<T>& r, int status = 200) {
  if (!r) return http::problem(r.error(), req.request_id);
  if constexpr (std::is_same_v<T, Json>)
    return Response::json(*r, status);
  else
    return Response::json(r->json(), status);
}

Response bad(const Request& req, std::vector<core::FieldError> errors) {
  return http::problem(core::Error::invalid("The query is not valid.", std::move(errors)),
                       req.request_id);
}

int int_param(const Request& req, const std::string& name, int def, int min, int max,
              std::vector<core::FieldError>& errors) {
  auto v = req.query_param(name);
  if (!v) return def;
  try {
    size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used != v->size() || n < min || n > max) throw std::out_of_range(name);
    return n;
  } catch (const std::exception&) {
    errors.push_back(
        {name, "A whole number from " + std::to_string(min) + " to " + std::to_string(max) + "."});
    return def;
  }
}

std::optional<std::string> lang_param(const Request& req, std::vector<core::FieldError>& errors) {
  // `lang`, or its long form `language`, as the content API's mobile clients spell it.
  const char* name = req.query_param("lang") ? "lang" : "language";
  auto l = req.query_param(name);
  if (l && !is_language(*l)) {
    errors.push_back({name, "One of kk, ru, en."});
    return std::nullopt;
  }
  return l;
}

Response public_json(Response r) {
  r.header("Cache-Control", "public, max-age=15");
  return r;
}

}  // namespace

void Site::mount(http::Router& router, const auth::Guard& guard) {
  Portal& p = *portal_;
  const std::vector<Role> editors{Role::editor, Role::chief_editor, Role::admin};

  // ---- public JSON content API ----
  router.add("GET", "/api/v1/articles", [&p](Request& req) {
    std::vector<core::FieldError> errors;
    PublicQuery q;
    q.lang = lang_param(req, errors);
    q.category = req.query_param("category");
    q.tag = req.query_param("tag");
    q.cursor = req.query_param("cursor");
    q.limit = int_param(req, "limit", 20, 1, 100, errors);
    if (!errors.empty()) return bad(req, errors);
    return public_json(reply(req, p.public_list(q)));
  });
  router.add("GET", "/api/v1/articles/{id:id}", [&p](Request& req) {
    auto a = p.published_by_id(req.id());
    if (!a)
      return http::problem(core::Error::not_found("No published article has this id."),
                           req.request_id);
    Json j = a->public_json(true);
    Json tr = Json::array();
    for (const auto& t : p.translations(*a))
      tr.push_back({{"id", t.id}, {"lang", t.lang}, {"url", t.path()}, {"title", t.title}});
    j["translations"] = tr;
    return public_json(Response::json(j));
  });
  router.add("POST", "/api/v1/articles/{id:id}/view", [this](Request& req) {
    // No cookie and no stored address: the reader is hashed with a daily in-memory salt.
    std::string reader = req.remote + "\n" + std::string(req.header("User-Agent")) + "\n" +
                         std::string(req.header("Accept-Language"));
    if (!portal_->published_by_id(req.id()))
      return http::problem(core::Error::not_found("No published article has this id."),
                           req.request_id);
    bool counted = views_->record(req.id(), reader);
    return Response::json({{"counted", counted}}, 202);
  });
  router.add("GET", "/api/v1/categories", [&p](Request&) {
    Json items = Json::array();
    for (const auto& c : p.categories()) items.push_back(c.json());
    return public_json(Response::json({{"items", items}}));
  });
  router.add("GET", "/api/v1/search", [&p](Request& req) {
    std::vector<core::FieldError> errors;
    SearchQuery q;
    q.q = req.query_param("q").value_or("");
    if (q.q.size() > 200) errors.push_back({"q", "At most 200 characters."});
    q.lang = lang_param(req, errors);
    q.category = req.query_param("category");
    for (const char* name : {"from", "to"}) {
      if (auto v = req.query_param(name)) {
        auto t = core::parse_rfc3339(*v);
        if (!t) {
          if (auto d = core::parse_date(*v))
            t = core::parse_rfc3339(core::format_date(*d) + (std::string(name) == "from"
                                                                 ? "T00:00:00+05:00"
                                                                 : "T23:59:59+05:00"));
        }
        if (!t)
          errors.push_back({name, "A date (YYYY-MM-DD) or an RFC 3339 time."});
        else
          (std::string(name) == "from" ? q.from : q.to) = t;
      }
    }
    q.limit = int_param(req, "limit", 20, 1, 100, errors);
    q.offset = int_param(req, "offset", 0, 0, 10000, errors);
    if (!errors.empty()) return bad(req, errors);
    Json items = Json::array();
    for (const auto& a : p.search(q)) {
      Json j = a.public_json(false);
      j["snippet_html"] = highlight_snippet(a.lead + "\n" + plain_text(a.body), q.q);
      items.push_back(std::move(j));
    }
    return public_json(Response::json({{"items", items}}));
  });

  // ---- editors' API ----
  router.add("GET", "/api/v1/editor/articles",
             guard.api(editors, [&p](Request& req, const Principal&) {
               std::vector<core::FieldError> errors;
               auto status = req.query_param("status");
               auto lang = lang_param(req, errors);
               int limit = int_param(req, "limit", 50, 1, 200, errors);
               int offset = int_param(req, "offset", 0, 0, 100000, errors);
               if (!errors.empty()) return bad(req, errors);
               return Response::json(p.editor_list(status, lang, limit, offset));
             }));
  router.add("POST", "/api/v1/editor/articles",
             guard.api(editors, [&p](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return http::problem(body.error(), req.request_id);
               auto r = p.create_article(who, actor(req, who), *body);
               auto res = reply(req, r, 201);
               if (r) res.header("Location", "/api/v1/editor/articles/" + std::to_string(r->id));
               return res;
             }));
  router.add("GET", "/api/v1/editor/articles/{id:id}",
             guard.api(editors, [&p](Request& req, const Principal&) {
               return reply(req, p.get_article(req.id()));
             }));
  router.add("PATCH", "/api/v1/editor/articles/{id:id}",
             guard.api(editors, [&p](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return http::problem(body.error(), req.request_id);
               return reply(req, p.update_article(who, actor(req, who), req.id(), *body));
             }));
  router.add("POST", "/api/v1/editor/articles/{id:id}/status",
             guard.api(editors, [&p](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return http::problem(body.error(), req.request_id);
               return reply(req, p.transition(who, actor(req, who), req.id(), *body));
             }));
  router.add("GET", "/api/v1/editor/articles/{id:id}/revisions",
             guard.api(editors, [&p](Request& req, const Principal&) {
               return reply(req, p.revisions(req.id()));
             }));
  router.add("GET", "/api/v1/editor/articles/{id:id}/diff",
             guard.api(editors, [&p](Request& req, const Principal&) {
               std::vector<core::FieldError> errors;
               int from = int_param(req, "from", 0, 1, 1000000, errors);
               int to = int_param(req, "to", 0, 1, 1000000, errors);
               if (!req.query_param("from"))
                 errors.push_back({"from", "Which revision to compare from."});
               if (!req.query_param("to"))
                 errors.push_back({"to", "Which revision to compare to."});
               if (!errors.empty()) return bad(req, errors);
               return reply(req, p.diff(req.id(), from, to));
             }));
  router.add("GET", "/api/v1/editor/categories",
             guard.api(editors, [&p](Request&, const Principal&) {
               Json items = Json::array();
               for (const auto& c : p.categories()) items.push_back(c.json());
               return Response::json({{"items", items}});
             }));
  router.add("POST", "/api/v1/editor/categories",
             guard.api(editors, [&p](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return http::problem(body.error(), req.request_id);
               return reply(req, p.create_category(who, actor(req, who), *body), 201);
             }));
  router.add("PATCH", "/api/v1/editor/categories/{id:id}",
             guard.api(editors, [&p](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return http::problem(body.error(), req.request_id);
               return reply(req, p.update_category(who, actor(req, who), req.id(), *body));
             }));
  router.add("GET", "/api/v1/editor/settings", guard.api(editors, [&p](Request&, const Principal&) {
    return Response::json(p.settings());
  }));
  router.add("PATCH", "/api/v1/editor/settings",
             guard.api({Role::admin}, [&p](Request& req, const Principal& who) {
               auto body = core::parse_json_object(req.body);
               if (!body) return http::problem(body.error(), req.request_id);
               return reply(req, p.update_settings(who, actor(req, who), *body));
             }));
  mount_media(router, guard, p);
  mount_editor(router, guard);

  // ---- pages and machine files ----
  router.add("GET", "/", [](Request& req) {
    std::string lang;
    if (auto c = req.cookie("portal_lang"); c && is_language(*c)) lang = *c;
    if (lang.empty()) lang = pick_language(req.header("Accept-Language"));
    auto r = Response::redirect("/" + lang, 302);
    r.header("Vary", "Accept-Language, Cookie");
    r.header("Cache-Control", "private, no-cache");
    return r;
  });
  // Literal language prefixes, so these patterns never shadow /api, /console or other folders.
  for (const auto& lang : languages()) {
    router.add("GET", "/" + lang, [this, lang](Request& req) { return home(req, lang); });
    router.add("GET", "/" + lang + "/{page}", [this, lang](Request& req) {
      const auto& page = req.params["page"];
      if (page == "search") return search_page(req, lang);
      if (page == "rss.xml") return feed(req, lang, "", false);
      if (page == "atom.xml") return feed(req, lang, "", true);
      return category_page(req, lang, page);
    });
    router.add("GET", "/" + lang + "/{category}/{slug}", [this, lang](Request& req) {
      const auto& cat = req.params["category"];
      const auto& slug = req.params["slug"];
      if (cat == "tag") return tag_page(req, lang, slug);
      if (slug == "rss.xml") return feed(req, lang, cat, false);
      if (slug == "atom.xml") return feed(req, lang, cat, true);
      return article_page(req, lang, cat, slug);
    });
  }
  router.add("GET", "/sitemap.xml", [this](Request& req) { return sitemap(req); });
  router.add("GET", "/robots.txt", [this](Request& req) {
    return cached(req, [&] {
      return Response::text(
          "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /console/\nDisallow: "
          "/*/search\n\nSitemap: " +
          origin(req) + "/sitemap.xml\n");
    });
  });
  router.add("GET", "/manifest.webmanifest", [this](Request& req) {
    return static_file(req, "portal.webmanifest", "application/manifest+json");
  });
  router.add("GET", "/sw.js", [this](Request& req) {
    auto r = static_file(req, "portal-sw.js", "text/javascript; charset=utf-8");
    r.header("Service-Worker-Allowed", "/");
    return r;
  });
  for (auto [name, type] : std::vector<std::pair<std::string, std::string>>{
           {"portal.css", "text/css; charset=utf-8"},
           {"portal-print.css", "text/css; charset=utf-8"},
           {"portal.js", "text/javascript; charset=utf-8"},
           {"portal-theme.js", "text/javascript; charset=utf-8"},
           {"portal-icon.svg", "image/svg+xml"}}) {
    std::string file = name, content_type = type;
    router.add("GET", "/static/" + file, [this, file, content_type](Request& req) {
      return static_file(req, file, content_type);
    });
  }
}

}  // namespace qorgan::portal
