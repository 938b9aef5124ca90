-- people.list_text also holds the person's id and skills text (registry/list_text.hpp), so that a
-- page's row reads one column, and people_region_status carries (its keys, the text) without
-- skills_text. SQL cannot write the binary form (SQLite 3.40 has no unhex()): right after this
-- migration `qorgan` rewrites every row's text in C++ (person_store::rewrite_list_texts), a
-- thousand rows a transaction. A row not yet rewritten lists as before, its id and skills looked
-- up by the page.
DROP INDEX people_region_status;
CREATE INDEX people_region_status ON people(region_id, status, search_key, id, list_text);
