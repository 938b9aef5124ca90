#include "portal/site.hpp"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "portal/i18n.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

using core::Json;
using http::Request;
using http::Response;

namespace {

constexpr std::int64_t kCacheTtlUs = 30'000'000;  // view counts on cached pages lag at most this

std::string gzip(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = uInt(in.size());
  std::string out(deflateBound(&zs, uLong(in.size())), '\0');
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = uInt(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string http_date(core::Timestamp t) {
  auto s = format_rfc822(t);  // "Sat, 07 Jun 2025 11:54:00 +0000"
  return s.substr(0, s.size() - 5) + "GMT";
}

bool accepts_gzip(const Request& req) {
  return req.header("Accept-Encoding").find("gzip") != std::string_view::npos;
}

// JSON for a <script type="application/ld+json"> block: no "<", ">" or "&" can close it.
std::string script_json(const Json& j) {
  std::string s = j.dump(), out;
  for (char c : s) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Json& social_labels() {
  static const Json l{
      {"telegram", "Telegram"},      {"youtube", "YouTube"},   {"x", "X"},
      {"instagram", "Instagram"},    {"facebook", "Facebook"}, {"app_store", "App Store"},
      {"google_play", "Google Play"}};
  return l;
}

std::string localized(const Json& obj, const std::string& lang) {
  if (obj.is_object() && obj.contains(lang) && obj[lang].is_string()) return obj[lang];
  if (obj.is_string()) return obj;
  return {};
}

}  // namespace

core::Result<std::unique_ptr<Site>> Site::create(storage::Database& db,
                                                 const std::string& web_dir) {
  // Without templates (an operator command run away from the checkout) the portal still serves its
  // APIs; pages then say which template is missing.
  auto t = view::Templates::load(web_dir + "/templates");
  return std::make_unique<Site>(db, t ? std::move(*t) : view::Templates{}, web_dir);
}

Site::Site(storage::Database& db, view::Templates templates, std::string web_dir)
    : web_dir_(std::move(web_dir)),
      templates_(std::move(templates)),
      portal_(std::make_unique<Portal>(db)),
      views_(std::make_unique<ViewCounter>(*portal_)) {
  portal_->on_change([this] { clear_cache(); });
}

Site::~Site() {
  stop();
}

void Site::start() {
  portal_->start();
  views_->start();
}

void Site::stop() {
  if (views_) views_->stop();
  if (portal_) portal_->stop();
}

void Site::clear_cache() {
  std::lock_guard lock(cache_mu_);
  cache_.clear();
}

std::string Site::origin(const Request& req) {
  auto s = portal_->settings();
  std::string base = s.value("base_url", std::string());
  if (!base.empty()) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
  }
  std::string host(req.header("Host"));
  if (host.empty()) host = "localhost";
  return std::string(req.tls ? "https://" : "http://") + host;
}

Response Site::finish(Request& req, const Cached& c) {
  Response r;
  r.status = c.status;
  r.header("Content-Type", c.content_type);
  r.header("ETag", c.etag);
  r.header("Last-Modified", c.last_modified);
  r.header("Cache-Control",
           c.status == 200 ? "public, max-age=30, stale-while-revalidate=60" : "no-cache");
  r.header("Vary", "Accept-Encoding");
  if (c.status == 200) {
    auto inm = req.header("If-None-Match");
    bool match = !inm.empty()
                     ? (inm == c.etag || inm.find(c.etag) != std::string_view::npos || inm == "*")
                     : req.header("If-Modified-Since") == c.last_modified;
    if (match) {
      r.status = 304;
      return r;
    }
  }
  if (!c.gz.empty() && accepts_gzip(req)) {
    r.header("Content-Encoding", "gzip");
    r.body = c.gz;
  } else {
    r.body = c.body;
  }
  return r;
}

Response Site::cached(Request& req, const std::function<Response()>& make) {
  std::string key = req.target;
  auto now = core::now_us();
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && now - it->second->at < kCacheTtlUs) return finish(req, *it->second);
  }
  Response fresh = make();
  if (fresh.status != 200 && fresh.status != 404) return fresh;
  auto c = std::make_shared<Cached>();
  c->status = fresh.status;
  c->body = std::move(fresh.body);
  c->content_type = std::string(fresh.get_header("Content-Type"));
  c->etag = "\"" + core::sha256_hex(c->body).substr(0, 20) + "\"";
  c->last_modified = http_date(portal_->last_change());
  if (c->body.size() > 512) c->gz = gzip(c->body);
  c->at = now;
  if (c->status == 200) {
    std::lock_guard lock(cache_mu_);
    if (cache_.size() > 5000) cache_.clear();
    cache_[key] = c;
  }
  return finish(req, *c);
}

