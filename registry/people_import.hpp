#pragma once
// CSV import and export of people.
//
// Columns (header-driven, any order, names case-insensitive): family_name, given_name,
// patronymic, birth_date, iin, phone, email, region (its code) or region_id, status, skills,
// language (kk, ru, en), and for a membership in a unit: unit_id, position and member_from (a
// date; today when empty). `skills` lists entries separated by ';', each
// "skill|qualified_on|expires_on" with the dates optional ("first aid||2027-06-30;driver").
// Every row is checked by the same rules as POST /api/v1/people (and …/memberships). The whole
// file is checked before anything is stored: one bad row rejects the file, and the report names
// every bad row (the first csv::kMaxListedProblems of them; the rest are counted). A good file
// is stored in one transaction with one audit entry ("people.import"). Rows are written while
// the file is checked (the UNIQUE index finds a later duplicate); an import that is not kept (a
// dry run, a bad row, a failure) and wrote at least person_store::kReclaimAfter rows reclaims
// them (PostgreSQL: a VACUUM of the tables it wrote, see storage/reclaim.hpp): a server hands it
// to its storage::Reclaimer and answers at once; elsewhere (the command line) the caller waits
// for it. The export writes the person columns only: a person may have many memberships.
#include <functional>
#include <string_view>

#include "auth/principal.hpp"
#include "registry/csv.hpp"
#include "registry/registry.hpp"

namespace qorgan::registry {

// The columns the export writes; the import reads these and people_import_columns().
const std::vector<std::string>& people_csv_columns();
const std::vector<std::string>& people_import_columns();

// Only admins and hq_staff import; hq_staff only into their region subtree. A report with
// valid == false means nothing was stored.
core::Result<csv::ImportReport> import_people(Registry& reg, const auth::Principal& who,
                                              const auth::Actor& actor, std::string_view text,
                                              const csv::ImportOptions& options);

// The same, reading the file a chunk at a time: memory does not grow with the file.
core::Result<csv::ImportReport> import_people_from(Registry& reg, const auth::Principal& who,
                                                   const auth::Actor& actor, csv::Input& input,
                                                   const csv::ImportOptions& options);

// Writes every person (IIN in clear: the caller is an operator with the database) as CSV in
// the import format, a chunk at a time; returns the number of rows.
std::int64_t export_people(Registry& reg, const std::function<void(std::string_view)>& sink);

}  // namespace qorgan::registry
