#pragma once
// Pieces of SQL that stores build from parameters: placeholders, the keyset and order of a
// paged list, and a folded-text search. Parameters always travel as `$n` values, never as text
// in the SQL; column names come from the stores' own whitelists (core::SortOption).
#include <string>

#include "core/paging.hpp"
#include "storage/database.hpp"

namespace qorgan::storage {

// Appends `value` to `params` and returns its placeholder ("$3").
std::string param(Params& params, Value value);

// " AND (col, id) > ($a, $b)" after the cursor's row (" AND id > $b" when sorted by id; `<` for
// descending sorts); empty on the first page.
std::string keyset_clause(const core::ListParams& p, Params& params);
// A cursor's page in two ranges of an index on (…, col), for lists whose sort column holds long
// runs of equal values: SQLite cannot use the rowid of a row value as a range, so the single
// clause above reads every row of the cursor's run that came before it. First the rest of the
// run, " AND col = $a AND id > $b ORDER BY id LIMIT $n" (a range of the index and its rowid),
// then, while the page is not full, the rows after it: " AND col > $a", followed by
// order_clause. Contract: p.after_id is set and p.sort_column is not "id".
std::string keyset_ties_clause(const core::ListParams& p, Params& params);
std::string keyset_past_clause(const core::ListParams& p, Params& params);
// " ORDER BY col, id LIMIT $n", fetching one row more than the page to tell that more follow.
std::string order_clause(const core::ListParams& p, Params& params);
// " AND column LIKE $n ESCAPE '\'": `folded` (core::fold) anywhere in the column.
std::string search_clause(const std::string& column, const std::string& folded, Params& params);
// A name search over a table with `search_key` (core::fold of the name) and `name_key`
// (core::name_key of the name): `folded` anywhere in the first, or its script-blind key anywhere
// in the second, so "Abdrakhmanov" finds "Абдрахманов".
std::string name_search_clause(const std::string& folded, Params& params);

}  // namespace qorgan::storage
