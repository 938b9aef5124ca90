#pragma once
// The JSON of requisition records, as the API answers and as the audit log and decision
// versions keep them. Money is integer tiyn; an owner's IIN/BIN appears only where the caller
// may see it (Item::owner_id non-empty).
#include "core/json.hpp"
#include "requisition/model.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

core::Json to_json(const Decision& d);
core::Json to_json(const DecisionVersion& v);
core::Json to_json(const Item& i);
core::Json to_json(const Act& a);
core::Json to_json(const Custody& c);
core::Json to_json(const Valuation& v);
core::Json to_json(const Application& a);
core::Json to_json(const Dispute& d);
core::Json to_json(const PaymentOrder& o);
core::Json to_json(const LedgerEntry& e);
core::Json to_json(const Totals& t);
core::Json to_json(const ItemFile& f);
core::Json to_json(const Group& g);
core::Json to_json(const OwnerTotals& o);
core::Json to_json(const Photo& p);
core::Json to_json(const Reconciliation& r);
// The text of to_json(r) as http::Response::json prints it, written straight into a string
// (core/json_writer.hpp): a decision's report has a line for every item, megabytes for a large
// decision, and a tree of it would be built only to be printed.
std::string report_json(const Reconciliation& r);
// What the owner's view shows: no staff logins, no other owners.
core::Json owner_json(const ItemFile& f);

}  // namespace qorgan::requisition