Json Site::base(Request& req, const std::string& lang, const std::string& path) {
  auto settings = portal_->settings();
  std::string org = origin(req);
  Json d;
  d["lang"] = lang;
  d["t"] = ui_strings(lang);
  d["site_name"] = localized(settings["site_name"], lang);
  d["home_url"] = "/" + lang;
  d["search_url"] = "/" + lang + "/search";
  d["canonical"] = org + path;
  d["origin"] = org;
  d["rss_url"] = "/" + lang + "/rss.xml";
  d["atom_url"] = "/" + lang + "/atom.xml";
  Json nav = Json::array();
  for (const auto& c : portal_->categories())
    nav.push_back({{"slug", c.slug},
                   {"name", c.name(lang)},
                   {"url", "/" + lang + "/" + c.slug},
                   {"current", path.starts_with("/" + lang + "/" + c.slug)}});
  d["nav"] = nav;
  Json langs = Json::array();
  for (const auto& l : languages())
    langs.push_back({{"code", l},
                     {"label", ui_strings(l)["language_name"]},
                     {"url", "/" + l},
                     {"current", l == lang}});
  d["languages"] = langs;
  d["alternates"] = Json::array();
  Json social = Json::array();
  for (const auto& s : settings["social"])
    social.push_back({{"network", s["network"]},
                      {"label", social_labels().value(s["network"].get<std::string>(), "")},
                      {"url", s["url"]}});
  d["social"] = social;
  d["has_social"] = !social.empty();
  Json apps = Json::array();
  for (const auto& s : settings["apps"])
    apps.push_back({{"store", s["store"]},
                    {"label", social_labels().value(s["store"].get<std::string>(), "")},
                    {"url", s["url"]}});
  d["apps"] = apps;
  d["has_apps"] = !apps.empty();
  Json promos = Json::array();
  for (const auto& p : settings["promos"])
    promos.push_back({{"title", localized(p["title"], lang)},
                      {"text", localized(p.value("text", Json()), lang)},
                      {"url", p["url"]}});
  d["promos"] = promos;
  d["has_promos"] = !promos.empty();
  d["copyright"] = localized(settings["copyright"], lang);
  d["reuse_notice"] = localized(settings["reuse_notice"], lang);
  d["year"] = core::format_rfc3339(core::now_us()).substr(0, 4);
  d["og_type"] = "website";
  d["tz"] = settings.value("time_zone", std::string("Asia/Almaty"));
  return d;
}

namespace {

Json card(const Article& a, const std::vector<Category>& cats, const std::string& lang,
          const std::string& tz) {
  Json j{{"url", a.path()}, {"title", a.title}, {"lead", a.lead}, {"id", a.id}};
  if (a.published_at) {
    j["date"] = format_local(*a.published_at, lang, tz);
    j["date_iso"] = format_iso_local(*a.published_at, tz);
  }
  for (const auto& c : cats)
    if (c.id == a.category_id) {
      j["category_name"] = c.name(lang);
      j["category_url"] = "/" + lang + "/" + c.slug;
    }
  if (!a.images.empty()) j["image"] = {{"src", a.images[0]["src"]}, {"alt", a.images[0]["alt"]}};
  return j;
}

}  // namespace

Response Site::home(Request& req, const std::string& lang) {
  return category_page(req, lang, "");
}

Response Site::category_page(Request& req, const std::string& lang, const std::string& cat) {
  return cached(req, [&] {
    std::optional<Category> category;
    if (!cat.empty()) {
      category = portal_->category_by_slug(cat);
      if (!category) return not_found(req, lang);
    }
    PublicQuery q;
    q.lang = lang;
    if (category) q.category = category->slug;
    q.cursor = req.query_param("cursor");
    q.limit = 12;
    std::optional<std::string> next;
    auto rows = portal_->published(q, &next);
    auto cats = portal_->categories();
    std::string path = "/" + lang + (cat.empty() ? "" : "/" + cat);
    Json d = base(req, lang, path);
    Json items = Json::array();
    for (const auto& a : rows) items.push_back(card(a, cats, lang, d["tz"].get<std::string>()));
    d["items"] = items;
    d["empty"] = items.empty();
    d["heading"] = category ? category->name(lang) : d["t"]["latest"].get<std::string>();
    d["description"] = category ? category->description(lang) : "";
    d["title"] = (category ? category->name(lang) + " — " : "") + d["site_name"].get<std::string>();
    d["meta_description"] =
        category ? category->description(lang) : d["t"]["latest"].get<std::string>();
    if (category) {
      d["rss_url"] = path + "/rss.xml";
      d["atom_url"] = path + "/atom.xml";
    }
    if (next) {
      d["more_url"] = path + "?cursor=" + http::url_encode(*next);
      d["more_api"] = "/api/v1/articles?lang=" + lang +
                      (category ? "&category=" + category->slug : "") +
                      "&limit=12&cursor=" + http::url_encode(*next);
    }
    for (const auto& l : languages())
      d["alternates"].push_back(
          {{"lang", l},
           {"url", d["origin"].get<std::string>() + "/" + l + (cat.empty() ? "" : "/" + cat)}});
    for (auto& l : d["languages"])
      l["url"] = "/" + l["code"].get<std::string>() + (cat.empty() ? "" : "/" + cat);
    Response r =
        Response::html(templates_.page("portal/list", view::to_data(d), "portal/layout"));
    return r;
  });
}

