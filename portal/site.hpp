#pragma once
// The portal as the public sees it: server-rendered pages in kk/ru/en, feeds, sitemap, robots,
// the manifest and service worker, media, and the JSON content API; plus the editors' API. Owns
// the Portal service, the view counter and an in-process page cache that is cleared whenever
// public content changes (publish, unpublish, scheduled publication, settings).
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/guard.hpp"
#include "view/templates.hpp"
#include "http/router.hpp"
#include "portal/portal.hpp"
#include "portal/views.hpp"

namespace qorgan::portal {

class Site {
 public:
  // `web_dir` holds templates/portal/*.mustache and static/portal*.
  static core::Result<std::unique_ptr<Site>> create(storage::Database& db,
                                                    const std::string& web_dir);

  Portal& portal() { return *portal_; }
  ViewCounter& views() { return *views_; }
  // Starts the scheduler and the view flusher (only `serve` calls this).
  void start();
  // Flushes pending views and stops the background threads (also done by the destructor).
  void stop();

  void mount(http::Router& router, const auth::Guard& guard);
  // The web editor under /editor (server-rendered forms; sign-in through /console/login).
  void mount_editor(http::Router& router, const auth::Guard& guard);

  // Pages (public for tests of rendering).
  http::Response home(http::Request& req, const std::string& lang);
  http::Response category_page(http::Request& req, const std::string& lang, const std::string& cat);
  http::Response article_page(http::Request& req, const std::string& lang, const std::string& cat,
                              const std::string& slug);
  http::Response search_page(http::Request& req, const std::string& lang);
  http::Response tag_page(http::Request& req, const std::string& lang, const std::string& tag);
  http::Response feed(http::Request& req, const std::string& lang, const std::string& cat,
                      bool atom);
  http::Response sitemap(http::Request& req);
  http::Response not_found(http::Request& req, const std::string& lang);

  Site(storage::Database& db, view::Templates templates, std::string web_dir);
  ~Site();

 private:
  struct Cached {
    std::string body, gz, etag, content_type, last_modified;
    int status = 200;
    std::int64_t at = 0;
  };
  // Serves from the cache or renders with `make`, then applies ETag/304, gzip, Cache-Control.
  http::Response cached(http::Request& req, const std::function<http::Response()>& make);
  http::Response finish(http::Request& req, const Cached& c);
  void clear_cache();
  core::Json base(http::Request& req, const std::string& lang, const std::string& path);
  std::string origin(const http::Request& req);
  http::Response static_file(http::Request& req, const std::string& name, const std::string& type);

  std::string web_dir_;
  view::Templates templates_;
  std::unique_ptr<Portal> portal_;
  std::unique_ptr<ViewCounter> views_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, std::shared_ptr<const Cached>> cache_;
};

}  // namespace qorgan::portal
