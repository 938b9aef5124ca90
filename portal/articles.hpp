#pragma once
// Articles as editors see them, and their editorial workflow: editors write drafts and submit
// them for review; chief editors schedule, publish, unpublish and archive. Every edit keeps a
// revision; every write runs in one transaction with its audit entry. Publishing (by a chief
// editor or when a scheduled time comes) updates the search index in the same transaction, then
// tells Changes.
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "portal/changes.hpp"
#include "portal/model.hpp"
#include "portal/search_index.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

// The migration after which Articles::adopt_standard_slugs runs once.
inline constexpr int kStandardSlugsMigration = 47;

class Articles {
 public:
  Articles(storage::Database& db, SearchIndex& index, Changes& changes)
      : db_(db), index_(index), changes_(changes) {}

  // {"lang", "title", "category" or "category_id", "lead", "body", "author", "slug", "tags",
  // "images", "translation_of"}: a new draft.
  core::Result<Article> create(const auth::Principal& who, const auth::Actor& actor,
                               const core::Json& body);
  // The same fields but "lang", each optional; one more revision.
  core::Result<Article> update(const auth::Principal& who, const auth::Actor& actor,
                               std::int64_t id, const core::Json& body);
  // {"status": "...", "scheduled_at": RFC 3339 when scheduling}.
  core::Result<Article> transition(const auth::Principal& who, const auth::Actor& actor,
                                   std::int64_t id, const core::Json& body);
  // The statuses `who` may move an article to from `from` (for the editor's buttons).
  static std::vector<std::string> next_statuses(const std::string& from,
                                                const auth::Principal& who);
  static const std::vector<std::string>& statuses();

  core::Result<Article> get(std::int64_t id);
  std::vector<Article> list(const EditorQuery& q);
  // The other articles of `a`'s translation group, whatever their status.
  std::vector<Article> translations(const Article& a);
  // The articles a new translation may name as its original, latest changed first.
  std::vector<ArticleTitle> titles(int limit);
  core::Result<std::vector<Revision>> revisions(std::int64_t id);
  core::Result<RevisionDiff> diff(std::int64_t id, std::int64_t from, std::int64_t to);

  // Publishes every scheduled article whose time has come (at most 100 a call); returns how
  // many. The scheduler calls it; tests may too.
  int publish_due(core::Timestamp now);

  // Once, right after migration 0047: an article whose slug the old transliteration made from
  // its title gets the BGN/PCGN one (core::slugify), its old address redirecting to the new;
  // every published article is indexed again with the current search terms. Returns how many
  // slugs changed.
  core::Result<int> adopt_standard_slugs();

 private:
  void index(storage::Tx& tx, const Article& a);
  storage::Database& db_;
  SearchIndex& index_;
  Changes& changes_;
};

}  // namespace qorgan::portal