Response Site::tag_page(Request& req, const std::string& lang, const std::string& tag) {
  return cached(req, [&] {
    PublicQuery q;
    q.lang = lang;
    q.tag = tag;
    q.cursor = req.query_param("cursor");
    q.limit = 12;
    std::optional<std::string> next;
    auto rows = portal_->published(q, &next);
    auto cats = portal_->categories();
    std::string path = "/" + lang + "/tag/" + http::url_encode(tag);
    Json d = base(req, lang, path);
    Json items = Json::array();
    for (const auto& a : rows) items.push_back(card(a, cats, lang, d["tz"].get<std::string>()));
    d["items"] = items;
    d["empty"] = items.empty();
    d["heading"] = "#" + tag;
    d["title"] = "#" + tag + " — " + d["site_name"].get<std::string>();
    if (next) {
      d["more_url"] = path + "?cursor=" + http::url_encode(*next);
      d["more_api"] = "/api/v1/articles?lang=" + lang + "&tag=" + http::url_encode(tag) +
                      "&limit=12&cursor=" + http::url_encode(*next);
    }
    return Response::html(templates_.page("portal/list", view::to_data(d), "portal/layout"));
  });
}

Response Site::article_page(Request& req, const std::string& lang, const std::string& cat,
                            const std::string& slug) {
  return cached(req, [&]() -> Response {
    auto a = portal_->published_by_slug(lang, slug);
    if (!a) return not_found(req, lang);
    if (a->category_slug != cat) return Response::redirect(a->path(), 301);
    auto cats = portal_->categories();
    auto category = portal_->category_by_slug(cat);
    Json d = base(req, lang, a->path());
    d["article"] = {{"id", a->id},
                    {"title", a->title},
                    {"lead", a->lead},
                    {"author", a->author},
                    {"body_html", render_markdown(a->body)},
                    {"views", views_label(a->views, lang)},
                    {"url", a->path()}};
    if (a->published_at) {
      d["article"]["date"] = format_local(*a->published_at, lang, d["tz"].get<std::string>());
      d["article"]["date_iso"] = format_iso_local(*a->published_at, d["tz"].get<std::string>());
    }
    if (category) {
      d["category"] = {{"name", category->name(lang)},
                       {"description", category->description(lang)},
                       {"url", "/" + lang + "/" + category->slug}};
    }
    Json images = Json::array();
    for (const auto& img : a->images) images.push_back(img);
    d["article"]["images"] = images;
    Json tags = Json::array();
    for (const auto& t : a->tags)
      tags.push_back({{"name", t}, {"url", "/" + lang + "/tag/" + http::url_encode(t)}});
    d["article"]["tags"] = tags;
    d["article"]["has_tags"] = !tags.empty();
    Json related = Json::array();
    for (const auto& r : portal_->related(*a))
      related.push_back(card(r, cats, lang, d["tz"].get<std::string>()));
    d["related"] = related;
    d["has_related"] = !related.empty();
    // Language switch: the translation when there is one, else that language's home.
    auto translations = portal_->translations(*a);
    std::string org = d["origin"];
    d["alternates"].push_back({{"lang", lang}, {"url", org + a->path()}});
    Json also = Json::array();
    for (auto& l : d["languages"]) {
      std::string code = l["code"];
      for (const auto& t : translations)
        if (t.lang == code) {
          l["url"] = t.path();
          l["translation"] = true;
          d["alternates"].push_back({{"lang", code}, {"url", org + t.path()}});
          also.push_back(
              {{"label", ui_strings(code)["language_name"]}, {"url", t.path()}, {"lang", code}});
        }
      if (code == lang) l["url"] = a->path();
    }
    d["also"] = also;
    d["has_also"] = !also.empty();
    std::string url = org + a->path();
    std::string enc = http::url_encode(url), title_enc = http::url_encode(a->title);
    d["share"] = {{"telegram", "https://t.me/share/url?url=" + enc + "&text=" + title_enc},
                  {"whatsapp", "https://wa.me/?text=" + title_enc + "%20" + enc},
                  {"x", "https://x.com/intent/post?url=" + enc + "&text=" + title_enc},
                  {"facebook", "https://www.facebook.com/sharer/sharer.php?u=" + enc},
                  {"email", "mailto:?subject=" + title_enc + "&body=" + enc},
                  {"url", url}};
    d["title"] = a->title + " — " + d["site_name"].get<std::string>();
    d["meta_description"] = a->lead;
    d["og_type"] = "article";
    d["og_title"] = a->title;
    if (!a->images.empty()) {
      std::string src = a->images[0]["src"];
      d["og_image"] = src.starts_with("/") ? org + src : src;
    }
    Json ld{{"@context", "https://schema.org"},
            {"@type", "NewsArticle"},
            {"headline", a->title},
            {"description", a->lead},
            {"inLanguage", lang},
            {"mainEntityOfPage", url},
            {"author", {{"@type", "Person"}, {"name", a->author}}},
            {"publisher", {{"@type", "Organization"}, {"name", d["site_name"]}}}};
    if (a->published_at)
      ld["datePublished"] = format_iso_local(*a->published_at, d["tz"].get<std::string>());
    ld["dateModified"] = format_iso_local(a->updated_at, d["tz"].get<std::string>());
    if (d.contains("og_image")) ld["image"] = Json::array({d["og_image"]});
    d["jsonld"] = script_json(ld);
    return Response::html(templates_.page("portal/article", view::to_data(d), "portal/layout"));
  });
}

