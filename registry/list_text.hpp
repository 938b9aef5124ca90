#pragma once
// people.list_text (SQLite, migration 0109): the fields a list row shows or needs, kept on the
// person's row as one text and carried by the people_region_status index, so that a page's
// statement reads one column a person (this) instead of fourteen: each column read is an opcode
// of the statement and a call into SQLite for every row.
//
// Its fields, in this order: family_name, given_name, patronymic, search_key, birth_date, phone,
// email, language and iin_sealed, each a text or NULL; created_at, updated_at and list_kinds;
// in this build's form also the person's id and skills text (skills_text.hpp).
// Three forms, told by the first byte:
// - binary with the id (what this build writes, migration 0112): byte 2; the two times (8 bytes
//   each), list_kinds with a bit saying that the texts a record shows need no JSON escaping (1
//   byte), which texts are NULL (1 byte), the nine texts' sizes (2 bytes each), all
//   little-endian; the texts' bytes; the id (8 bytes); then the skills text (the rest, empty for
//   none). A page's row then reads this column alone (its id and skills were two more columns).
//   Read with a few loads and a sum, where the text form's digits and separators cost a list page
//   some 24,000 instructions. A person with a text of more than 65,535 bytes gets the text form.
// - binary (0110's): byte 1 and the same, without the id and the skills text.
// - text (migration 0109's, and every row written before): each text "<bytes>:<text>" or "-"
//   for NULL (field_text.hpp), then the three numbers, each its digits and ";".
// The IIN is there only sealed: in this build's texts in the compact form (core::compact_sealed():
// its bytes, not their hex, whose decoding was a fifth of opening a page's IINs), in older ones
// in hex as the iin_sealed column holds it; the opener reads both. SQLite's SQL cannot make the
// binary form (3.40 has no unhex()): rewrite_list_texts() gives it to the rows of the text form
// right after migration kBinaryListTextMigration, the mark of plain texts to the binary texts
// without it after kPlainListTextMigration, and the id and skills after kIdListTextMigration. A
// page's row of an older form (a pass cut short) has its id and skills looked up (person_store).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "registry/people.hpp"
#include "storage/database.hpp"

namespace qorgan::registry::person_store {

// The text of a record about to be stored as row `id` with these times, kinds (people.list_kinds)
// and skills text (skills_text(p.skills), empty for none).
std::string list_text(const Person& p, std::int64_t id, std::int64_t created_at,
                      std::int64_t updated_at, std::int64_t list_kinds, std::string_view skills);

// The text form made by SQL from the row's own columns, as migration 0109 filled it (the sealed
// IIN in hex): `UPDATE people SET list_text = <this>` gives a row the form of an older build's.
extern const char* const kListTextSql;

inline constexpr int kBinaryListTextMigration = 110;
// After it the texts say whether their shown texts need JSON escaping (binary form only).
inline constexpr int kPlainListTextMigration = 111;
// After it the texts hold the person's id and skills text, and people_region_status no skills.
inline constexpr int kIdListTextMigration = 112;

// Rewrites every text not of this build's form (or missing), and every one that does not say its
// shown texts need no escaping, as list_text() makes it, a thousand rows a transaction, so that a
// large file does not hold the writer long; returns how many it changed (a binary text whose
// shown texts need escaping stays as it was). A pass cut short (an error, a crash) leaves the rest
// as they were, read as before. SQLite only (PostgreSQL keeps no such text): 0 elsewhere.
core::Result<std::int64_t> rewrite_list_texts(storage::Database& db);

// Sets p's fields of a list_text() of any form (views into `text`, and p.plain when its texts
// were found plain as stored) and `list_kinds`; false when it is malformed. Of this build's form
// also p.id and `*skills` (a view of its skills text, empty for none); of an older form, which
// holds neither, `*skills` is nullopt.
bool read_list_text(std::string_view text, ListedPerson& p, int& list_kinds,
                    std::optional<std::string_view>* skills = nullptr);

}  // namespace qorgan::registry::person_store
