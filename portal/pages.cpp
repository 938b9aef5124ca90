#include "portal/pages.hpp"

#include <fstream>
#include <sstream>

#include "core/text.hpp"
#include "portal/feeds.hpp"
#include "portal/i18n.hpp"

namespace qorgan::portal {

using http::Request;
using http::Response;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::unique_ptr<Pages> Pages::load(Portal& portal, const std::string& web_dir) {
  auto t = view::Templates::load(web_dir + "/templates");
  return std::make_unique<Pages>(portal, t ? std::move(*t) : view::Templates{}, web_dir);
}

Pages::Pages(Portal& portal, view::Templates templates, std::string web_dir)
    : portal_(portal),
      templates_(std::move(templates)),
      web_dir_(std::move(web_dir)),
      clear_on_change_(portal.changes.subscribe([this] { cache_.clear(); })) {}

void Pages::set_origin(std::string origin) {
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  std::lock_guard lock(origin_mu_);
  origin_ = std::move(origin);
  cache_.clear();
}

std::string Pages::origin(const SiteSettings& settings) const {
  std::lock_guard lock(origin_mu_);
  return site_origin(settings, origin_);
}

Response Pages::cached(const Request& req, std::initializer_list<std::string_view> varies_by,
                       const std::function<Response()>& make) {
  // A banner whose alert has expired leaves the cached pages at once, not at the expiry sweep
  // (which records it and tells every process later). A page rendered at the same moment from
  // the earlier banners is served but not kept: the cache discards what a clear overtook.
  auto until = banners_until_.load();
  if (core::now_us() >= until &&
      banners_until_.compare_exchange_strong(until, std::numeric_limits<core::Timestamp>::max()))
    cache_.clear();
  return cache_.serve(req, http::cache_key(req, varies_by), portal_.changes.last_change(), make);
}

PageContext Pages::context(const std::string& lang) {
  auto settings = portal_.settings.site();
  auto o = origin(settings);
  auto banners = alert_source_ ? alert_source_(lang) : std::vector<AlertBanner>{};
  for (const auto& b : banners) {
    auto until = banners_until_.load();
    while (b.expires < until && !banners_until_.compare_exchange_weak(until, b.expires)) {
    }
  }
  return {lang, std::move(o), std::move(settings), portal_.categories.list(), std::move(banners)};
}

Response Pages::render(const std::string& name, const core::Json& data, int status) {
  return Response::html(templates_.page(name, view::to_data(data), "portal/layout"), status);
}

std::optional<std::optional<Category>> Pages::category_named(const std::string& slug) {
  if (slug.empty()) return std::optional<Category>{};
  auto c = portal_.categories.by_slug(slug);
  if (!c) return std::nullopt;
  return c;
}

Response Pages::not_found(const Request& req, const std::string& lang) {
  return render("portal/not_found", not_found_model(context(lang), req.path), 404);
}

Response Pages::offline_page(const Request& req, const std::string& lang) {
  return cached(req, {}, [&] { return render("portal/offline", offline_model(context(lang))); });
}

Response Pages::home(const Request& req, const std::string& lang) {
  if (req.query_param("cursor")) return category_page(req, lang, "");
  return cached(req, {"cursor"}, [&] {
    auto c = context(lang);
    PublicQuery q;
    q.lang = lang;
    q.limit = 12;
    FrontPage f{portal_.reader.published(q), portal_.reader.most_read(lang, 7, 5), {}};
    for (const auto& cat : c.categories) {
      q.category = cat.slug;
      q.limit = 8;
      f.sections.emplace_back(cat, portal_.reader.published(q).items);
    }
    return render("portal/home", front_model(c, f));
  });
}

Response Pages::category_page(const Request& req, const std::string& lang, const std::string& cat) {
  return cached(req, {"cursor"}, [&] {
    auto named = category_named(cat);
    if (!named) return not_found(req, lang);
    const auto& category = *named;
    PublicQuery q;
    q.lang = lang;
    if (category) q.category = category->slug;
    q.cursor = req.query_param("cursor");
    q.limit = 12;
    auto page = portal_.reader.published(q);
    return render("portal/list", category_model(context(lang), category, page));
  });
}

Response Pages::tag_page(const Request& req, const std::string& lang, const std::string& tag) {
  return cached(req, {"cursor"}, [&] {
    PublicQuery q;
    q.lang = lang;
    q.tag = tag;
    q.cursor = req.query_param("cursor");
    q.limit = 12;
    auto page = portal_.reader.published(q);
    return render("portal/list", tag_model(context(lang), tag, page));
  });
}

Response Pages::article_page(const Request& req, const std::string& lang, const std::string& cat,
                             const std::string& slug) {
  return cached(req, {}, [&]() -> Response {
    auto a = portal_.reader.published_by_slug(lang, slug);
    if (!a) {
      if (auto moved = portal_.reader.moved_from(lang, slug))
        return Response::redirect(moved->path(), 301);
      return not_found(req, lang);
    }
    if (a->category_slug != cat) return Response::redirect(a->path(), 301);
    auto related = portal_.reader.related(*a);
    auto translations = portal_.reader.translations(*a);
    return render(
        "portal/article",
        article_model(context(lang), *a, portal_.categories.by_slug(cat), related, translations));
  });
}

Response Pages::search_page(const Request& req, const std::string& lang) {
  return cached(req, {"q", "category", "from", "to"}, [&] {
    auto c = context(lang);
    SearchQuery q;
    q.q = req.query_param("q").value_or("");
    if (q.q.size() > 200) q.q.resize(200);
    q.lang = lang;
    auto cat = req.query_param("category");
    if (cat && !cat->empty()) q.category = *cat;
    // Dates the reader picks are days on the site's clock.
    auto from = req.query_param("from"), to = req.query_param("to");
    if (from)
      if (auto day = core::parse_date(*from)) q.from = day_bound(*day, false, c.settings.time_zone);
    if (to)
      if (auto day = core::parse_date(*to)) q.to = day_bound(*day, true, c.settings.time_zone);
    q.limit = 20;
    std::optional<std::vector<Article>> found;
    if (!core::trim(q.q).empty()) found = portal_.reader.search(q);
    return render("portal/search", search_model(c, q, found, from.value_or(""), to.value_or("")));
  });
}

Response Pages::feed(const Request& req, const std::string& lang, const std::string& cat,
                     bool atom) {
  return cached(req, {}, [&]() -> Response {
    auto named = category_named(cat);
    if (!named) return not_found(req, lang);
    const auto& category = *named;
    PublicQuery q;
    q.lang = lang;
    if (category) q.category = cat;
    q.limit = 30;
    auto rows = portal_.reader.published(q).items;
    auto settings = portal_.settings.site();
    auto origin = this->origin(settings);
    FeedInfo f;
    f.lang = lang;
    f.site_name = settings.site_name.in(lang);
    f.title = category ? f.site_name + " — " + category->name(lang) : f.site_name;
    f.description = category ? category->description(lang) : f.site_name;
    f.page_url = origin + "/" + lang + (cat.empty() ? "" : "/" + cat);
    f.self_url = f.page_url + (atom ? "/atom.xml" : "/rss.xml");
    f.updated_when_empty = portal_.changes.last_change();
    if (atom)
      return Response::text(atom_feed(f, origin, rows), "application/atom+xml; charset=utf-8");
    return Response::text(rss_feed(f, origin, rows), "application/rss+xml; charset=utf-8");
  });
}

Response Pages::sitemap(const Request& req) {
  return cached(req, {}, [&] {
    return Response::text(
        sitemap_xml(origin(portal_.settings.site()), portal_.reader.all_published()),
        "application/xml; charset=utf-8");
  });
}

Response Pages::robots(const Request& req) {
  return cached(req, {},
                [&] { return Response::text(robots_txt(origin(portal_.settings.site()))); });
}

Response Pages::static_file(const Request& req, const std::string& name, const std::string& type) {
  return cached(req, {}, [&] {
    auto body = read_file(web_dir_ + "/static/" + name);
    if (body.empty()) return Response::text("Not found\n", "text/plain; charset=utf-8", 404);
    return Response::text(std::move(body), type);
  });
}

void Pages::mount(http::Router& router) {
  router.add(
      "GET", "/",
      [](Request& req) {
        std::string lang;
        if (auto c = req.cookie("portal_lang"); c && is_language(*c)) lang = *c;
        if (lang.empty()) lang = pick_language(req.header("Accept-Language"));
        auto r = Response::redirect("/" + lang, 302);
        r.header("Vary", "Accept-Language, Cookie");
        r.header("Cache-Control", "private, no-cache");
        return r;
      },
      http::Cost::cached);
  for (const auto& lang : languages()) {
    router.add(
        "GET", "/" + lang, [this, lang](Request& req) { return home(req, lang); },
        http::Cost::cached);
    router.add(
        "GET", "/" + lang + "/{page}",
        [this, lang](Request& req) {
          const auto& page = req.params["page"];
          if (page == "search") return search_page(req, lang);
          if (page == "offline") return offline_page(req, lang);
          if (page == "rss.xml") return feed(req, lang, "", false);
          if (page == "atom.xml") return feed(req, lang, "", true);
          return category_page(req, lang, page);
        },
        http::Cost::cached);
    router.add(
        "GET", "/" + lang + "/{category}/{slug}",
        [this, lang](Request& req) {
          const auto& cat = req.params["category"];
          const auto& slug = req.params["slug"];
          if (cat == "tag") return tag_page(req, lang, slug);
          if (slug == "rss.xml") return feed(req, lang, cat, false);
          if (slug == "atom.xml") return feed(req, lang, cat, true);
          return article_page(req, lang, cat, slug);
        },
        http::Cost::cached);
  }
  router.add(
      "GET", "/sitemap.xml", [this](Request& req) { return sitemap(req); }, http::Cost::cached);
  router.add(
      "GET", "/robots.txt", [this](Request& req) { return robots(req); }, http::Cost::cached);
  router.add(
      "GET", "/manifest.webmanifest",
      [this](Request& req) {
        return static_file(req, "portal.webmanifest", "application/manifest+json");
      },
      http::Cost::cached);
  router.add(
      "GET", "/sw.js",
      [this](Request& req) {
        auto r = static_file(req, "portal-sw.js", "text/javascript; charset=utf-8");
        r.header("Service-Worker-Allowed", "/");
        return r;
      },
      http::Cost::cached);
  for (auto [name, type] : std::vector<std::pair<std::string, std::string>>{
           {"portal.css", "text/css; charset=utf-8"},
           {"portal-print.css", "text/css; charset=utf-8"},
           {"portal.js", "text/javascript; charset=utf-8"},
           {"portal-theme.js", "text/javascript; charset=utf-8"},
           {"editor.js", "text/javascript; charset=utf-8"},
           {"portal-icon.svg", "image/svg+xml"}}) {
    std::string file = name, content_type = type;
    router.add(
        "GET", "/static/" + file,
        [this, file, content_type](Request& req) { return static_file(req, file, content_type); },
        http::Cost::cached);
  }
}

}  // namespace qorgan::portal
