#pragma once
// What the registry's CSV import and export share: the import report, progress and the header
// check. Reading and writing rows is core/csv.hpp.
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/json.hpp"

namespace qorgan::registry::csv {

using core::csv::describe;
using core::csv::Reader;
using core::csv::Record;
using core::csv::SyntaxError;
using core::csv::write_row;

// ---- What the importers share: the report, progress and the header check. ----

// One thing wrong in an import file. `row` counts records with the header as row 1 (as a
// spreadsheet shows them); `column` is the header name, empty when the whole row is wrong.
struct Problem {
  std::int64_t row = 0;
  std::string column, message;
};

struct ImportReport {
  bool dry_run = false, valid = true;
  std::int64_t rows = 0, stored = 0;  // data rows in the file; rows written
  std::string sha256;                 // of the file as received
  // Every bad row in file order; an importer that caps the list (kMaxListedProblems) counts the
  // problems after the first ones in `unlisted`.
  std::vector<Problem> problems;
  std::int64_t unlisted = 0;
  std::int64_t problem_count() const { return std::int64_t(problems.size()) + unlisted; }
  core::Json preview = core::Json::array();  // the first rows as they would be stored
  // (to_json(ImportReport) in registry_json.hpp writes the report.)
  // An `invalid` error whose field list names each problem ("row 7, iin").
  core::Error error(size_t max_problems = 10000) const;
};

// The most problems a report of the people import lists: a file of millions of bad rows is
// still answered in bounded memory, with the count of the rest.
inline constexpr std::size_t kMaxListedProblems = 1000;

// An import file read a piece at a time (see core::csv::Reader::Pull).
struct Input {
  Reader::Pull pull;
  std::size_t size = 0;  // bytes, when known (progress, planning the load); 0 otherwise
};
// The input over text held in memory (which must outlive it).
Input text_input(std::string_view text);

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
// A row whose CSV quoting is broken, as a problem naming its column (by header name when known).
Problem syntax_problem(const SyntaxError& e, const Columns& columns);
// Lower-cased, trimmed header names.
std::vector<std::string> normalise_header(const std::vector<std::string>& fields);

}  // namespace qorgan::registry::csv
