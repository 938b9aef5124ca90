#pragma once
// The ledger as CSV (RFC 4180, core/csv.hpp): one header line, one line per entry. A sheet that
// imports it and saves it as CSV again gives the same file: amounts are whole tiyn (no decimal
// separator to localise), times are RFC 3339 text, and text fields go through core::csv, which
// neutralises what a spreadsheet would run as a formula.
#include <string>

#include "requisition/model.hpp"

namespace qorgan::requisition {

std::string ledger_csv_header();
std::string ledger_csv_row(const LedgerEntry& e);

}  // namespace qorgan::requisition
