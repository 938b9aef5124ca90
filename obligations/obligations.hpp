#pragma once
// Company protection duties: the service (rules, no HTTP).
//
// The law obliges large companies to protect their facilities. The duties table says what a
// facility of each criticality class must have (admins change it; every change audited). A
// company officer submits self-assessments of its own organisation's facilities with evidence
// files; headquarters staff inspect the facilities of their region with the checklist of the
// duties and record findings, whose follow-up (in progress, remedied, closed with a note) is
// tracked; a finding past its deadline raises one reminder through the outbox. Compliance per
// facility, organisation and region follows from the latest assessment or inspection and the
// open findings (obligations/rules.hpp), with its trend from the snapshots kept at each change.
// Only facilities of large companies (registry: protection_obligation) carry duties.
// Who may do what: obligations/access.hpp. Every change is audited in its transaction; every
// refusal changes nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "core/time.hpp"
#include "obligations/model.hpp"
#include "obligations/rules.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::obligations {

struct FindingFile {
  Finding finding;
  std::vector<FindingEvent> events;
};

// A facility with duties and its compliance.
struct FacilityStanding {
  std::int64_t facility_id = 0, organisation_id = 0, region_id = 0, criticality = 3;
  std::string facility, organisation, region_path;
  Standing standing;
};

struct Group {
  std::int64_t id = 0;
  std::string label;
  Summary summary;
};

struct Overview {
  std::vector<FacilityStanding> facilities;
  std::vector<Group> organisations, regions;
  Summary total;
  std::vector<TrendPoint> trend;  // month by month, the last 12 months and now
};

struct FacilityCompliance {
  FacilityStanding facility;
  std::vector<Duty> duties;  // those that apply to its class
  std::vector<Snapshot> history;
  std::vector<TrendPoint> trend;
};

class Obligations {
 public:
  Obligations(storage::Database& db, registry::Registry& registry,
              std::string time_zone = "Asia/Almaty", LevelOverrides overrides = {})
      : db_(db),
        registry_(registry),
        time_zone_(std::move(time_zone)),
        overrides_(std::move(overrides)) {}
  // Today's date in the configured zone (YYYY-MM-DD).
  std::string today() const;
  const std::string& time_zone() const { return time_zone_; }

  // The duties table, in its order (inactive ones included), with the levels qorgan.toml sets.
  core::Result<std::vector<Duty>> duties(const auth::Principal& who);
  // body: {code, name: {en, ru, kk}, measure, levels: [l1, l2, l3] (null: not applicable),
  // position?}.
  core::Result<Duty> create_duty(const auth::Principal& who, const auth::Actor& actor,
                                 const core::Json& body);
  // body: any of {name, levels, active, position}; the measure and code stay, and so do levels
  // that qorgan.toml sets.
  core::Result<Duty> update_duty(const auth::Principal& who, const auth::Actor& actor,
                                 const std::string& code, const core::Json& body);

  // body: {assessed_on, workers, answers: [{duty, value, comment?}]} covering every duty that
  // applies to the facility's class.
  core::Result<Assessment> submit_assessment(const auth::Principal& who, const auth::Actor& actor,
                                             std::int64_t facility_id, const core::Json& body);
  core::Result<Assessment> assessment(const auth::Principal& who, std::int64_t id);
  // Newest first; of one facility when facility_id > 0.
  core::Result<core::Page<Assessment>> assessments(const auth::Principal& who,
                                                   std::int64_t facility_id,
                                                   std::optional<std::int64_t> before, int limit);
  // The file's bytes, its claimed type (`claimed`, the Content-Type) and name. At most 20 files
  // an assessment.
  core::Result<Evidence> add_evidence(const auth::Principal& who, const auth::Actor& actor,
                                      std::int64_t assessment_id, std::string_view bytes,
                                      const std::string& claimed, const std::string& name);
  core::Result<std::pair<Evidence, std::string>> evidence_file(const auth::Principal& who,
                                                               std::int64_t id);

  // body: {inspected_on, inspector, notes?, workers, checklist: [{duty, value, comment?}],
  // findings?: [{duty?, deficiency, severity, deadline, responsible}]}.
  core::Result<Inspection> create_inspection(const auth::Principal& who, const auth::Actor& actor,
                                             std::int64_t facility_id, const core::Json& body);
  core::Result<Inspection> inspection(const auth::Principal& who, std::int64_t id);
  core::Result<core::Page<Inspection>> inspections(const auth::Principal& who,
                                                   std::int64_t facility_id,
                                                   std::optional<std::int64_t> before, int limit);
  core::Result<Finding> add_finding(const auth::Principal& who, const auth::Actor& actor,
                                    std::int64_t inspection_id, const core::Json& body);
  core::Result<FindingFile> finding(const auth::Principal& who, std::int64_t id);
  // Newest first; only the overdue ones when `overdue`.
  core::Result<core::Page<Finding>> findings(const auth::Principal& who, bool overdue,
                                             std::optional<std::int64_t> before, int limit);
  // body: {status, note}. The company reports in_progress and remedied; headquarters may also
  // reopen (open) and close (closed, with a note). A closed finding stays closed.
  core::Result<FindingFile> change_finding(const auth::Principal& who, const auth::Actor& actor,
                                           std::int64_t id, const core::Json& body);

  core::Result<Overview> overview(const auth::Principal& who);
  core::Result<FacilityCompliance> facility_compliance(const auth::Principal& who,
                                                       std::int64_t facility_id);

  // Sends one reminder through the outbox for each finding past its deadline that has had none
  // (to the organisation's contact e-mail, else its phone by SMS, else none: the dashboard shows
  // it), audited; returns how many findings were reminded of. Running it again sends nothing new.
  std::int64_t remind_overdue(core::Timestamp now);

 private:
  // The facility with duties (a large company's), read as the system; not_found or invalid.
  struct Target {
    registry::Facility facility;
    registry::Organisation organisation;
  };
  core::Result<Target> target(std::int64_t facility_id);
  void record_standing(storage::Tx& tx, std::int64_t facility_id, std::int64_t organisation_id,
                       const std::string& region_path);
  Standing standing_in(storage::Tx& tx, std::int64_t facility_id);
  // The duties table in effect: the stored one with the overrides applied.
  std::vector<Duty> duties_in(storage::Tx& tx) const;
  Duty effective(Duty stored) const;
  std::string today_at(core::Timestamp t) const;
  // Every facility with duties that `v` sees.
  std::vector<Target> obligated(const Visible& v);

  storage::Database& db_;
  registry::Registry& registry_;
  std::string time_zone_;
  LevelOverrides overrides_;
};

}  // namespace qorgan::obligations
