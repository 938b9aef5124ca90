#pragma once
// The one CSV reader and writer (RFC 4180), header-only so that the evacuation engine reads its
// evacuee and shelter files and writes its plans with it too.
//
// Debian has libcsv (C, callback-driven, no position in its parse errors) and fast-cpp-csv-parser
// (no line breaks inside quoted fields); neither reports where quoting breaks, which an import
// report must name, so this reader is our own. It accepts UTF-8 with or without a BOM, CRLF or
// LF line ends, quoted fields with embedded commas, doubled quotes and line breaks, and skips
// blank lines. A quote inside an unquoted field, text after a closing quote and a quote left open
// at the end are errors naming the row and column.
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qorgan::core::csv {

struct Record {
  std::int64_t row = 0;   // 1-based record number; the header is row 1
  std::int64_t line = 0;  // 1-based physical line where the record starts
  std::vector<std::string> fields;
};

struct SyntaxError {
  std::int64_t row = 0, line = 0;
  int column = 0;  // 1-based field number
  std::string message;
};

class Reader {
 public:
  // Fills `out` with up to `max` bytes of the input; 0 at its end.
  using Pull = std::function<std::size_t(char* out, std::size_t max)>;
  // The longest record a pulled input may hold (a quote left open must not make the reader keep
  // the rest of a large file in memory).
  static constexpr std::size_t kMaxRecord = std::size_t(1) << 20;

  // `text` must outlive the reader. A leading UTF-8 BOM is skipped.
  explicit Reader(std::string_view text);
  // Reads the input a chunk at a time: memory stays about one chunk and one record, whatever
  // the size of the input.
  explicit Reader(Pull pull, std::size_t chunk = std::size_t(1) << 20);
  // The next record, nullopt at the end; after an error, reading stops.
  std::expected<std::optional<Record>, SyntaxError> next();
  // Bytes consumed so far (for progress).
  std::size_t offset() const { return base_ + pos_; }

 private:
  std::expected<std::optional<Record>, SyntaxError> parse();
  // Whether the text seen so far ends at pos_; past the end of a pulled chunk that is not the
  // last, the record is incomplete: parse() gives up and next() pulls more and parses it again.
  bool at_end() {
    if (pos_ < text_.size()) return false;
    if (!eof_) incomplete_ = true;
    return true;
  }
  // Drops the consumed text and appends the next chunk; false when the input has ended.
  bool pull_more();

  std::string_view text_;
  std::size_t pos_ = 0, base_ = 0;
  std::int64_t line_ = 1, row_ = 0;
  Pull pull_;
  std::string buffer_;
  std::size_t chunk_ = 0;
  bool eof_ = true, incomplete_ = false, started_ = true;
};

// "row 7, column 3 (line 9): ..."
std::string describe(const SyntaxError& e);

// One CSV line (CRLF-terminated per RFC 4180); fields holding a comma, quote, CR or LF, or
// with leading or trailing spaces, are quoted, and so are a record's only field when it is empty
// and a first field starting with a UTF-8 byte order mark (the reader would skip either). A
// field a spreadsheet would run as a formula is written through `neutralised` first, so opening
// an export never runs what a record holds.
std::string write_row(const std::vector<std::string>& fields);

// OWASP's defence against CSV (formula) injection: a field starting with =, +, -, @, a tab or a
// CR gets a leading apostrophe, which spreadsheets take as "text" and do not show. A field that
// already starts with an apostrophe gets one more, so that `restored` is its exact inverse and a
// round trip gives back every value unchanged. A plain decimal number ("-12.5") is left alone:
// it cannot run anything and stays a number in the sheet.
std::string neutralised(std::string field);
// The inverse of `neutralised`: one leading apostrophe before a formula character or another
// apostrophe is dropped. The reader applies it to every field it returns.
std::string restored(std::string field);

namespace detail {
inline bool formula_start(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}
inline bool plain_number(std::string_view f) {
  std::size_t i = (f[0] == '-' || f[0] == '+') ? 1 : 0;
  bool digits = false, point = false;
  for (; i < f.size(); ++i) {
    if (f[i] >= '0' && f[i] <= '9')
      digits = true;
    else if (f[i] == '.' && !point)
      point = true;
    else
      return false;
  }
  return digits;
}
}  // namespace detail

inline std::string neutralised(std::string field) {
  if (field.empty()) return field;
  if (field[0] == '\'' || (detail::formula_start(field[0]) && !detail::plain_number(field)))
    field.insert(field.begin(), '\'');
  return field;
}

inline std::string restored(std::string field) {
  if (field.size() >= 2 && field[0] == '\'' &&
      (field[1] == '\'' || detail::formula_start(field[1])))
    field.erase(0, 1);
  return field;
}

inline Reader::Reader(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

inline Reader::Reader(Pull pull, std::size_t chunk)
    : pull_(std::move(pull)), chunk_(chunk), eof_(false), started_(false) {}

inline bool Reader::pull_more() {
  if (eof_) return false;
  buffer_.erase(0, pos_);
  base_ += pos_;
  pos_ = 0;
  std::size_t had = buffer_.size();
  buffer_.resize(had + chunk_);
  std::size_t got = pull_(buffer_.data() + had, chunk_);
  buffer_.resize(had + got);
  if (got == 0) eof_ = true;
  text_ = buffer_;
  return true;
}

inline std::expected<std::optional<Record>, SyntaxError> Reader::next() {
  if (!started_) {
    while (buffer_.size() < 3 && pull_more()) {
    }
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    started_ = true;
  }
  while (true) {
    auto pos = pos_;
    auto line = line_;
    auto row = row_;
    incomplete_ = false;
    auto r = parse();
    if (!incomplete_) return r;
    pos_ = pos;
    line_ = line;
    row_ = row;
    if (text_.size() - pos_ > kMaxRecord) {
      pos_ = text_.size();
      eof_ = true;
      return std::unexpected(
          SyntaxError{row_ + 1, line_, 1, "a record longer than 1 MiB (is a quote left open?)"});
    }
    pull_more();
  }
}

inline std::expected<std::optional<Record>, SyntaxError> Reader::parse() {
  // Skip blank lines between records.
  while (!at_end() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (at_end()) return std::optional<Record>{};
  Record rec;
  rec.row = ++row_;
  rec.line = line_;
  auto error = [&](int column, std::string msg) {
    pos_ = text_.size();
    eof_ = true;
    return std::unexpected(SyntaxError{rec.row, line_, column, std::move(msg)});
  };
  std::string field;
  while (true) {
    int column = int(rec.fields.size()) + 1;
    field.clear();
    if (!at_end() && text_[pos_] == '"') {
      ++pos_;
      std::int64_t opened_line = line_;
      bool closed = false;
      while (!at_end()) {
        char c = text_[pos_++];
        if (c == '"') {
          if (!at_end() && text_[pos_] == '"') {
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
      if (incomplete_) return std::optional<Record>{};
      if (!closed) {
        line_ = opened_line;
        return error(column, "a quoted field opened on this line is never closed");
      }
      if (!at_end() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
        return error(column, "unexpected text after a closing quote (write \"\" for a quote)");
    } else {
      // An unquoted field runs to the next comma or line end.
      std::size_t end = pos_;
      while (end < text_.size() && text_[end] != ',' && text_[end] != '\n' && text_[end] != '\r') {
        if (text_[end] == '"') {
          pos_ = end;
          return error(column, "a quote inside an unquoted field (quote the whole field)");
        }
        ++end;
      }
      field.assign(text_.data() + pos_, end - pos_);
      pos_ = end;
    }
    rec.fields.push_back(restored(std::move(field)));
    if (at_end()) break;
    char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // End of record: LF, CRLF or a lone CR.
    ++pos_;
    if (c == '\r' && !at_end() && text_[pos_] == '\n') ++pos_;
    ++line_;
    break;
  }
  if (incomplete_) return std::optional<Record>{};
  return std::optional<Record>(std::move(rec));
}

inline std::string describe(const SyntaxError& e) {
  return "row " + std::to_string(e.row) + ", column " + std::to_string(e.column) + " (line " +
         std::to_string(e.line) + "): " + e.message;
}

inline std::string write_row(const std::vector<std::string>& fields) {
  // A lone empty field written bare would make a blank line, which readers skip.
  if (fields.size() == 1 && fields[0].empty()) return "\"\"\r\n";
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    const std::string f = neutralised(fields[i]);
    // A first field starting with a byte order mark is quoted: bare, the reader would skip
    // the mark as the file's own.
    bool quote = f.find_first_of(",\"\r\n") != std::string::npos ||
                 (!f.empty() && (f[0] == ' ' || f.back() == ' ')) ||
                 (i == 0 && f.starts_with("\xEF\xBB\xBF"));
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

}  // namespace qorgan::core::csv
