-- A district's page of people with a status in name order (the list's usual query), at any cursor,
-- read from one range of this index alone: it holds every column a list row shows, after the
-- keys and the id the list is ordered by. Without them each of a page's 51 rows was looked up in
-- the table by its rowid after the index had found it (about 94,000 of a page's 698,000
-- instructions). It replaces the index of the same keys, so an import still rebuilds as many
-- indexes; the columns not in it (the IIN's blind index, the name key) are never shown by a list.
DROP INDEX people_region_status;
CREATE INDEX people_region_status ON people(region_id, status, search_key, id, family_name,
  given_name, patronymic, birth_date, iin_sealed, phone, email, created_at, updated_at,
  list_kinds, language, skills_text);
