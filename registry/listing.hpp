#pragma once
// Keyset (cursor) pagination and sorting shared by every registry list. A cursor is an opaque
// token holding the sort value and id of the last row served; the next page continues after it,
// so pages stay stable while rows are inserted.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/json.hpp"
#include "http/request.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct ListParams {
  int limit = 50;
  std::string sort_column;  // a whitelisted SQL column
  bool descending = false;
  std::optional<std::string> after_value;  // from the cursor
  std::optional<std::int64_t> after_id;
  std::optional<std::string> q;  // folded search text
};

struct SortOption {
  std::string name;    // as the API spells it: "name", "created_at"
  std::string column;  // SQL column
  bool numeric = false;
};

// Reads limit (1–500), cursor, sort ("name" or "-name") and q from the query string. Unknown
// sort names and bad cursors are field errors.
core::Result<ListParams> parse_list_params(const http::Request& req,
                                           const std::vector<SortOption>& sorts);

// A WHERE fragment and ORDER BY/LIMIT for the keyset; appends its parameters to `params`.
std::string keyset_clause(const ListParams& p, const std::vector<SortOption>& sorts,
                          storage::Params& params);
std::string order_clause(const ListParams& p, storage::Params& params);

std::string make_cursor(const std::string& value, std::int64_t id);

// Drops the extra row a store returned beyond the page (stores fetch limit + 1) and makes the
// next cursor from the last row kept; `sort_value(row)` is that row's value in p.sort_column.
template <typename Row, typename SortValue>
std::optional<std::string> next_cursor(std::vector<Row>& rows, const ListParams& p,
                                       SortValue sort_value) {
  if (int(rows.size()) <= p.limit) return std::nullopt;
  rows.pop_back();
  return make_cursor(sort_value(rows.back()), rows.back().id);
}

// {"items": [...], "next_cursor": ...}: `rows_fetched` is limit+1 rows when there is more.
core::Json page_json(core::Json items, std::optional<std::string> next_cursor);

// Appends " AND column LIKE $n ESCAPE '\\'" for a folded substring search.
void add_search(std::string& sql, storage::Params& params, const std::string& column,
                const std::string& folded);

}  // namespace qorgan::registry
