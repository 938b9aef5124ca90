#pragma once
// The portal as readers see it: server-rendered pages in kk/ru/en, RSS/Atom feeds, the sitemap,
// robots.txt, the web app manifest, the service worker and the static files. Every answer goes
// through one page cache (ETag/304, gzip), cleared whenever public content changes.
#include <atomic>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/page_cache.hpp"
#include "http/router.hpp"
#include "portal/page_models.hpp"
#include "portal/portal.hpp"
#include "view/templates.hpp"

namespace qorgan::portal {

class Pages {
 public:
  // `web_dir` holds templates/portal/*.mustache and static/portal*. Without templates (an
  // operator command run away from the checkout) the APIs still work; pages then say which
  // template is missing.
  static std::unique_ptr<Pages> load(Portal& portal, const std::string& web_dir);
  Pages(Portal& portal, view::Templates templates, std::string web_dir);

  // Where the site is reached ("https://portal.example.kz"): absolute URLs (feeds, sitemap,
  // canonical, og:url) come from the editors' base_url setting, or else from this, which the
  // server sets from its configuration; never from a request's Host header, which anyone sends.
  void set_origin(std::string origin);
  // The active public alerts every page shows as banners, in a language. Read when a page is
  // rendered, so a cached page keeps its banners: whoever changes the alerts must tell the
  // portal's Changes (which purges the page cache here and in the other server processes).
  // Expiry needs no telling: no cached page outlives the earliest expiry of the banners it
  // shows (see cached()).
  using AlertSource = std::function<std::vector<AlertBanner>(const std::string& lang)>;
  void set_alert_source(AlertSource source) { alert_source_ = std::move(source); }

  // The pages and machine files; their paths are literal language prefixes (/kk, /ru, /en), "/"
  // and a few files, so they never shadow /api or /console.
  void mount(http::Router& router);
  // The web editor renders with the same templates.
  const view::Templates& templates() const { return templates_; }

 private:
  http::Response home(const http::Request& req, const std::string& lang);
  http::Response category_page(const http::Request& req, const std::string& lang,
                               const std::string& cat);
  http::Response tag_page(const http::Request& req, const std::string& lang,
                          const std::string& tag);
  http::Response article_page(const http::Request& req, const std::string& lang,
                              const std::string& cat, const std::string& slug);
  http::Response search_page(const http::Request& req, const std::string& lang);
  http::Response feed(const http::Request& req, const std::string& lang, const std::string& cat,
                      bool atom);
  http::Response sitemap(const http::Request& req);
  http::Response robots(const http::Request& req);
  http::Response static_file(const http::Request& req, const std::string& name,
                             const std::string& type);
  http::Response not_found(const http::Request& req, const std::string& lang);
  // What the service worker shows for a page it has not saved when there is no network.
  http::Response offline_page(const http::Request& req, const std::string& lang);

  // The category a path names: none for "", nullopt for a slug no category has.
  std::optional<std::optional<Category>> category_named(const std::string& slug);
  // The cached answer under the request's path and the query parameters `varies_by`.
  http::Response cached(const http::Request& req, std::initializer_list<std::string_view> varies_by,
                        const std::function<http::Response()>& make);
  std::string origin(const SiteSettings& settings) const;
  PageContext context(const std::string& lang);
  http::Response render(const std::string& name, const core::Json& data, int status = 200);

  Portal& portal_;
  view::Templates templates_;
  std::string web_dir_;
  mutable std::mutex origin_mu_;
  std::string origin_ = "http://localhost";
  http::PageCache cache_;
  AlertSource alert_source_;
  // The earliest expiry among the banners of the pages rendered since the cache was last
  // emptied for an expiry: once it has come, the cache is emptied before the next answer.
  std::atomic<core::Timestamp> banners_until_{std::numeric_limits<core::Timestamp>::max()};
  Changes::Subscription clear_on_change_;  // last: unsubscribes before the cache goes
};

}  // namespace qorgan::portal
