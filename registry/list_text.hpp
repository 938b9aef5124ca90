#pragma once
// people.list_text (SQLite, migration 0109): the fields a list row shows or needs, kept on the
// person's row as one text and carried by the people_region_status index, so that a page's
// statement reads two columns a person (id and this) instead of fourteen: each column read is
// an opcode of the statement and a call into SQLite for every row.
//
// Its fields (field_text.hpp), in this order: family_name, given_name, patronymic, search_key,
// birth_date, phone, email, language and iin_sealed, each a text ("-" for NULL); then created_at,
// updated_at and list_kinds, each a number. The IIN is there only sealed, in the compact form
// (core::compact_sealed(): its bytes, not their hex, which cost a list page a fifth of opening
// its IINs); a text that migration 0109 or an older build wrote holds the hex, as the iin_sealed
// column does, and is read as well (the opener tells the forms by their markers) until the
// person's next write.
#include <cstdint>
#include <string>
#include <string_view>

#include "registry/people.hpp"

namespace qorgan::registry::person_store {

// The text of a record about to be stored with these times and kinds (people.list_kinds).
std::string list_text(const Person& p, std::int64_t created_at, std::int64_t updated_at,
                      std::int64_t list_kinds);

// The same text made by SQL from the row's own columns, as migration 0109 filled it, with the
// sealed IIN in hex: `UPDATE people SET list_text = <this>`.
extern const char* const kListTextSql;
// As kListTextSql, with the IIN's field given as parameter $2 (iin_field()): what a single write
// sets (SQLite cannot turn hex into bytes; an import binds list_text()).
extern const char* const kListTextOfIinSql;
// The IIN's field of a list text ("<bytes>:<compact sealed IIN>") of a value sealed as the
// iin_sealed column holds it.
std::string iin_field(std::string_view iin_sealed);

// Sets p's fields of a list_text() (views into `text`) and `list_kinds`; false when it is
// malformed.
bool read_list_text(std::string_view text, ListedPerson& p, int& list_kinds);

}  // namespace qorgan::registry::person_store
