-- How many of an activation's notices stand at each unit and status, kept by triggers in the
-- transaction that writes the notices (approval, delivery, answer, check-in, the deadline's
-- sweep), so that readiness reads a row per unit and status instead of every notice's index
-- entry (100,000 for a large activation) on each request. Rows may fall to 0 and stay.
-- Statement-level triggers add one grouped change per statement (the approval's multi-row
-- insert adds a row per unit, not per person); the counters are changed in key order, so two
-- writers never wait on each other in a cycle.
CREATE TABLE activation_muster_counts (
  activation_id BIGINT NOT NULL,
  unit_id BIGINT NOT NULL,
  status TEXT NOT NULL,
  people BIGINT NOT NULL,
  PRIMARY KEY (activation_id, unit_id, status)
);
INSERT INTO activation_muster_counts (activation_id, unit_id, status, people)
  SELECT activation_id, unit_id, status, COUNT(*) FROM activation_notices
  GROUP BY activation_id, unit_id, status;

CREATE FUNCTION activation_muster_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activation_muster_counts AS c (activation_id, unit_id, status, people)
    SELECT activation_id, unit_id, status, COUNT(*) FROM new_rows
    GROUP BY activation_id, unit_id, status ORDER BY activation_id, unit_id, status
    ON CONFLICT (activation_id, unit_id, status) DO UPDATE SET people = c.people + EXCLUDED.people;
  RETURN NULL;
END $$;

CREATE FUNCTION activation_muster_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activation_muster_counts AS c (activation_id, unit_id, status, people)
    SELECT activation_id, unit_id, status, -COUNT(*) FROM old_rows
    GROUP BY activation_id, unit_id, status ORDER BY activation_id, unit_id, status
    ON CONFLICT (activation_id, unit_id, status) DO UPDATE SET people = c.people + EXCLUDED.people;
  RETURN NULL;
END $$;

CREATE FUNCTION activation_muster_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activation_muster_counts AS c (activation_id, unit_id, status, people)
    SELECT activation_id, unit_id, status, SUM(delta) FROM (
      SELECT activation_id, unit_id, status, 1 AS delta FROM new_rows
      UNION ALL SELECT activation_id, unit_id, status, -1 AS delta FROM old_rows) d
    GROUP BY activation_id, unit_id, status HAVING SUM(delta) <> 0
    ORDER BY activation_id, unit_id, status
    ON CONFLICT (activation_id, unit_id, status) DO UPDATE SET people = c.people + EXCLUDED.people;
  RETURN NULL;
END $$;

CREATE TRIGGER activation_muster_count_insert AFTER INSERT ON activation_notices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activation_muster_inserted();
CREATE TRIGGER activation_muster_count_delete AFTER DELETE ON activation_notices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activation_muster_deleted();
CREATE TRIGGER activation_muster_count_update AFTER UPDATE ON activation_notices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activation_muster_updated();

-- The muster curve needs each arrival's time: read from the arrivals alone, not from every
-- notice of the activation.
CREATE INDEX activation_notices_arrivals ON activation_notices(activation_id, unit_id, arrived_at)
  WHERE status = 'arrived';
