#pragma once
// The public read model: what readers, feeds and apps see. Only published articles; lists are
// newest first and continue after a cursor "<published_at>.<id>" of the last article served.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/paging.hpp"
#include "core/time.hpp"
#include "portal/model.hpp"
#include "portal/search_index.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

// The bounds of a search's date filter, a calendar day in the site's time zone `tz` (IANA): its
// first second when `end` is false, its last second when true. nullopt for an unknown zone.
std::optional<core::Timestamp> day_bound(const core::Date& day, bool end, std::string_view tz);

class Reader {
 public:
  Reader(storage::Database& db, SearchIndex& index) : db_(db), index_(index) {}

  // A cursor that is not one this list gave is an `invalid` error naming "cursor".
  core::Result<core::Page<Article>> public_list(const PublicQuery& q);
  // The same, for pages: a cursor that does not parse starts from the newest.
  core::Page<Article> published(const PublicQuery& q);
  std::optional<Article> published_by_id(std::int64_t id);
  // Published articles in `lang` most read over the last `days` days (UTC), at most `limit`.
  std::vector<Article> most_read(const std::string& lang, int days, int limit);
  std::optional<Article> published_by_slug(const std::string& lang, const std::string& slug);
  // The published article that an old address (a slug it had before) now means.
  std::optional<Article> moved_from(const std::string& lang, const std::string& old_slug);
  // Published translations of the same article, by language.
  std::vector<Article> translations(const Article& a);
  // Same language; articles sharing tags first, then the newest of the same category.
  std::vector<Article> related(const Article& a, int limit = 4);
  // Best match first; an unknown category finds nothing.
  std::vector<Article> search(const SearchQuery& q);
  // Every published article (for the sitemap), newest first.
  std::vector<Article> all_published();

 private:
  storage::Database& db_;
  SearchIndex& index_;
};

}  // namespace qorgan::portal
