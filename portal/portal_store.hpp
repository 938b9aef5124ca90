#pragma once
// The portal's SQL: named, parameterised statements identical on SQLite and PostgreSQL. Callers
// say what they want by name and typed arguments; no SQL text comes in from outside. (The
// full-text index's per-engine SQL is in search_index.cpp, media's in media_store.cpp.)
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "portal/model.hpp"
#include "storage/database.hpp"

namespace qorgan::portal::store {

// ---- categories ----
std::vector<Category> categories(storage::Tx& tx);
std::optional<Category> category(storage::Tx& tx, std::int64_t id);
std::optional<Category> category_by_slug(storage::Tx& tx, const std::string& slug);
std::int64_t insert_category(storage::Tx& tx, const Category& c, core::Timestamp now);
void update_category(storage::Tx& tx, const Category& c, core::Timestamp now);

// ---- articles in any status ----
std::optional<Article> article(storage::Tx& tx, std::int64_t id);
std::optional<Article> article_by_slug(storage::Tx& tx, const std::string& lang,
                                       const std::string& slug);
// In the order of `ids`, skipping ids that do not exist.
std::vector<Article> articles_by_ids(storage::Tx& tx, const std::vector<std::int64_t>& ids);
bool any_article(storage::Tx& tx);
bool slug_taken(storage::Tx& tx, const std::string& lang, const std::string& slug,
                std::int64_t except_id);
// Whether translation group `group` holds an article in `lang` other than `except_id` (0: any).
bool has_translation(storage::Tx& tx, std::int64_t group, const std::string& lang,
                     std::int64_t except_id);
// `q.limit` articles from `q.offset`, most recently changed first.
std::vector<Article> editor_page(storage::Tx& tx, const EditorQuery& q);
// Scheduled articles whose time is at or before `now`, earliest first.
std::vector<Article> due_for_publication(storage::Tx& tx, core::Timestamp now, int limit);

std::int64_t insert_article(storage::Tx& tx, const Article& a);
void update_article(storage::Tx& tx, const Article& a);
void set_tags(storage::Tx& tx, std::int64_t id, const std::vector<std::string>& tags);
void insert_revision(storage::Tx& tx, const Article& a, const std::string& login,
                     core::Timestamp at);
std::vector<Revision> revisions(storage::Tx& tx, std::int64_t id);
// Moves an article's publication (and its search entry) to `at` and sets its views: for demo
// content spread over past weeks.
void backdate_article(storage::Tx& tx, std::int64_t id, core::Timestamp at, std::int64_t views);

// ---- old addresses (portal_slug_redirects) ----
// Records that `old_slug` in `lang` now means article `id` (replacing an earlier claim on it).
void add_slug_redirect(storage::Tx& tx, const std::string& lang, const std::string& old_slug,
                       std::int64_t id);
// The article an old slug now means, if any.
std::optional<std::int64_t> slug_redirect(storage::Tx& tx, const std::string& lang,
                                          const std::string& old_slug);
// Every article (id, lang, slug, title), for a change of the slug rule.
struct SlugRow {
  std::int64_t id = 0;
  std::string lang, slug, title;
};
std::vector<SlugRow> slug_rows(storage::Tx& tx);
void set_slug(storage::Tx& tx, std::int64_t id, const std::string& slug);

// ---- published articles ----
// The published articles after the position (published_at, id) of `after`, newest first; the
// filters are exact (category by slug, tag folded). Fetches `limit` rows.
struct PublishedFilter {
  std::optional<std::string> lang, category, tag;
  std::optional<std::pair<core::Timestamp, std::int64_t>> after;
  int limit = 20;
};
std::vector<Article> published_page(storage::Tx& tx, const PublishedFilter& f);
// The other published articles of translation group `group`, by language.
// Every other article of the translation group, whatever its status, by language.
std::vector<Article> group_members(storage::Tx& tx, std::int64_t group, std::int64_t except_id);
// The latest changed articles that are not archived, by title (at most `limit`).
std::vector<ArticleTitle> article_titles(storage::Tx& tx, int limit);
std::vector<Article> translations_of(storage::Tx& tx, std::int64_t group, std::int64_t except_id);
// Published articles in `a`'s language sharing its category or a tag: those sharing most tags
// first, then the newest.
std::vector<Article> related_to(storage::Tx& tx, const Article& a, int limit);
std::vector<Article> all_published(storage::Tx& tx, int limit);
// Adds `n` views to a published article.
// `day` is the UTC date ("2026-12-05") the views are counted on.
void add_views(storage::Tx& tx, std::int64_t id, std::int64_t n, const std::string& day);
// Published articles in `lang` read on `since_day` or later (UTC dates), the most read first;
// their `views` are the views since that day, not the running total.
std::vector<Article> most_read(storage::Tx& tx, const std::string& lang,
                               const std::string& since_day, int limit);

// ---- site settings: JSON values by key ----
std::vector<std::pair<std::string, std::string>> settings_rows(storage::Tx& tx);
void put_setting(storage::Tx& tx, const std::string& key, const std::string& json_value,
                 core::Timestamp now);

}  // namespace qorgan::portal::store
