-- people.list_text: the fields a list row shows or needs as one text on the person's row (the
-- format is registry/list_text.hpp's; the person store keeps it on every write), and
-- people_region_status carries it instead of those fields one column each (0108): a district's
-- page with a status is still one range of the index alone, and its statement reads two columns
-- a row (id and this) instead of fourteen.
ALTER TABLE people ADD COLUMN list_text TEXT;
UPDATE people SET list_text =
  length(CAST(family_name AS BLOB)) || ':' || family_name
  || length(CAST(given_name AS BLOB)) || ':' || given_name
  || ifnull(length(CAST(patronymic AS BLOB)) || ':' || patronymic, '-')
  || length(CAST(search_key AS BLOB)) || ':' || search_key
  || length(CAST(birth_date AS BLOB)) || ':' || birth_date
  || ifnull(length(CAST(phone AS BLOB)) || ':' || phone, '-')
  || ifnull(length(CAST(email AS BLOB)) || ':' || email, '-')
  || ifnull(length(CAST(language AS BLOB)) || ':' || language, '-')
  || length(CAST(iin_sealed AS BLOB)) || ':' || iin_sealed
  || created_at || ';' || updated_at || ';' || list_kinds || ';';
DROP INDEX people_region_status;
CREATE INDEX people_region_status ON people(region_id, status, search_key, id, list_text,
  skills_text);
