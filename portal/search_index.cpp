#include "portal/search_index.hpp"

#include "portal/text.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::portal {

namespace {

void put_doc(storage::Tx& tx, const SearchDoc& d, const std::string& terms) {
  tx.exec("DELETE FROM portal_search_docs WHERE article_id = $1", {d.article_id});
  tx.exec(
      "INSERT INTO portal_search_docs (article_id, lang, category_id, published_at, terms) "
      "VALUES ($1, $2, $3, $4, $5)",
      {d.article_id, d.lang, d.category_id, d.published_at, terms});
}

std::string filters(const SearchFilter& f, storage::Params& p) {
  std::string sql;
  if (f.lang) sql += " AND d.lang = " + storage::param(p, *f.lang);
  if (f.category_id) sql += " AND d.category_id = " + storage::param(p, *f.category_id);
  if (f.from) sql += " AND d.published_at >= " + storage::param(p, *f.from);
  if (f.to) sql += " AND d.published_at < " + storage::param(p, *f.to);
  return sql;
}

std::string limit_clause(const SearchFilter& f, storage::Params& p) {
  auto limit = storage::param(p, std::int64_t(f.limit));
  return " LIMIT " + limit + " OFFSET " + storage::param(p, std::int64_t(f.offset));
}

class SqliteIndex final : public SearchIndex {
 public:
  void put(storage::Tx& tx, const SearchDoc& d) override {
    auto terms = index_terms_joined(d.text);
    put_doc(tx, d, terms);
    tx.exec("DELETE FROM portal_search_fts WHERE rowid = $1", {d.article_id});
    tx.exec("INSERT INTO portal_search_fts (rowid, terms) VALUES ($1, $2)", {d.article_id, terms});
  }
  void remove(storage::Tx& tx, std::int64_t id) override {
    tx.exec("DELETE FROM portal_search_fts WHERE rowid = $1", {id});
    tx.exec("DELETE FROM portal_search_docs WHERE article_id = $1", {id});
  }
  std::vector<std::int64_t> search(storage::Tx& tx, const std::string& query,
                                   const SearchFilter& f) override {
    // Every term quoted: FTS5 syntax in the reader's query (NEAR, *, column filters) is inert.
    // A word is a group of alternatives, ("a" OR "b"); the groups must all match.
    std::string match;
    for (const auto& w : query_words(query, f.prefix_last)) {
      std::string group;
      for (const auto& t : w.forms) {
        std::string q;
        for (char c : t) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        group += (group.empty() ? "\"" : " OR \"") + q + (w.prefix ? "\"*" : "\"");
      }
      match += (match.empty() ? "(" : " AND (") + group + ")";
    }
    if (match.empty()) return {};
    storage::Params p{match};
    std::string sql =
        "SELECT d.article_id FROM portal_search_fts JOIN portal_search_docs d "
        "ON d.article_id = portal_search_fts.rowid WHERE portal_search_fts MATCH $1";
    sql += filters(f, p);
    sql += " ORDER BY bm25(portal_search_fts), d.published_at DESC";
    sql += limit_clause(f, p);
    std::vector<std::int64_t> ids;
    for (const auto& r : tx.query(sql, p)) ids.push_back(r.i64(0));
    return ids;
  }
};

class PostgresIndex final : public SearchIndex {
 public:
  void put(storage::Tx& tx, const SearchDoc& d) override {
    put_doc(tx, d, index_terms_joined(d.text));
  }
  void remove(storage::Tx& tx, std::int64_t id) override {
    tx.exec("DELETE FROM portal_search_docs WHERE article_id = $1", {id});
  }
  std::vector<std::int64_t> search(storage::Tx& tx, const std::string& query,
                                   const SearchFilter& f) override {
    // 'simple' only splits and lower-cases: the terms are already stemmed by query_words. Each
    // term is quoted (a word span holds only letters, digits and marks; quotes are doubled all
    // the same), so tsquery syntax in the reader's query is inert.
    std::string tsq;
    for (const auto& w : query_words(query, f.prefix_last)) {
      std::string group;
      for (const auto& t : w.forms) {
        std::string q;
        for (char c : t) q += c == '\'' ? std::string("''") : std::string(1, c);
        group += (group.empty() ? "'" : " | '") + q + (w.prefix ? "':*" : "'");
      }
      tsq += (tsq.empty() ? "(" : " & (") + group + ")";
    }
    if (tsq.empty()) return {};
    storage::Params p{tsq};
    std::string sql =
        "SELECT d.article_id FROM portal_search_docs d "
        "WHERE to_tsvector('simple', d.terms) @@ to_tsquery('simple', $1)";
    sql += filters(f, p);
    sql +=
        " ORDER BY ts_rank(to_tsvector('simple', d.terms), to_tsquery('simple', $1)) DESC, "
        "d.published_at DESC";
    sql += limit_clause(f, p);
    std::vector<std::int64_t> ids;
    for (const auto& r : tx.query(sql, p)) ids.push_back(r.i64(0));
    return ids;
  }
};

}  // namespace

std::unique_ptr<SearchIndex> SearchIndex::for_engine(storage::Engine engine) {
  if (engine == storage::Engine::postgres) return std::make_unique<PostgresIndex>();
  return std::make_unique<SqliteIndex>();
}

}  // namespace qorgan::portal
