#include "obligations/compliance_csv.hpp"

#include "core/csv.hpp"

namespace qorgan::obligations {

std::string compliance_csv(const Overview& o) {
  std::string out =
      core::csv::write_row({"facility_id", "facility", "organisation_id", "organisation",
                            "region_id", "criticality", "status", "score", "basis", "basis_date",
                            "duties_required", "duties_met", "open_findings", "overdue_findings"});
  for (const auto& f : o.facilities) {
    const auto& s = f.standing;
    out += core::csv::write_row(
        {std::to_string(f.facility_id), f.facility, std::to_string(f.organisation_id),
         f.organisation, std::to_string(f.region_id), std::to_string(f.criticality), s.status,
         std::to_string(s.score), s.basis ? s.basis->kind : "", s.basis ? s.basis->on : "",
         s.basis ? std::to_string(s.basis->tally.required) : "",
         s.basis ? std::to_string(s.basis->tally.met) : "", std::to_string(s.open_findings),
         std::to_string(s.overdue_findings)});
  }
  return out;
}

}  // namespace qorgan::obligations
