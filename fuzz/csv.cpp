// The one CSV reader (core/csv.hpp), used by the registry imports and the evacuation engine.
// Invariants: an error names a row and column that exist; every record read so far, written back
// with the writer and read again, gives the same fields (the writer's contract: a round trip
// gives back every value unchanged, formula neutralisation included).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "fuzz/check.hpp"

namespace csv = qorgan::core::csv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  csv::Reader reader(text);
  std::vector<std::vector<std::string>> records;
  std::int64_t last_line = 0;
  while (true) {
    auto r = reader.next();
    if (!r) {
      const auto& e = r.error();
      FUZZ_CHECK(e.row == std::int64_t(records.size()) + 1);
      FUZZ_CHECK(e.column >= 1 && e.line >= 1);
      FUZZ_CHECK(!csv::describe(e).empty());
      FUZZ_CHECK(reader.offset() == text.size());
      FUZZ_CHECK(!reader.next().value_or(std::nullopt));  // reading stops after an error
      break;
    }
    if (!*r) break;
    const auto& rec = **r;
    FUZZ_CHECK(rec.row == std::int64_t(records.size()) + 1);
    FUZZ_CHECK(rec.line > last_line);
    FUZZ_CHECK(!rec.fields.empty());
    last_line = rec.line;
    records.push_back(rec.fields);
  }

  std::string written;
  for (const auto& fields : records) written += csv::write_row(fields);
  csv::Reader again(written);
  for (const auto& fields : records) {
    auto r = again.next();
    FUZZ_CHECK(r.has_value() && r->has_value());
    FUZZ_CHECK((*r)->fields == fields);
  }
  auto end = again.next();
  FUZZ_CHECK(end.has_value() && !end->has_value());
  return 0;
}
