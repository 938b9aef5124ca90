#pragma once
// The registry's records as JSON: what the API answers, the import report and the audit log's
// copies. The one place where the registry writes JSON; its services return typed values.
#include <string>

#include "core/json.hpp"
#include "core/json_writer.hpp"
#include "core/paging.hpp"
#include "registry/csv.hpp"
#include "registry/facilities.hpp"
#include "registry/organisations.hpp"
#include "registry/people.hpp"
#include "registry/regions.hpp"
#include "registry/units.hpp"

namespace qorgan::registry {

core::Json to_json(const Region& r);
core::Json to_json(const Organisation& o);
core::Json to_json(const Unit& u);
core::Json to_json(const UnitStrength& s);
core::Json to_json(const Facility& x);
core::Json to_json(const Membership& m);
// The fields of `p` that p.view allows.
core::Json to_json(const Person& p);
core::Json to_json(const csv::ImportReport& r, size_t max_problems = 10000);

// The same bytes as to_json(p).dump() and as page_json(page, …).dump(), written without a
// document tree: the people reads are the API's hot path.
std::string person_text(const Person& p);
std::string people_text(const core::Page<Person>& page);

}  // namespace qorgan::registry
