#pragma once
// Keyset (cursor) pagination and sorting for every list. A cursor is an opaque token holding the
// sort value and id of the last row served; the next page continues after it, so pages stay
// stable while rows are inserted. Nothing here knows HTTP or SQL: the raw query values come in
// as a ListQuery (http/ fills it from a request), and storage/sql_builder.hpp turns ListParams
// into SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/json.hpp"

namespace qorgan::core {

struct SortOption {
  std::string name;    // as the API spells it: "name", "created_at"
  std::string column;  // the store's column
  bool numeric = false;
};

// The list parameters as a client sent them, unread.
struct ListQuery {
  std::optional<std::string> limit, cursor, sort, q;
};

struct ListParams {
  int limit = 50;
  std::string sort_column;  // a whitelisted column
  bool numeric_sort = false;
  bool descending = false;
  std::optional<std::string> after_value;  // from the cursor
  std::optional<std::int64_t> after_id;
  std::optional<std::string> q;  // folded search text

  // The first page in the first sort order, `limit` rows (for callers that list for themselves).
  static ListParams first(const std::vector<SortOption>& sorts, int limit = 500);
};

// Reads limit (1–500, `default_limit` when absent), cursor, sort ("name" or "-name") and q.
// Unknown sort names and bad cursors are field errors.
Result<ListParams> parse_list_params(const ListQuery& query, const std::vector<SortOption>& sorts,
                                     int default_limit = 50);

std::string make_cursor(const std::string& value, std::int64_t id);

// One page of a list and where the next one starts.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

// Stores fetch limit + 1 rows: this drops the extra one and makes the next cursor from the last
// row kept; `sort_value(row)` is that row's value in p.sort_column.
template <typename T, typename SortValue>
Page<T> take_page(std::vector<T> rows, const ListParams& p, SortValue sort_value) {
  Page<T> page{std::move(rows), std::nullopt};
  if (int(page.items.size()) <= p.limit) return page;
  page.items.pop_back();
  page.next_cursor = make_cursor(sort_value(page.items.back()), page.items.back().id);
  return page;
}

// {"items": [...], "next_cursor": ...}, each item written by `to_json`.
template <typename T, typename ToJson>
Json page_json(const Page<T>& page, ToJson to_json) {
  Json items = Json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  return {{"items", std::move(items)},
          {"next_cursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}};
}

}  // namespace qorgan::core
