#pragma once
// The rules of company protection duties, as pure functions (no storage, no HTTP): whether a
// duty is met, the checklist a facility is held to, a facility's compliance, overdue findings,
// the trend over time, and what an evidence file really is.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "obligations/model.hpp"

namespace qorgan::obligations {

// Levels set in qorgan.toml ([obligations.levels]): per duty code, the level of each class
// (nullopt: the duty does not apply). They replace the table's levels of those duties; codes the
// table does not have are ignored.
using LevelOverrides = std::map<std::string, std::array<std::optional<std::int64_t>, 3>>;
void apply_overrides(std::vector<Duty>& duties, const LevelOverrides& overrides);

// Whether `observed` meets `required` in the duty's measure. yes_no: observed ≥ 1 when required;
// count, hours, per_year: observed ≥ required; percent: `observed` places for `workers` people
// make at least `required` % (no workers: met). Nothing observed is never met.
bool duty_met(std::string_view measure, std::int64_t required, std::optional<std::int64_t> observed,
              std::int64_t workers);

// The checklist of a facility of `criticality`: one line per active duty that applies to the
// class (in the duties' order), with the answer given for it (if any) and whether it is met.
std::vector<CheckLine> checklist(const std::vector<Duty>& duties, std::int64_t criticality,
                                 const std::vector<Answer>& answers, std::int64_t workers);
struct Tally {
  std::int64_t required = 0, met = 0;
};
Tally tally(const std::vector<CheckLine>& lines);

// A finding still to be dealt with (neither remedied nor closed) whose deadline (YYYY-MM-DD) is
// before `today` (YYYY-MM-DD, in the configured zone).
bool open_finding(const Finding& f);
bool overdue(const Finding& f, std::string_view today);

// The latest result a facility's compliance rests on: its newer of the latest self-assessment
// and the latest inspection (an inspection of the same day wins).
struct Basis {
  std::string kind;  // "assessment" or "inspection"
  std::int64_t id = 0;
  std::string on;  // the date it was made
  Tally tally;
};
std::optional<Basis> newer(const std::optional<Basis>& assessment,
                           const std::optional<Basis>& inspection);

// A facility's compliance. Without a basis: not_assessed (score 0). Otherwise the score is the
// share of required duties met (0–100, rounded down; nothing required: 100) and the status:
//  - compliant: every duty met and no open finding;
//  - non_compliant: under half the duties met, or an overdue finding of high or critical
//    severity;
//  - partly_compliant: anything between.
struct Standing {
  std::string status = "not_assessed";
  std::int64_t score = 0;
  std::int64_t open_findings = 0, overdue_findings = 0;
  std::optional<Basis> basis;
};
Standing standing(const std::optional<Basis>& basis, const std::vector<Finding>& findings,
                  std::string_view today);
const std::vector<std::string>& statuses();  // not_assessed, non_compliant, partly…, compliant

// Facilities' standings summed (an organisation, a region): how many in each status, the mean
// score of those assessed, and the open and overdue findings.
struct Summary {
  std::int64_t facilities = 0, assessed = 0, score = 0;  // score: mean over the assessed
  std::map<std::string, std::int64_t> by_status;
  std::int64_t open_findings = 0, overdue_findings = 0;
};
Summary summarise(const std::vector<Standing>& standings);

// The trend: for each point in time of `at` (ascending), the mean score and the number compliant
// of the facilities that had a snapshot by then, each at its latest snapshot by then.
struct TrendPoint {
  std::int64_t at = 0;
  std::int64_t facilities = 0, compliant = 0, score = 0;
};
std::vector<TrendPoint> trend(std::vector<Snapshot> snapshots, const std::vector<std::int64_t>& at);

// Evidence files: photographs (JPEG, PNG, GIF, checked as the media library checks them) and
// PDF documents, at most kMaxEvidenceBytes. The type is what the bytes are; the one the uploader
// claims (`claimed`, a MIME type) must be it, else the file is refused (invalid, field "file").
inline constexpr std::size_t kMaxEvidenceBytes = 5 * 1024 * 1024;
const std::vector<std::string>& evidence_types();
core::Result<std::string> evidence_type(std::string_view bytes, std::string_view claimed);

}  // namespace qorgan::obligations
