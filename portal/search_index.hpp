#pragma once
// Full-text search over published articles, one implementation per engine behind one interface:
// SQLite FTS5 and a PostgreSQL tsvector GIN index. Both index the same pre-stemmed terms
// (portal/text.hpp index_terms), so stemming and Kazakh normalisation behave identically.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

struct SearchDoc {
  std::int64_t article_id = 0;
  std::string lang;
  std::int64_t category_id = 0;
  core::Timestamp published_at = 0;
  std::string text;  // title, lead, body, tags: plain text, stemmed on the way in
};

struct SearchFilter {
  std::optional<std::string> lang;
  std::optional<std::int64_t> category_id;
  std::optional<core::Timestamp> from, to;
  int limit = 20, offset = 0;
  // The query's last word is being typed: it matches every indexed term that starts with it or
  // its stem ("Меде" finds "Медеу"); a form of one letter matches whole.
  bool prefix_last = false;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  virtual void put(storage::Tx& tx, const SearchDoc& doc) = 0;
  virtual void remove(storage::Tx& tx, std::int64_t article_id) = 0;
  // Article ids, best match first, whose text holds every stemmed word of `query` (documents
  // are indexed under portal/text.hpp index_terms, queries read with query_words).
  virtual std::vector<std::int64_t> search(storage::Tx& tx, const std::string& query,
                                           const SearchFilter& f) = 0;
  static std::unique_ptr<SearchIndex> for_engine(storage::Engine engine);
};

}  // namespace qorgan::portal