Response Site::search_page(Request& req, const std::string& lang) {
  return cached(req, [&] {
    Json d = base(req, lang, "/" + lang + "/search");
    SearchQuery q;
    q.q = req.query_param("q").value_or("");
    if (q.q.size() > 200) q.q.resize(200);
    q.lang = lang;
    auto cat = req.query_param("category");
    if (cat && !cat->empty()) q.category = *cat;
    auto from = req.query_param("from"), to = req.query_param("to");
    if (from)
      if (auto dt = core::parse_date(*from))
        q.from = core::parse_rfc3339(core::format_date(*dt) + "T00:00:00+05:00");
    if (to)
      if (auto dt = core::parse_date(*to))
        q.to = core::parse_rfc3339(core::format_date(*dt) + "T23:59:59+05:00");
    q.limit = 20;
    auto cats = portal_->categories();
    Json items = Json::array();
    if (!core::trim(q.q).empty()) {
      for (const auto& a : portal_->search(q)) {
        Json c = card(a, cats, lang, d["tz"].get<std::string>());
        c["snippet"] = highlight_snippet(a.lead + "\n" + plain_text(a.body), q.q);
        c["title_html"] = highlight_snippet(a.title, q.q, 400);
        items.push_back(c);
      }
      d["searched"] = true;
    }
    Json options = Json::array();
    for (const auto& c : cats)
      options.push_back({{"slug", c.slug},
                         {"name", c.name(lang)},
                         {"selected", q.category && *q.category == c.slug}});
    d["category_options"] = options;
    d["q"] = q.q;
    d["from"] = from.value_or("");
    d["to"] = to.value_or("");
    d["items"] = items;
    d["empty"] = items.empty();
    d["title"] = d["t"]["search"].get<std::string>() + " — " + d["site_name"].get<std::string>();
    d["noindex"] = true;
    for (auto& l : d["languages"])
      l["url"] = "/" + l["code"].get<std::string>() + "/search?q=" + http::url_encode(q.q);
    return Response::html(templates_.page("portal/search", view::to_data(d), "portal/layout"));
  });
}

Response Site::not_found(Request& req, const std::string& lang) {
  Json d = base(req, lang, req.path);
  d["title"] = d["t"]["not_found"];
  d["noindex"] = true;
  return Response::html(templates_.page("portal/not_found", view::to_data(d), "portal/layout"),
                        404);
}

