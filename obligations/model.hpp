#pragma once
// The records of company protection duties: the duties by criticality, self-assessments and
// their evidence, inspections with their checklist and findings, compliance snapshots.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"

namespace qorgan::obligations {

// Criticality classes of the registry's facilities: 1 (highest) to 3.
inline constexpr int kCriticalityClasses = 3;

// Which records a reader sees: those under `path_prefix` ("" for all) and, when set, only those
// of one organisation.
struct Visible {
  std::string path_prefix;
  std::optional<std::int64_t> organisation_id;
};

struct Duty {
  std::int64_t id = 0;
  std::string code, name_en, name_ru, name_kk;
  std::string measure;  // yes_no, count, hours, percent, per_year
  // The level required of a facility of class 1, 2, 3; nullopt: the duty does not apply.
  std::optional<std::int64_t> levels[kCriticalityClasses];
  bool active = true;
  // The levels come from qorgan.toml ([obligations.levels]), not from the table.
  bool overridden = false;
  std::int64_t position = 0, version = 1;
  std::string updated_by;
  std::int64_t updated_at = 0;

  std::optional<std::int64_t> level_for(std::int64_t criticality) const {
    if (criticality < 1 || criticality > kCriticalityClasses) return std::nullopt;
    return levels[criticality - 1];
  }
  const std::string& name(const std::string& lang) const {
    return lang == "kk" ? name_kk : lang == "en" ? name_en : name_ru;
  }
};

// What a company reports, or an inspector observes, for one duty.
struct Answer {
  std::string duty;
  std::int64_t value = 0;
  std::string comment;
};

// One line of a checklist: the duty as it stood when checked, what was found, whether it is met.
struct CheckLine {
  std::string duty, name_en, name_ru, name_kk, measure;
  std::int64_t required = 0;
  std::optional<std::int64_t> observed;  // nullopt: not reported / not checked
  bool met = false;
  std::string note;
};

struct Evidence {
  std::int64_t id = 0, assessment_id = 0;
  std::string name, mime;
  std::int64_t bytes = 0;
  std::string uploaded_by;
  std::int64_t uploaded_at = 0;
};

struct Assessment {
  std::int64_t id = 0, facility_id = 0, organisation_id = 0, region_id = 0;
  std::string region_path;
  std::int64_t criticality = 3;
  std::string assessed_on;
  std::int64_t workers = 0;
  std::vector<CheckLine> lines;
  std::int64_t required = 0, met = 0;
  std::string submitted_by;
  std::int64_t submitted_at = 0;
  std::vector<Evidence> evidence;
};

struct Finding {
  std::int64_t id = 0, inspection_id = 0, facility_id = 0, organisation_id = 0;
  std::string region_path;
  std::optional<std::string> duty;
  std::string deficiency, severity, deadline, responsible;
  std::string status = "open";  // open, in_progress, remedied, closed
  std::optional<std::string> closing_note;
  std::optional<std::int64_t> reminded_at;
  std::int64_t created_at = 0, updated_at = 0;
};

struct FindingEvent {
  std::int64_t id = 0, finding_id = 0;
  std::string status, note, changed_by;
  std::int64_t changed_at = 0;
};

struct Inspection {
  std::int64_t id = 0, facility_id = 0, organisation_id = 0, region_id = 0;
  std::string region_path;
  std::int64_t criticality = 3;
  std::string inspected_on, inspector;
  std::vector<CheckLine> lines;
  std::int64_t required = 0, met = 0;
  std::string notes, created_by;
  std::int64_t created_at = 0;
  std::vector<Finding> findings;
};

struct Snapshot {
  std::int64_t facility_id = 0, organisation_id = 0;
  std::string region_path, status;
  std::int64_t score = 0;
  std::int64_t taken_at = 0;
};

}  // namespace qorgan::obligations
