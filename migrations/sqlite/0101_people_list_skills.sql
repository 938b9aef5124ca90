-- A person's skills as one text on their row (people.skills_text: in id order, each
-- "<bytes>:<skill>" and then its two dates, each "<bytes>:<date>" or "-" for none; NULL for no
-- skills), kept by the person store with the skills themselves: a page of people read its
-- people's skills with a statement each, a third of a page of people who all have some.
ALTER TABLE people ADD COLUMN skills_text TEXT;
UPDATE people SET skills_text = (
  SELECT group_concat(s, '') FROM (
    SELECT length(CAST(skill AS BLOB)) || ':' || skill
      || ifnull(length(CAST(qualified_on AS BLOB)) || ':' || qualified_on, '-')
      || ifnull(length(CAST(expires_on AS BLOB)) || ':' || expires_on, '-') AS s
    FROM person_skills WHERE person_skills.person_id = people.id ORDER BY id))
WHERE id IN (SELECT person_id FROM person_skills);
-- A page of the people list in name order within a region and status (the list's usual query)
-- is read from this index alone: it holds every column of the page's rows (person_store's
-- kListColumns), where the narrower index sent each of a page's 51 rows back to the table by its
-- rowid. id follows search_key, as the list orders its ties and continues its cursors by it. The
-- index it replaces is its prefix.
DROP INDEX people_region_status;
CREATE INDEX people_region_status ON people(region_id, status, search_key, id, family_name,
  given_name, patronymic, birth_date, iin_sealed, phone, email, created_at, updated_at,
  list_kinds, language, skills_text);