Response Site::feed(Request& req, const std::string& lang, const std::string& cat, bool atom) {
  return cached(req, [&]() -> Response {
    std::optional<Category> category;
    if (!cat.empty()) {
      category = portal_->category_by_slug(cat);
      if (!category) return not_found(req, lang);
    }
    PublicQuery q;
    q.lang = lang;
    if (category) q.category = cat;
    q.limit = 30;
    auto rows = portal_->published(q, nullptr);
    auto settings = portal_->settings();
    std::string org = origin(req);
    std::string site = localized(settings["site_name"], lang);
    std::string title = category ? site + " — " + category->name(lang) : site;
    std::string page = org + "/" + lang + (cat.empty() ? "" : "/" + cat);
    std::string self = page + (atom ? "/atom.xml" : "/rss.xml");
    std::string x;
    x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    if (atom) {
      x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" + lang + "\">\n";
      x += "<title>" + xml_escape(title) + "</title>\n<id>" + xml_escape(self) + "</id>\n";
      x += "<link rel=\"self\" href=\"" + xml_escape(self) + "\"/>\n<link href=\"" +
           xml_escape(page) + "\"/>\n";
      x +=
          "<updated>" +
          core::format_rfc3339(rows.empty() ? portal_->last_change() : *rows.front().published_at) +
          "</updated>\n";
      for (const auto& a : rows) {
        std::string u = org + a.path();
        x +=
            "<entry>\n<title>" + xml_escape(a.title) + "</title>\n<id>" + xml_escape(u) + "</id>\n";
        x += "<link href=\"" + xml_escape(u) + "\"/>\n<published>" +
             core::format_rfc3339(*a.published_at) + "</published>\n<updated>" +
             core::format_rfc3339(std::max(a.updated_at, *a.published_at)) + "</updated>\n";
        x += "<author><name>" + xml_escape(a.author.empty() ? site : a.author) +
             "</name></author>\n";
        x += "<summary>" + xml_escape(a.lead) + "</summary>\n";
        x += "<content type=\"html\">" + xml_escape(render_markdown(a.body)) +
             "</content>\n</entry>\n";
      }
      x += "</feed>\n";
      return Response::text(std::move(x), "application/atom+xml; charset=utf-8");
    }
    x += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n";
    x += "<title>" + xml_escape(title) + "</title>\n<link>" + xml_escape(page) + "</link>\n";
    x += "<description>" + xml_escape(category ? category->description(lang) : site) +
         "</description>\n";
    x += "<language>" + lang + "</language>\n";
    x += "<atom:link href=\"" + xml_escape(self) +
         "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
    for (const auto& a : rows) {
      std::string u = org + a.path();
      x += "<item>\n<title>" + xml_escape(a.title) + "</title>\n<link>" + xml_escape(u) +
           "</link>\n";
      x += "<guid isPermaLink=\"true\">" + xml_escape(u) + "</guid>\n";
      x += "<pubDate>" + format_rfc822(*a.published_at) + "</pubDate>\n";
      x += "<category>" + xml_escape(a.category_slug) + "</category>\n";
      x += "<description>" + xml_escape(a.lead) + "</description>\n</item>\n";
    }
    x += "</channel>\n</rss>\n";
    return Response::text(std::move(x), "application/rss+xml; charset=utf-8");
  });
}

Response Site::sitemap(Request& req) {
  return cached(req, [&] {
    std::string org = origin(req);
    auto all = portal_->all_published();
    std::map<std::int64_t, std::vector<const Article*>> groups;
    for (const auto& a : all) groups[a.translation_group].push_back(&a);
    std::string x =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
        "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
    for (const auto& l : languages()) {
      x += "<url><loc>" + xml_escape(org + "/" + l) + "</loc>";
      for (const auto& o : languages())
        x += "<xhtml:link rel=\"alternate\" hreflang=\"" + o + "\" href=\"" +
             xml_escape(org + "/" + o) + "\"/>";
      x += "</url>\n";
    }
    for (const auto& a : all) {
      x += "<url><loc>" + xml_escape(org + a.path()) + "</loc><lastmod>" +
           core::format_rfc3339(std::max(a.updated_at, *a.published_at)) + "</lastmod>";
      const auto& g = groups[a.translation_group];
      if (g.size() > 1)
        for (const auto* t : g)
          x += "<xhtml:link rel=\"alternate\" hreflang=\"" + t->lang + "\" href=\"" +
               xml_escape(org + t->path()) + "\"/>";
      x += "</url>\n";
    }
    x += "</urlset>\n";
    return Response::text(std::move(x), "application/xml; charset=utf-8");
  });
}

Response Site::static_file(Request& req, const std::string& name, const std::string& type) {
  return cached(req, [&] {
    auto body = read_file(web_dir_ + "/static/" + name);
    if (body.empty()) return Response::text("Not found\n", "text/plain; charset=utf-8", 404);
    return Response::text(std::move(body), type);
  });
}

}  // namespace qorgan::portal
