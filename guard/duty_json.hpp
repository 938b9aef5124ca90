#pragma once
// JSON of guarding's records, as the API returns them. Instants are RFC 3339 (UTC) with the
// local wall-clock time beside them ("YYYY-MM-DD HH:MM" in the configured zone).
#include <string_view>

#include "core/json.hpp"
#include "guard/duties.hpp"
#include "guard/duty.hpp"

namespace qorgan::guard {

std::string format_hhmm(int minute);
core::Json to_json(const DutyPost& p);
core::Json to_json(const Pattern& p);
core::Json to_json(const FacilityUnit& u);
core::Json to_json(const RosterRun& r);
core::Json to_json(const RosterVersion& v);
core::Json to_json(const Candidate& c);
core::Json to_json(const Duty& d, std::string_view zone);
core::Json to_json(const RosterView& v, std::string_view zone);
core::Json to_json(const SickReport& r, std::string_view zone);
core::Json to_json(const SwapRequest& q, std::string_view zone);
core::Json to_json(const SwapChoice& c, std::string_view zone);

}  // namespace qorgan::guard
