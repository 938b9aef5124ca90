#include "requisition/requisition_json.hpp"

#include <gtest/gtest.h>

namespace qorgan::requisition {

namespace {

// What the API answered before the report was written directly: core::Json's compact dump.
std::string dumped(const Reconciliation& r) {
  return to_json(r).dump(-1, ' ', false, core::Json::error_handler_t::replace);
}

Reconciliation::Line line(std::int64_t id, std::string description, std::string type,
                          std::string status) {
  Reconciliation::Line l;
  l.item.id = id;
  l.item.description = std::move(description);
  l.item.requisition_type = std::move(type);
  l.item.status = std::move(status);
  return l;
}

}  // namespace

TEST(RequisitionReportJson, AnEmptyDecisionIsTheSameText) {
  Reconciliation r;
  r.decision.id = 7;
  r.decision.number = "12-р";
  r.decision.details = {{"officials", core::Json::array()}, {"collection_point_ids", {3, 4}}};
  EXPECT_EQ(report_json(r), dumped(r));
}

TEST(RequisitionReportJson, LinesAndTotalsAreTheSameText) {
  Reconciliation r;
  r.decision.id = 1;
  r.decision.number = "B-0";
  r.decision.issuing_body = "Алматы қаласының әкімдігі";
  r.decision.created_at = 1764900000000000;
  auto a = line(1000001, "Генератор \"Қуат\" 5 кВт", "ownership", "taken");
  a.due = 100000000000;
  a.totals = {100000000000, -1, 5000, 0, 10};
  a.paid_orders = 5000;
  auto b = line(1000002, "Tab\there, new\nline, back\\slash, \x01 and \x7f", "use", "returned");
  b.due = 0;
  b.totals = {0, 0, 0, 250000, 0};
  b.ok = false;
  b.problem = "owed by the ledger differs from what the rules give";
  // Bytes that are not UTF-8 are replaced as core::Json replaces them.
  auto c = line(1000003, std::string("broken \xff\xfe text \xd0"), "use", "listed");
  c.totals.adjusted = -123456789012;
  r.lines = {a, b, c};
  r.totals = {100000000000, -123456789013, 5000, 250000, 10};
  r.balances_match = false;
  r.ok = false;
  EXPECT_EQ(report_json(r), dumped(r));
}

}  // namespace qorgan::requisition
