-- Every unit with each of its ancestors and itself (a closure table), so that "the people of a
-- unit's subtree" is an index lookup a prepared statement can use instead of a LIKE on the
-- units' paths. The unit store keeps it when units are created, moved or deleted.
CREATE TABLE unit_ancestry (
  ancestor_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  depth INTEGER NOT NULL,
  PRIMARY KEY (ancestor_id, unit_id)
);
CREATE INDEX unit_ancestry_unit ON unit_ancestry(unit_id, ancestor_id);
INSERT INTO unit_ancestry (ancestor_id, unit_id, depth)
WITH RECURSIVE up(ancestor_id, unit_id, depth) AS (
  SELECT id, id, 0 FROM units
  UNION ALL
  SELECT u.parent_id, up.unit_id, up.depth + 1 FROM up JOIN units u ON u.id = up.ancestor_id
  WHERE u.parent_id IS NOT NULL)
SELECT ancestor_id, unit_id, depth FROM up;

-- A page of people reads its people's skills from the index alone (person_store::load_children),
-- not one table row per skill; it replaces the index on person_id, its prefix.
CREATE INDEX person_skills_person_all ON person_skills(person_id, id, skill, qualified_on, expires_on);
DROP INDEX person_skills_person;

-- Lists of people in name order end each sort key with the id. Without it in the index,
-- PostgreSQL reads and sorts a whole run of equal names (tens of thousands in a national
-- registry) for every page; with it, page 1, the cursor's run (search_key = v AND id > i) and
-- the row value (search_key, id) > (v, i) are all index ranges in order. SQLite's indexes end
-- with the rowid already.
DROP INDEX people_region_status;
CREATE INDEX people_region_status ON people(region_id, status, search_key, id);
