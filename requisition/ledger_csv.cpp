#include "requisition/ledger_csv.hpp"

#include "core/csv.hpp"
#include "core/time.hpp"

namespace qorgan::requisition {

std::string ledger_csv_header() {
  return core::csv::write_row({"entry", "recorded_at", "decision", "region", "item", "kind",
                               "amount_tiyn", "reason", "recorded_by"});
}

std::string ledger_csv_row(const LedgerEntry& e) {
  return core::csv::write_row({std::to_string(e.id), core::format_rfc3339(e.recorded_at),
                               std::to_string(e.decision_id), std::to_string(e.region_id),
                               std::to_string(e.item_id), e.kind, std::to_string(e.amount),
                               e.reason, e.recorded_by});
}

}  // namespace qorgan::requisition
