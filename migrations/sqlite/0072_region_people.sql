-- How many people have each region as their home region, kept by triggers in the transaction
-- that writes the people, so that counts per region (with their sub-regions) read one row per
-- region instead of counting millions of people.
CREATE TABLE region_people (
  region_id INTEGER PRIMARY KEY REFERENCES regions(id) ON DELETE CASCADE,
  people INTEGER NOT NULL
);
INSERT INTO region_people (region_id, people)
  SELECT region_id, COUNT(*) FROM people GROUP BY region_id;

CREATE TRIGGER people_count_insert AFTER INSERT ON people BEGIN
  INSERT INTO region_people (region_id, people) VALUES (NEW.region_id, 1)
    ON CONFLICT (region_id) DO UPDATE SET people = people + 1;
END;

CREATE TRIGGER people_count_delete AFTER DELETE ON people BEGIN
  UPDATE region_people SET people = people - 1 WHERE region_id = OLD.region_id;
END;

CREATE TRIGGER people_count_move AFTER UPDATE OF region_id ON people
  WHEN NEW.region_id <> OLD.region_id BEGIN
  UPDATE region_people SET people = people - 1 WHERE region_id = OLD.region_id;
  INSERT INTO region_people (region_id, people) VALUES (NEW.region_id, 1)
    ON CONFLICT (region_id) DO UPDATE SET people = people + 1;
END;

-- A unit's strength counts its current memberships by position: with every column it reads in
-- the index, a unit of tens of thousands of members is counted from the index alone.
CREATE INDEX memberships_unit_strength ON memberships(unit_id, position, from_date, to_date);
