-- How many people have each region as their home region, kept by triggers in the transaction
-- that writes the people, so that counts per region (with their sub-regions) read one row per
-- region instead of counting millions of people. Statement-level triggers add one grouped
-- change per statement (a multi-row insert of an import adds a row per region, not per person);
-- the counters are changed in region order, so two writers never wait on each other in a cycle.
CREATE TABLE region_people (
  region_id BIGINT PRIMARY KEY REFERENCES regions(id) ON DELETE CASCADE,
  people BIGINT NOT NULL
);
INSERT INTO region_people (region_id, people)
  SELECT region_id, COUNT(*) FROM people GROUP BY region_id;

CREATE FUNCTION region_people_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO region_people AS c (region_id, people)
    SELECT region_id, COUNT(*) FROM new_rows GROUP BY region_id ORDER BY region_id
    ON CONFLICT (region_id) DO UPDATE SET people = c.people + EXCLUDED.people;
  RETURN NULL;
END $$;

CREATE FUNCTION region_people_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO region_people AS c (region_id, people)
    SELECT region_id, -COUNT(*) FROM old_rows GROUP BY region_id ORDER BY region_id
    ON CONFLICT (region_id) DO UPDATE SET people = c.people + EXCLUDED.people;
  RETURN NULL;
END $$;

CREATE FUNCTION region_people_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO region_people AS c (region_id, people)
    SELECT region_id, SUM(delta) FROM (
      SELECT region_id, 1 AS delta FROM new_rows
      UNION ALL SELECT region_id, -1 AS delta FROM old_rows) d
    GROUP BY region_id HAVING SUM(delta) <> 0 ORDER BY region_id
    ON CONFLICT (region_id) DO UPDATE SET people = c.people + EXCLUDED.people;
  RETURN NULL;
END $$;

CREATE TRIGGER people_count_insert AFTER INSERT ON people
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION region_people_inserted();
CREATE TRIGGER people_count_delete AFTER DELETE ON people
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION region_people_deleted();
CREATE TRIGGER people_count_update AFTER UPDATE ON people
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION region_people_moved();

-- A unit's strength counts its current memberships by position: with every column it reads in
-- the index, a unit of tens of thousands of members is counted from the index alone.
CREATE INDEX memberships_unit_strength ON memberships(unit_id, position, from_date, to_date);
