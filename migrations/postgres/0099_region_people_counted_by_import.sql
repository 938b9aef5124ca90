-- An import adds the people it stores to region_people once, at its end, instead of letting the
-- statement-level trigger do it for each of its statements. In the import's one long transaction
-- every statement updated the same counter rows, and none of their earlier versions could be
-- pruned before the commit, so each statement's upsert walked a chain as long as the statements
-- before it: a 10,000,000-person import slowed quadratically. The import marks its transaction
-- (set_config, transaction-local); every other writer is counted by the trigger as before.
CREATE OR REPLACE FUNCTION region_people_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('qorgan.people_counted_by_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO region_people AS c (region_id, people)
    SELECT region_id, COUNT(*) FROM new_rows GROUP BY region_id ORDER BY region_id
    ON CONFLICT (region_id) DO UPDATE SET people = c.people + EXCLUDED.people;
  RETURN NULL;
END $$;
