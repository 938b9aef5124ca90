#include "obligations/obligations_store.hpp"

#include <string_view>

namespace qorgan::obligations::store {

namespace {

using core::Json;

Json parse(const std::string& text) {
  auto j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json::array() : j;
}

Json lines_json(const std::vector<CheckLine>& lines) {
  Json out = Json::array();
  for (const auto& l : lines)
    out.push_back({{"duty", l.duty},
                   {"name_en", l.name_en},
                   {"name_ru", l.name_ru},
                   {"name_kk", l.name_kk},
                   {"measure", l.measure},
                   {"required", l.required},
                   {"observed", l.observed ? Json(*l.observed) : Json(nullptr)},
                   {"met", l.met},
                   {"note", l.note}});
  return out;
}

std::vector<CheckLine> lines_of(const std::string& text) {
  std::vector<CheckLine> out;
  for (const auto& j : parse(text)) {
    if (!j.is_object()) continue;
    CheckLine l;
    l.duty = j.value("duty", "");
    l.name_en = j.value("name_en", "");
    l.name_ru = j.value("name_ru", "");
    l.name_kk = j.value("name_kk", "");
    l.measure = j.value("measure", "");
    l.required = j.value("required", std::int64_t{0});
    if (j.contains("observed") && j["observed"].is_number_integer())
      l.observed = j["observed"].get<std::int64_t>();
    l.met = j.value("met", false);
    l.note = j.value("note", "");
    out.push_back(std::move(l));
  }
  return out;
}

// The reader's scope as a condition on region_path and organisation_id, its parameters starting
// at $first.
std::string visible_sql(int first) {
  auto n = [first](int k) { return "$" + std::to_string(first + k); };
  return "substr(region_path, 1, " + n(0) + ") = " + n(1) + " AND (" + n(2) +
         " = 0 OR organisation_id = " + n(2) + ")";
}
void add_visible(storage::Params& p, const Visible& v) {
  p.emplace_back(std::int64_t(v.path_prefix.size()));
  p.emplace_back(v.path_prefix);
  p.emplace_back(v.organisation_id.value_or(0));
}

constexpr const char* kDutyColumns =
    "id, code, name_en, name_ru, name_kk, measure, level_1, level_2, level_3, active, position, "
    "version, updated_by, updated_at";

Duty duty_row(const storage::Row& r) {
  Duty d;
  d.id = r.i64(0);
  d.code = r.str(1);
  d.name_en = r.str(2);
  d.name_ru = r.str(3);
  d.name_kk = r.str(4);
  d.measure = r.str(5);
  for (int c = 0; c < kCriticalityClasses; ++c) d.levels[c] = r.opt_i64(6 + size_t(c));
  d.active = r.i64(9) != 0;
  d.position = r.i64(10);
  d.version = r.i64(11);
  d.updated_by = r.str(12);
  d.updated_at = r.i64(13);
  return d;
}

constexpr const char* kAssessmentColumns =
    "id, facility_id, organisation_id, region_id, region_path, criticality, assessed_on, "
    "workers, answers, required, met, submitted_by, submitted_at";

Assessment assessment_row(const storage::Row& r) {
  Assessment a;
  a.id = r.i64(0);
  a.facility_id = r.i64(1);
  a.organisation_id = r.i64(2);
  a.region_id = r.i64(3);
  a.region_path = r.str(4);
  a.criticality = r.i64(5);
  a.assessed_on = r.str(6);
  a.workers = r.i64(7);
  a.lines = lines_of(r.str(8));
  a.required = r.i64(9);
  a.met = r.i64(10);
  a.submitted_by = r.str(11);
  a.submitted_at = r.i64(12);
  return a;
}

constexpr const char* kInspectionColumns =
    "id, facility_id, organisation_id, region_id, region_path, criticality, inspected_on, "
    "inspector, checklist, required, met, notes, created_by, created_at";

Inspection inspection_row(const storage::Row& r) {
  Inspection i;
  i.id = r.i64(0);
  i.facility_id = r.i64(1);
  i.organisation_id = r.i64(2);
  i.region_id = r.i64(3);
  i.region_path = r.str(4);
  i.criticality = r.i64(5);
  i.inspected_on = r.str(6);
  i.inspector = r.str(7);
  i.lines = lines_of(r.str(8));
  i.required = r.i64(9);
  i.met = r.i64(10);
  i.notes = r.str(11);
  i.created_by = r.str(12);
  i.created_at = r.i64(13);
  return i;
}

constexpr const char* kFindingColumns =
    "id, inspection_id, facility_id, organisation_id, region_path, duty, deficiency, severity, "
    "deadline, responsible, status, closing_note, reminded_at, created_at, updated_at";

Finding finding_row(const storage::Row& r) {
  Finding f;
  f.id = r.i64(0);
  f.inspection_id = r.i64(1);
  f.facility_id = r.i64(2);
  f.organisation_id = r.i64(3);
  f.region_path = r.str(4);
  f.duty = r.opt_str(5);
  f.deficiency = r.str(6);
  f.severity = r.str(7);
  f.deadline = r.str(8);
  f.responsible = r.str(9);
  f.status = r.str(10);
  f.closing_note = r.opt_str(11);
  f.reminded_at = r.opt_i64(12);
  f.created_at = r.i64(13);
  f.updated_at = r.i64(14);
  return f;
}

constexpr const char* kEvidenceColumns =
    "id, assessment_id, name, mime, bytes, uploaded_by, uploaded_at";

Evidence evidence_row(const storage::Row& r) {
  return {r.i64(0), r.i64(1), r.str(2), r.str(3), r.i64(4), r.str(5), r.i64(6)};
}

template <typename T, typename F>
std::vector<T> rows(storage::Tx& tx, std::string_view sql, const storage::Params& p, F f) {
  std::vector<T> out;
  for (const auto& r : tx.query(sql, p)) out.push_back(f(r));
  return out;
}

std::string sel(const char* columns, const char* table) {
  return std::string("SELECT ") + columns + " FROM " + table + " ";
}

}  // namespace

std::vector<Duty> duties(storage::Tx& tx) {
  return rows<Duty>(tx, sel(kDutyColumns, "obligation_duties") + "ORDER BY position, id", {},
                    duty_row);
}

std::optional<Duty> duty(storage::Tx& tx, const std::string& code) {
  auto r = tx.maybe(sel(kDutyColumns, "obligation_duties") + "WHERE code = $1", {code});
  if (!r) return std::nullopt;
  return duty_row(*r);
}

std::int64_t insert_duty(storage::Tx& tx, const Duty& d) {
  return tx
      .one(
          "INSERT INTO obligation_duties (code, name_en, name_ru, name_kk, measure, level_1, "
          "level_2, level_3, active, position, version, updated_by, updated_at) VALUES ($1, $2, "
          "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
          {d.code, d.name_en, d.name_ru, d.name_kk, d.measure, d.levels[0], d.levels[1],
           d.levels[2], d.active, d.position, d.version, d.updated_by, d.updated_at})
      .i64(0);
}

void update_duty(storage::Tx& tx, const Duty& d) {
  tx.exec(
      "UPDATE obligation_duties SET name_en = $2, name_ru = $3, name_kk = $4, level_1 = $5, "
      "level_2 = $6, level_3 = $7, active = $8, position = $9, version = $10, updated_by = $11, "
      "updated_at = $12 WHERE id = $1",
      {d.id, d.name_en, d.name_ru, d.name_kk, d.levels[0], d.levels[1], d.levels[2], d.active,
       d.position, d.version, d.updated_by, d.updated_at});
}

std::int64_t insert_assessment(storage::Tx& tx, const Assessment& a) {
  return tx
      .one(
          "INSERT INTO obligation_assessments (facility_id, organisation_id, region_id, "
          "region_path, criticality, assessed_on, workers, answers, required, met, submitted_by, "
          "submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
          {a.facility_id, a.organisation_id, a.region_id, a.region_path, a.criticality,
           a.assessed_on, a.workers, lines_json(a.lines).dump(), a.required, a.met, a.submitted_by,
           a.submitted_at})
      .i64(0);
}

std::optional<Assessment> assessment(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(sel(kAssessmentColumns, "obligation_assessments") + "WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return assessment_row(*r);
}

std::vector<Assessment> assessments(storage::Tx& tx, const Visible& v, std::int64_t facility_id,
                                    std::int64_t before, int limit) {
  storage::Params p{facility_id, before, std::int64_t(limit) + 1};
  add_visible(p, v);
  return rows<Assessment>(tx,
                          sel(kAssessmentColumns, "obligation_assessments") +
                              "WHERE ($1 = 0 OR facility_id = $1) AND ($2 = 0 OR id < $2) AND " +
                              visible_sql(4) + " ORDER BY id DESC LIMIT $3",
                          p, assessment_row);
}

std::optional<Assessment> latest_assessment(storage::Tx& tx, std::int64_t facility_id) {
  auto r = tx.maybe(sel(kAssessmentColumns, "obligation_assessments") +
                        "WHERE facility_id = $1 ORDER BY assessed_on DESC, id DESC LIMIT 1",
                    {facility_id});
  if (!r) return std::nullopt;
  return assessment_row(*r);
}

std::int64_t insert_evidence(storage::Tx& tx, const Evidence& e, const std::string& data) {
  return tx
      .one(
          "INSERT INTO obligation_evidence (assessment_id, name, mime, bytes, data, uploaded_by, "
          "uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          {e.assessment_id, e.name, e.mime, e.bytes, storage::Blob{data}, e.uploaded_by,
           e.uploaded_at})
      .i64(0);
}

std::vector<Evidence> evidence(storage::Tx& tx, std::int64_t assessment_id) {
  return rows<Evidence>(
      tx, sel(kEvidenceColumns, "obligation_evidence") + "WHERE assessment_id = $1 ORDER BY id",
      {assessment_id}, evidence_row);
}

std::int64_t evidence_count(storage::Tx& tx, std::int64_t assessment_id) {
  return tx
      .one("SELECT COUNT(*) FROM obligation_evidence WHERE assessment_id = $1", {assessment_id})
      .i64(0);
}

std::optional<std::pair<Evidence, std::string>> evidence_file(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(
      "SELECT id, assessment_id, name, mime, bytes, uploaded_by, uploaded_at, data FROM "
      "obligation_evidence WHERE id = $1",
      {id});
  if (!r) return std::nullopt;
  return std::pair{evidence_row(*r), r->blob(7)};
}

std::int64_t insert_inspection(storage::Tx& tx, const Inspection& i) {
  return tx
      .one(
          "INSERT INTO obligation_inspections (facility_id, organisation_id, region_id, "
          "region_path, criticality, inspected_on, inspector, checklist, required, met, notes, "
          "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
          "$13) RETURNING id",
          {i.facility_id, i.organisation_id, i.region_id, i.region_path, i.criticality,
           i.inspected_on, i.inspector, lines_json(i.lines).dump(), i.required, i.met, i.notes,
           i.created_by, i.created_at})
      .i64(0);
}

std::optional<Inspection> inspection(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(sel(kInspectionColumns, "obligation_inspections") + "WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return inspection_row(*r);
}

std::vector<Inspection> inspections(storage::Tx& tx, const Visible& v, std::int64_t facility_id,
                                    std::int64_t before, int limit) {
  storage::Params p{facility_id, before, std::int64_t(limit) + 1};
  add_visible(p, v);
  return rows<Inspection>(tx,
                          sel(kInspectionColumns, "obligation_inspections") +
                              "WHERE ($1 = 0 OR facility_id = $1) AND ($2 = 0 OR id < $2) AND " +
                              visible_sql(4) + " ORDER BY id DESC LIMIT $3",
                          p, inspection_row);
}

std::optional<Inspection> latest_inspection(storage::Tx& tx, std::int64_t facility_id) {
  auto r = tx.maybe(sel(kInspectionColumns, "obligation_inspections") +
                        "WHERE facility_id = $1 ORDER BY inspected_on DESC, id DESC LIMIT 1",
                    {facility_id});
  if (!r) return std::nullopt;
  return inspection_row(*r);
}

std::int64_t insert_finding(storage::Tx& tx, const Finding& f) {
  return tx
      .one(
          "INSERT INTO obligation_findings (inspection_id, facility_id, organisation_id, "
          "region_path, duty, deficiency, severity, deadline, responsible, status, created_at, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
          {f.inspection_id, f.facility_id, f.organisation_id, f.region_path, f.duty, f.deficiency,
           f.severity, f.deadline, f.responsible, f.status, f.created_at, f.updated_at})
      .i64(0);
}

std::optional<Finding> finding(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(sel(kFindingColumns, "obligation_findings") + "WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return finding_row(*r);
}

std::vector<Finding> inspection_findings(storage::Tx& tx, std::int64_t inspection_id) {
  return rows<Finding>(
      tx, sel(kFindingColumns, "obligation_findings") + "WHERE inspection_id = $1 ORDER BY id",
      {inspection_id}, finding_row);
}

std::vector<Finding> facility_findings(storage::Tx& tx, std::int64_t facility_id) {
  return rows<Finding>(
      tx, sel(kFindingColumns, "obligation_findings") + "WHERE facility_id = $1 ORDER BY id",
      {facility_id}, finding_row);
}

std::vector<Finding> findings(storage::Tx& tx, const Visible& v,
                              const std::optional<std::string>& overdue_before, std::int64_t before,
                              int limit) {
  storage::Params p{overdue_before.value_or(""), before, std::int64_t(limit) + 1};
  add_visible(p, v);
  return rows<Finding>(tx,
                       sel(kFindingColumns, "obligation_findings") +
                           "WHERE ($1 = '' OR (status IN ('open', 'in_progress') AND deadline < "
                           "$1)) AND ($2 = 0 OR id < $2) AND " +
                           visible_sql(4) + " ORDER BY id DESC LIMIT $3",
                       p, finding_row);
}

void set_finding_status(storage::Tx& tx, const Finding& f) {
  tx.exec(
      "UPDATE obligation_findings SET status = $2, closing_note = $3, updated_at = $4 WHERE "
      "id = $1",
      {f.id, f.status, f.closing_note, f.updated_at});
}

std::int64_t insert_event(storage::Tx& tx, const FindingEvent& e) {
  return tx
      .one(
          "INSERT INTO obligation_finding_events (finding_id, status, note, changed_by, "
          "changed_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
          {e.finding_id, e.status, e.note, e.changed_by, e.changed_at})
      .i64(0);
}

std::vector<FindingEvent> events(storage::Tx& tx, std::int64_t finding_id) {
  return rows<FindingEvent>(tx,
                            "SELECT id, finding_id, status, note, changed_by, changed_at FROM "
                            "obligation_finding_events WHERE finding_id = $1 ORDER BY id",
                            {finding_id}, [](const storage::Row& r) {
                              return FindingEvent{r.i64(0), r.i64(1), r.str(2),
                                                  r.str(3), r.str(4), r.i64(5)};
                            });
}

std::vector<Finding> unreminded_overdue(storage::Tx& tx, const std::string& today, int limit) {
  return rows<Finding>(tx,
                       sel(kFindingColumns, "obligation_findings") +
                           "WHERE status IN ('open', 'in_progress') AND deadline < $1 AND "
                           "reminded_at IS NULL ORDER BY id LIMIT $2",
                       {today, std::int64_t(limit)}, finding_row);
}

bool claim_reminder(storage::Tx& tx, std::int64_t finding_id, std::int64_t at) {
  return tx.exec(
             "UPDATE obligation_findings SET reminded_at = $2 WHERE id = $1 AND reminded_at IS "
             "NULL",
             {finding_id, at}) == 1;
}

void insert_snapshot(storage::Tx& tx, const Snapshot& s) {
  tx.exec(
      "INSERT INTO obligation_snapshots (facility_id, organisation_id, region_path, status, "
      "score, taken_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {s.facility_id, s.organisation_id, s.region_path, s.status, s.score, s.taken_at});
}

std::vector<Snapshot> snapshots(storage::Tx& tx, const Visible& v, std::int64_t facility_id) {
  storage::Params p{facility_id};
  add_visible(p, v);
  return rows<Snapshot>(
      tx,
      "SELECT facility_id, organisation_id, region_path, status, score, taken_at FROM "
      "obligation_snapshots WHERE ($1 = 0 OR facility_id = $1) AND " +
          visible_sql(2) + " ORDER BY taken_at, id",
      p, [](const storage::Row& r) {
        return Snapshot{r.i64(0), r.i64(1), r.str(2), r.str(3), r.i64(4), r.i64(5)};
      });
}

}  // namespace qorgan::obligations::store
