#include "core/paging.hpp"

#include <charconv>

#include "core/base64_text.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace qorgan::core {

ListParams ListParams::first(const std::vector<SortOption>& sorts, int limit) {
  ListParams p;
  p.limit = limit;
  p.sort_column = sorts.front().column;
  p.numeric_sort = sorts.front().numeric;
  return p;
}

std::string make_cursor(const std::string& value, std::int64_t id) {
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, id).ptr;
  std::string bytes;
  bytes.reserve(size_t(end - digits) + 1 + value.size());
  bytes.append(digits, end).append(1, '\n').append(value);
  return base64_text(bytes, Base64::url);
}

Result<ListParams> parse_list_params(const ListQuery& query, const std::vector<SortOption>& sorts,
                                     int default_limit) {
  ListParams p;
  p.limit = default_limit;
  std::vector<FieldError> errors;
  if (query.limit) {
    const auto& l = *query.limit;
    int n = 0;
    auto [end, ec] = std::from_chars(l.data(), l.data() + l.size(), n);
    if (ec != std::errc() || end != l.data() + l.size() || n < 1 || n > 500)
      errors.push_back({"limit", "must be an integer from 1 to 500"});
    else
      p.limit = n;
  }
  std::string sort = query.sort.value_or(sorts.front().name);
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
    p.numeric_sort = chosen->numeric;
  }
  if (query.cursor) {
    auto raw = base64url_decode(*query.cursor);
    auto nl = raw ? raw->find('\n') : std::string::npos;
    std::int64_t id = 0;
    auto parsed = nl == std::string::npos
                      ? std::from_chars_result{nullptr, std::errc::invalid_argument}
                      : std::from_chars(raw->data(), raw->data() + nl, id);
    if (parsed.ec != std::errc() || parsed.ptr != raw->data() + nl) {
      errors.push_back({"cursor", "is not a cursor this server gave out"});
    } else {
      p.after_id = id;
      p.after_value = raw->substr(nl + 1);
    }
  }
  if (query.q) {
    if (!valid_utf8(*query.q) || query.q->size() > 200)
      errors.push_back({"q", "must be UTF-8 text of at most 200 bytes"});
    else if (auto t = trim(*query.q); !t.empty())
      p.q = fold(t);
  }
  if (!errors.empty())
    return fail(Error::invalid("The list query is not valid.", std::move(errors)));
  return p;
}

}  // namespace qorgan::core
