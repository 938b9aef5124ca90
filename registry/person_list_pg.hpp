#pragma once
// A page of the people list on PostgreSQL: person_store::list's filters in, its rows out, read in
// one statement.
#include <functional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "registry/people.hpp"
#include "storage/database.hpp"

namespace qorgan::registry::person_store {

// `from` is " FROM people WHERE …" with the list's filters, their values in `params`; gives `f`
// the page, p.limit + 1 people after p's cursor in p's order, with their lists, without the IIN
// (and its seal unless `with_iin`), as list() gives it on SQLite; each person's text is a view of
// the driver's result, valid during the call. Returns false, having given no one, when one of
// `guesses` (conditions in the same parameters) holds, the filters having taken a guess that was
// wrong, and also when a page with guesses is empty: then it is asked again without them.
// `regions` (parameters of region ids), when not empty: the people of those regions only, each
// region's read in the page's order (an index by region and that order) and merged.
// `keys_first`: the page's ids are found first, reading only its order's columns, id and what the
// filters name, then the rows of those ids: where the index of the order holds all of them (a
// region's people by name include their skills text), the filters are answered from the index
// alone, and only the page's rows are read from the table.
bool list_postgres(storage::Tx& tx, bool with_iin, std::string from, storage::Params params,
                   const core::ListParams& p, const std::vector<std::string>& guesses,
                   const std::vector<std::string>& regions, bool keys_first,
                   const std::function<void(ListedPerson&)>& f);

}  // namespace qorgan::registry::person_store
