#pragma once
// The portal's service: categories, articles and their editorial workflow, revisions, site
// settings, the public read model and search. Every write runs in one transaction with its audit
// entry; publishing (by a chief editor or by the scheduler) updates the search index in the same
// transaction and then tells listeners (the page cache) that public content changed.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "portal/model.hpp"
#include "portal/search_index.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

class Portal {
 public:
  explicit Portal(storage::Database& db);
  ~Portal();
  Portal(const Portal&) = delete;
  Portal& operator=(const Portal&) = delete;

  // Categories (editors configure them).
  std::vector<Category> categories();
  std::optional<Category> category_by_slug(const std::string& slug);
  core::Result<Category> create_category(const auth::Principal& who, const auth::Actor& actor,
                                         const core::Json& body);
  core::Result<Category> update_category(const auth::Principal& who, const auth::Actor& actor,
                                         std::int64_t id, const core::Json& body);

  // Articles as editors see them.
  core::Result<Article> create_article(const auth::Principal& who, const auth::Actor& actor,
                                       const core::Json& body);
  core::Result<Article> update_article(const auth::Principal& who, const auth::Actor& actor,
                                       std::int64_t id, const core::Json& body);
  // {"status": "...", "scheduled_at": RFC 3339 when scheduling}.
  core::Result<Article> transition(const auth::Principal& who, const auth::Actor& actor,
                                   std::int64_t id, const core::Json& body);
  // The statuses `who` may move an article to from `from` (for the editor's buttons).
  static std::vector<std::string> next_statuses(const std::string& from,
                                                const auth::Principal& who);
  static bool may_publish(const auth::Principal& who);
  core::Result<Article> get_article(std::int64_t id);
  core::Json editor_list(const std::optional<std::string>& status,
                         const std::optional<std::string>& lang, int limit, int offset);
  core::Result<core::Json> revisions(std::int64_t id);
  core::Result<core::Json> diff(std::int64_t id, std::int64_t from, std::int64_t to);

  // Public read model: published articles only.
  core::Result<core::Json> public_list(const PublicQuery& q);
  std::vector<Article> published(const PublicQuery& q, std::optional<std::string>* next_cursor);
  std::optional<Article> published_by_id(std::int64_t id);
  std::optional<Article> published_by_slug(const std::string& lang, const std::string& slug);
  // Published translations of the same article, by language.
  std::vector<Article> translations(const Article& a);
  std::vector<Article> related(const Article& a, int limit = 4);
  std::vector<Article> search(const SearchQuery& q);
  // Every published article (for the sitemap): id, lang, slug, category, group, dates.
  std::vector<Article> all_published();
  core::Timestamp last_change() const { return last_change_.load(); }

  // Site settings: social links, app links, promo slots, footer texts, base URL.
  core::Json settings();
  core::Result<core::Json> update_settings(const auth::Principal& who, const auth::Actor& actor,
                                           const core::Json& body);

  // Publishes every scheduled article whose time has come; returns how many. The scheduler
  // thread calls it; tests and the CLI may too.
  int publish_due(core::Timestamp now);
  // Starts the scheduler thread (idempotent); the destructor stops it.
  void start();
  void stop();
  // Called (outside any transaction) after public content changed.
  void on_change(std::function<void()> listener);

  // Views counted by the view counter, added in one transaction.
  void add_views(const std::vector<std::pair<std::int64_t, std::int64_t>>& counts);

  storage::Database& db() { return db_; }

 private:
  void changed();
  void index(storage::Tx& tx, const Article& a);
  storage::Database& db_;
  std::unique_ptr<SearchIndex> index_;
  std::vector<std::function<void()>> listeners_;
  std::mutex listeners_mu_;
  std::atomic<core::Timestamp> last_change_{0};
  std::thread scheduler_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace qorgan::portal
