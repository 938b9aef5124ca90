#include "registry/csv.hpp"

#include <algorithm>
#include <memory>

#include "core/text.hpp"

namespace qorgan::registry::csv {

std::vector<std::string> normalise_header(const std::vector<std::string>& fields) {
  std::vector<std::string> out;
  for (const auto& h : fields) {
    std::string name = core::trim(h);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return c < 0x80 ? char(std::tolower(c)) : char(c); });
    out.push_back(std::move(name));
  }
  return out;
}

Problem syntax_problem(const SyntaxError& e, const Columns& columns) {
  std::string column = e.column <= int(columns.names.size()) ? columns.names[e.column - 1]
                                                             : "column " + std::to_string(e.column);
  return {e.row, column, "broken CSV quoting (line " + std::to_string(e.line) + "): " + e.message};
}

int Columns::index(std::string_view name) const {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return int(i);
  return -1;
}

Columns check_header(const std::vector<std::string>& header, const std::vector<std::string>& known,
                     const std::vector<std::string>& required,
                     const std::vector<std::vector<std::string>>& alternatives,
                     std::vector<Problem>& problems) {
  Columns c;
  c.names = header;
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  for (size_t i = 0; i < header.size(); ++i) {
    const auto& h = header[i];
    if (std::find(known.begin(), known.end(), h) == known.end())
      problems.push_back({1, h.empty() ? "column " + std::to_string(i + 1) : h,
                          "is not a known column (known: " + list + ")"});
    else if (c.index(h) != int(i))
      problems.push_back({1, h, "appears more than once in the header"});
  }
  for (const auto& r : required)
    if (c.index(r) < 0) problems.push_back({1, r, "is a required column and is missing"});
  for (const auto& group : alternatives) {
    bool any = false;
    std::string names;
    for (const auto& g : group) {
      any = any || c.index(g) >= 0;
      names += (names.empty() ? "" : " or ") + g;
    }
    if (!any)
      problems.push_back({1, group.front(), "is missing: the file needs a column " + names});
  }
  return c;
}

Input text_input(std::string_view text) {
  auto at = std::make_shared<std::size_t>(0);
  return {[text, at](char* out, std::size_t max) {
            std::size_t n = std::min(max, text.size() - *at);
            std::copy_n(text.data() + *at, n, out);
            *at += n;
            return n;
          },
          text.size()};
}

core::Error ImportReport::error(size_t max_problems) const {
  std::vector<core::FieldError> fields;
  for (size_t i = 0; i < problems.size() && i < max_problems; ++i) {
    const auto& p = problems[i];
    fields.push_back(
        {"row " + std::to_string(p.row) + (p.column.empty() ? "" : ", " + p.column), p.message});
  }
  std::string msg =
      "The file was rejected and nothing was stored: " + std::to_string(problem_count()) +
      " problem" + (problem_count() == 1 ? "" : "s") + " in " + std::to_string(rows) +
      " data rows.";
  if (std::int64_t(fields.size()) < problem_count())
    msg += " The first " + std::to_string(fields.size()) + " are listed.";
  return core::Error::invalid(msg, std::move(fields));
}

void report_progress(const ImportOptions& o, const char* phase, const Reader& r, std::size_t total,
                     std::int64_t rows, bool force) {
  if (o.progress && (force || rows % 500 == 0)) o.progress(phase, r.offset(), total, rows);
}

}  // namespace qorgan::registry::csv
