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

// The same bytes as to_json(p).dump(), written without a document tree: the people reads are the
// API's hot path.
std::string person_text(const Person& p);

// A page of people as People::list() writes it, the same bytes as page_json(page, to_json).dump()
// of the page of records: each person written as the store reads it.
class PeoplePageText final : public PersonListWriter {
 public:
  explicit PeoplePageText(size_t people);  // how many there may be, for the buffer
  void person(const ListedPerson& p) override;
  void end(const std::optional<std::string>& next_cursor) override;
  // The page's JSON, once end() has been called.
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool first_ = true;
};

}  // namespace qorgan::registry
