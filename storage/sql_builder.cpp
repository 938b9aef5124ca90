#include "storage/sql_builder.hpp"

#include <charconv>

#include "core/text.hpp"

namespace qorgan::storage {

std::string param(Params& params, Value value) {
  params.push_back(std::move(value));
  return "$" + std::to_string(params.size());
}

std::string keyset_clause(const core::ListParams& p, Params& params) {
  if (!p.after_id) return {};
  Value after = *p.after_value;
  if (p.numeric_sort) {
    std::int64_t n = 0;
    std::from_chars(p.after_value->data(), p.after_value->data() + p.after_value->size(), n);
    after = n;
  }
  const std::string op = p.descending ? " < " : " > ";
  if (p.sort_column == "id") return " AND id" + op + param(params, *p.after_id);
  // A row value rather than "col > v OR (col = v AND id > i)": both engines turn it into a
  // range of an index on (…, col) or (…, col, id), so a late page starts where it starts
  // instead of reading every row before it.
  auto v = param(params, std::move(after));
  auto id = param(params, *p.after_id);
  return " AND (" + p.sort_column + ", id)" + op + "(" + v + ", " + id + ")";
}

std::string order_clause(const core::ListParams& p, Params& params) {
  const char* dir = p.descending ? " DESC" : " ASC";
  return " ORDER BY " + p.sort_column + dir + ", id" + dir + " LIMIT " +
         param(params, std::int64_t(p.limit + 1));
}

std::string name_search_clause(const std::string& folded, Params& params) {
  auto key = core::name_key(folded);
  if (key.empty()) return search_clause("search_key", folded, params);
  return " AND (search_key LIKE " + param(params, "%" + core::like_escape(folded) + "%") +
         " ESCAPE '\\' OR name_key LIKE " + param(params, "%" + core::like_escape(key) + "%") +
         " ESCAPE '\\')";
}

std::string search_clause(const std::string& column, const std::string& folded, Params& params) {
  return " AND " + column + " LIKE " + param(params, "%" + core::like_escape(folded) + "%") +
         " ESCAPE '\\'";
}

}  // namespace qorgan::storage
