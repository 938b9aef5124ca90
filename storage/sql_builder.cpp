#include "storage/sql_builder.hpp"

#include <charconv>

#include "core/text.hpp"

namespace qorgan::storage {

std::string param(Params& params, Value value) {
  params.push_back(std::move(value));
  return "$" + std::to_string(params.size());
}

namespace {

// The cursor's sort value, typed as the column is.
Value after_value(const core::ListParams& p) {
  if (!p.numeric_sort) return *p.after_value;
  std::int64_t n = 0;
  std::from_chars(p.after_value->data(), p.after_value->data() + p.after_value->size(), n);
  return n;
}

}  // namespace

std::string keyset_clause(const core::ListParams& p, Params& params) {
  if (!p.after_id) return {};
  const std::string op = p.descending ? " < " : " > ";
  if (p.sort_column == "id") return " AND id" + op + param(params, *p.after_id);
  // A row value rather than "col > v OR (col = v AND id > i)": PostgreSQL makes `col >= v` an
  // index range of it (of the OR, nothing), SQLite `col > v`.
  auto v = param(params, after_value(p));
  auto id = param(params, *p.after_id);
  return " AND (" + p.sort_column + ", id)" + op + "(" + v + ", " + id + ")";
}

std::string keyset_ties_clause(const core::ListParams& p, Params& params) {
  const std::string op = p.descending ? " < " : " > ";
  const char* dir = p.descending ? " DESC" : " ASC";
  return " AND " + p.sort_column + " = " + param(params, after_value(p)) + " AND id" + op +
         param(params, *p.after_id) + " ORDER BY id" + dir + " LIMIT " +
         param(params, std::int64_t(p.limit + 1));
}

std::string keyset_past_clause(const core::ListParams& p, Params& params) {
  return " AND " + p.sort_column + (p.descending ? " < " : " > ") + param(params, after_value(p));
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
