#include "registry/csv.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace qorgan::registry::csv {

Reader::Reader(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

std::expected<std::optional<Record>, SyntaxError> Reader::next() {
  // Skip blank lines between records.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return std::optional<Record>{};
  Record rec;
  rec.row = ++row_;
  rec.line = line_;
  auto error = [&](int column, std::string msg) {
    pos_ = text_.size();
    return std::unexpected(SyntaxError{rec.row, line_, column, std::move(msg)});
  };
  std::string field;
  while (true) {
    int column = int(rec.fields.size()) + 1;
    field.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      std::int64_t opened_line = line_;
      bool closed = false;
      while (pos_ < text_.size()) {
        char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            closed = true;
            break;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
      }
      if (!closed) {
        line_ = opened_line;
        return error(column, "a quoted field opened on this line is never closed");
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
        return error(column, "unexpected text after a closing quote (write \"\" for a quote)");
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
             text_[pos_] != '\r') {
        if (text_[pos_] == '"')
          return error(column, "a quote inside an unquoted field (quote the whole field)");
        field += text_[pos_++];
      }
    }
    rec.fields.push_back(field);
    if (pos_ >= text_.size()) break;
    char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // End of record: LF, CRLF or a lone CR.
    ++pos_;
    if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
    break;
  }
  return std::optional<Record>(std::move(rec));
}

std::string describe(const SyntaxError& e) {
  return "row " + std::to_string(e.row) + ", column " + std::to_string(e.column) + " (line " +
         std::to_string(e.line) + "): " + e.message;
}

int Table::column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return int(i);
  return -1;
}

core::Result<Table> parse(std::string_view text) {
  if (!core::valid_utf8(text))
    return core::fail(core::Error::invalid("The file is not valid UTF-8 text."));
  Reader reader(text);
  Table t;
  bool first = true;
  while (true) {
    auto r = reader.next();
    if (!r) {
      const auto& e = r.error();
      return core::fail(core::Error::invalid(
          "The file's CSV quoting is broken at " + describe(e) + ".",
          {{"row " + std::to_string(e.row) + ", column " + std::to_string(e.column), e.message}}));
    }
    if (!*r) break;
    if (first) {
      t.header = normalise_header((*r)->fields);
      first = false;
    } else {
      t.rows.push_back(std::move(**r));
    }
  }
  if (first) return core::fail(core::Error::invalid("The file is empty: a header row is needed."));
  return t;
}

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

core::Error ImportReport::error(size_t max_problems) const {
  std::vector<core::FieldError> fields;
  for (size_t i = 0; i < problems.size() && i < max_problems; ++i) {
    const auto& p = problems[i];
    fields.push_back(
        {"row " + std::to_string(p.row) + (p.column.empty() ? "" : ", " + p.column), p.message});
  }
  std::string msg =
      "The file was rejected and nothing was stored: " + std::to_string(problems.size()) +
      " problem" + (problems.size() == 1 ? "" : "s") + " in " + std::to_string(rows) +
      " data rows.";
  if (problems.size() > max_problems)
    msg += " The first " + std::to_string(max_problems) + " are listed.";
  return core::Error::invalid(msg, std::move(fields));
}

std::string write_row(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    const std::string& f = fields[i];
    bool quote = f.find_first_of(",\"\r\n") != std::string::npos ||
                 (!f.empty() && (f[0] == ' ' || f.back() == ' '));
    if (!quote) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

void report_progress(const ImportOptions& o, const char* phase, const Reader& r, std::size_t total,
                     std::int64_t rows, bool force) {
  if (o.progress && (force || rows % 500 == 0)) o.progress(phase, r.offset(), total, rows);
}

}  // namespace qorgan::registry::csv
