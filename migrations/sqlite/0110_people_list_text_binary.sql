-- people.list_text in its binary form (registry/list_text.hpp: fixed-width times, the texts'
-- sizes, the sealed IIN as its bytes), which SQL cannot make (SQLite 3.40 has no unhex()):
-- right after this migration `qorgan` rewrites every row's text of 0109's form in C++
-- (person_store::rewrite_list_texts), a thousand rows a transaction. A row not yet rewritten
-- reads as before.
SELECT 1;
