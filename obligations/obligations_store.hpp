#pragma once
// The SQL of company protection duties: the duties, self-assessments and evidence files,
// inspections, findings with their events, and compliance snapshots.
#include <optional>
#include <string>
#include <vector>

#include "obligations/model.hpp"
#include "storage/database.hpp"

namespace qorgan::obligations::store {

using obligations::Visible;

std::vector<Duty> duties(storage::Tx& tx);
std::optional<Duty> duty(storage::Tx& tx, const std::string& code);
std::int64_t insert_duty(storage::Tx& tx, const Duty& d);
void update_duty(storage::Tx& tx, const Duty& d);

std::int64_t insert_assessment(storage::Tx& tx, const Assessment& a);
std::optional<Assessment> assessment(storage::Tx& tx, std::int64_t id);
// Assessments seen by `v` (of one facility when facility_id > 0), newest first, id < before
// (0: from the newest), at most limit + 1.
std::vector<Assessment> assessments(storage::Tx& tx, const Visible& v, std::int64_t facility_id,
                                    std::int64_t before, int limit);
std::optional<Assessment> latest_assessment(storage::Tx& tx, std::int64_t facility_id);

std::int64_t insert_evidence(storage::Tx& tx, const Evidence& e, const std::string& data);
std::vector<Evidence> evidence(storage::Tx& tx, std::int64_t assessment_id);
std::int64_t evidence_count(storage::Tx& tx, std::int64_t assessment_id);
// The file's record and bytes.
std::optional<std::pair<Evidence, std::string>> evidence_file(storage::Tx& tx, std::int64_t id);

std::int64_t insert_inspection(storage::Tx& tx, const Inspection& i);
std::optional<Inspection> inspection(storage::Tx& tx, std::int64_t id);
std::vector<Inspection> inspections(storage::Tx& tx, const Visible& v, std::int64_t facility_id,
                                    std::int64_t before, int limit);
std::optional<Inspection> latest_inspection(storage::Tx& tx, std::int64_t facility_id);

std::int64_t insert_finding(storage::Tx& tx, const Finding& f);
std::optional<Finding> finding(storage::Tx& tx, std::int64_t id);
std::vector<Finding> inspection_findings(storage::Tx& tx, std::int64_t inspection_id);
std::vector<Finding> facility_findings(storage::Tx& tx, std::int64_t facility_id);
// Findings seen by `v`; only those still open (open, in_progress) whose deadline is before
// `overdue_before` when it is set; newest first, id < before, at most limit + 1.
std::vector<Finding> findings(storage::Tx& tx, const Visible& v,
                              const std::optional<std::string>& overdue_before, std::int64_t before,
                              int limit);
void set_finding_status(storage::Tx& tx, const Finding& f);
std::int64_t insert_event(storage::Tx& tx, const FindingEvent& e);
std::vector<FindingEvent> events(storage::Tx& tx, std::int64_t finding_id);
// Open findings past their deadline (before `today`) that have had no reminder, oldest first.
std::vector<Finding> unreminded_overdue(storage::Tx& tx, const std::string& today, int limit);
// Marks the reminder sent, unless another sweep did first; whether this call did.
bool claim_reminder(storage::Tx& tx, std::int64_t finding_id, std::int64_t at);

void insert_snapshot(storage::Tx& tx, const Snapshot& s);
// Snapshots seen by `v` (of one facility when facility_id > 0), oldest first.
std::vector<Snapshot> snapshots(storage::Tx& tx, const Visible& v, std::int64_t facility_id);

}  // namespace qorgan::obligations::store
