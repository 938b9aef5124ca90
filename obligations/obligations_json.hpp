#pragma once
// The JSON of company protection duties, as the API answers and the audit log keeps them.
// Times are RFC 3339 (UTC); dates YYYY-MM-DD.
#include "core/json.hpp"
#include "obligations/obligations.hpp"

namespace qorgan::obligations {

core::Json to_json(const Duty& d);
core::Json to_json(const CheckLine& l);
core::Json to_json(const Evidence& e);
core::Json to_json(const Assessment& a);
core::Json to_json(const Finding& f);
core::Json to_json(const FindingEvent& e);
core::Json to_json(const FindingFile& f);
core::Json to_json(const Inspection& i);
core::Json to_json(const Standing& s);
core::Json to_json(const Summary& s);
core::Json to_json(const TrendPoint& p);
core::Json to_json(const FacilityStanding& f);
core::Json to_json(const Group& g);
core::Json to_json(const Overview& o);
core::Json to_json(const FacilityCompliance& c);

}  // namespace qorgan::obligations
