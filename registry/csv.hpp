#pragma once
// A small RFC 4180 reader and writer for the registry's CSV import and export.
//
// Debian has libcsv (C, callback-driven, no position in its parse errors) and fast-cpp-csv-parser
// (no line breaks inside quoted fields); neither reports where quoting breaks, which the import
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

#include "core/error.hpp"
#include "core/json.hpp"

namespace qorgan::registry::csv {

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
  // `text` must outlive the reader. A leading UTF-8 BOM is skipped.
  explicit Reader(std::string_view text);
  // The next record, nullopt at the end; after an error, reading stops.
  std::expected<std::optional<Record>, SyntaxError> next();
  // Bytes consumed so far (for progress).
  std::size_t offset() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1, row_ = 0;
};

// A whole file: header names (trimmed, lower-cased ASCII) and the data records.
struct Table {
  std::vector<std::string> header;
  std::vector<Record> rows;
  // The index of a header name, or -1.
  int column(std::string_view name) const;
};

// Parses a whole file. Invalid UTF-8, broken quoting and a missing header are errors whose
// message says where ("row 7, column 3 (line 9): ...").
core::Result<Table> parse(std::string_view text);
std::string describe(const SyntaxError& e);

// One CSV line (CRLF-terminated per RFC 4180); fields holding a comma, quote, CR or LF, or
// with leading or trailing spaces, are quoted. Values are written verbatim for re-import.
std::string write_row(const std::vector<std::string>& fields);

// ---- What the importers share: the report, progress and the header check. ----

// One thing wrong in an import file. `row` counts records with the header as row 1 (as a
// spreadsheet shows them); `column` is the header name, empty when the whole row is wrong.
struct Problem {
  std::int64_t row = 0;
  std::string column, message;
};

struct ImportReport {
  bool dry_run = false, valid = true;
  std::int64_t rows = 0, stored = 0;         // data rows in the file; rows written
  std::string sha256;                        // of the file as received
  std::vector<Problem> problems;             // every bad row, in file order
  core::Json preview = core::Json::array();  // the first rows as they would be stored
  // (to_json(ImportReport) in registry_json.hpp writes the report.)
  // An `invalid` error whose field list names each problem ("row 7, iin").
  core::Error error(size_t max_problems = 10000) const;
};

// Called every few hundred rows: phase ("checking", "storing"), bytes read, total bytes, rows.
using Progress = std::function<void(std::string_view phase, std::size_t done, std::size_t total,
                                    std::int64_t rows)>;

struct ImportOptions {
  bool dry_run = false;
  Progress progress;
  std::size_t preview_rows = 20;
};

// Calls o.progress every 500 rows of a phase, and always when `force` (a phase's end).
void report_progress(const ImportOptions& o, const char* phase, const Reader& r, std::size_t total,
                     std::int64_t rows, bool force = false);

// Maps header names to the known columns. Unknown, repeated and missing required columns are
// reported as problems on row 1; `alternatives` are groups of which one must be present.
struct Columns {
  std::vector<std::string> names;  // index → header name
  int index(std::string_view name) const;
};
Columns check_header(const std::vector<std::string>& header, const std::vector<std::string>& known,
                     const std::vector<std::string>& required,
                     const std::vector<std::vector<std::string>>& alternatives,
                     std::vector<Problem>& problems);
// Lower-cased, trimmed header names.
std::vector<std::string> normalise_header(const std::vector<std::string>& fields);

}  // namespace qorgan::registry::csv
