-- people.list_text's kinds byte says whether the texts a record shows need JSON escaping
-- (registry/list_text.hpp): the list's writer copies them when they need none. SQL cannot tell
-- (it would need the JSON writer's rules), so right after this migration `qorgan` rewrites in C++
-- every text that does not say so (person_store::rewrite_list_texts), a thousand rows a
-- transaction. A row not yet rewritten lists as before, its texts checked.
SELECT 1;
