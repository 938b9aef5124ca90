#include "registry/listing.hpp"

#include <sodium.h>

#include "core/text.hpp"

namespace qorgan::registry {

using core::Error;
using core::fail;

static std::string b64(const std::string& s) {
  std::string out(sodium_base64_ENCODED_LEN(s.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()),
                    s.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

static std::optional<std::string> unb64(const std::string& s) {
  std::string out(s.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), s.data(),
                        s.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string make_cursor(const std::string& value, std::int64_t id) {
  return b64(std::to_string(id) + "\n" + value);
}

core::Result<ListParams> parse_list_params(const http::Request& req,
                                           const std::vector<SortOption>& sorts) {
  ListParams p;
  std::vector<core::FieldError> errors;
  if (auto l = req.query_param("limit")) {
    try {
      size_t pos = 0;
      int n = std::stoi(*l, &pos);
      if (pos != l->size() || n < 1 || n > 500) throw std::out_of_range("limit");
      p.limit = n;
    } catch (const std::exception&) {
      errors.push_back({"limit", "must be an integer from 1 to 500"});
    }
  }
  std::string sort = req.query_param("sort").value_or(sorts.front().name);
  if (sort.starts_with('-')) p.descending = true, sort.erase(0, 1);
  const SortOption* chosen = nullptr;
  for (const auto& s : sorts)
    if (s.name == sort) chosen = &s;
  if (!chosen) {
    std::string names;
    for (const auto& s : sorts) names += (names.empty() ? "" : ", ") + s.name;
    errors.push_back({"sort", "must be one of: " + names + " (prefix '-' for descending)"});
  } else {
    p.sort_column = chosen->column;
  }
  if (auto c = req.query_param("cursor")) {
    auto raw = unb64(*c);
    auto nl = raw ? raw->find('\n') : std::string::npos;
    try {
      if (nl == std::string::npos) throw std::invalid_argument("cursor");
      p.after_id = std::stoll(raw->substr(0, nl));
      p.after_value = raw->substr(nl + 1);
    } catch (const std::exception&) {
      errors.push_back({"cursor", "is not a cursor this server gave out"});
    }
  }
  if (auto q = req.query_param("q")) {
    if (!core::valid_utf8(*q) || q->size() > 200)
      errors.push_back({"q", "must be UTF-8 text of at most 200 bytes"});
    else if (auto t = core::trim(*q); !t.empty())
      p.q = core::fold(t);
  }
  if (!errors.empty())
    return fail(Error::invalid("The list query is not valid.", std::move(errors)));
  return p;
}

std::string keyset_clause(const ListParams& p, const std::vector<SortOption>& sorts,
                          storage::Params& params) {
  if (!p.after_id) return {};
  bool numeric = false;
  for (const auto& s : sorts)
    if (s.column == p.sort_column) numeric = s.numeric;
  storage::Value v = *p.after_value;
  if (numeric) {
    try {
      v = std::int64_t(std::stoll(*p.after_value));
    } catch (const std::exception&) {
      v = std::int64_t(0);
    }
  }
  params.push_back(v);
  auto vi = std::to_string(params.size());
  params.push_back(*p.after_id);
  auto ii = std::to_string(params.size());
  const char* op = p.descending ? "<" : ">";
  return " AND (" + p.sort_column + " " + op + " $" + vi + " OR (" + p.sort_column + " = $" + vi +
         " AND id " + op + " $" + ii + "))";
}

std::string order_clause(const ListParams& p, storage::Params& params) {
  const char* dir = p.descending ? " DESC" : " ASC";
  params.push_back(std::int64_t(p.limit + 1));
  return " ORDER BY " + p.sort_column + dir + ", id" + dir + " LIMIT $" +
         std::to_string(params.size());
}

core::Json page_json(core::Json items, std::optional<std::string> next_cursor) {
  return {{"items", std::move(items)},
          {"next_cursor", next_cursor ? core::Json(*next_cursor) : nullptr}};
}

void add_search(std::string& sql, storage::Params& params, const std::string& column,
                const std::string& folded) {
  params.push_back("%" + core::like_escape(folded) + "%");
  sql += " AND " + column + " LIKE $" + std::to_string(params.size()) + " ESCAPE '\\'";
}

}  // namespace qorgan::registry
