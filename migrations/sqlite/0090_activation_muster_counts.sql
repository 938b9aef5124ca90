-- How many of an activation's notices stand at each unit and status, kept by triggers in the
-- transaction that writes the notices (approval, delivery, answer, check-in, the deadline's
-- sweep), so that readiness reads a row per unit and status instead of every notice's index
-- entry (100,000 for a large activation) on each request. Rows may fall to 0 and stay.
CREATE TABLE activation_muster_counts (
  activation_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  people INTEGER NOT NULL,
  PRIMARY KEY (activation_id, unit_id, status)
) WITHOUT ROWID;
INSERT INTO activation_muster_counts (activation_id, unit_id, status, people)
  SELECT activation_id, unit_id, status, COUNT(*) FROM activation_notices
  GROUP BY activation_id, unit_id, status;

CREATE TRIGGER activation_muster_count_insert AFTER INSERT ON activation_notices BEGIN
  INSERT INTO activation_muster_counts (activation_id, unit_id, status, people)
    VALUES (NEW.activation_id, NEW.unit_id, NEW.status, 1)
    ON CONFLICT (activation_id, unit_id, status) DO UPDATE SET people = people + 1;
END;

CREATE TRIGGER activation_muster_count_delete AFTER DELETE ON activation_notices BEGIN
  UPDATE activation_muster_counts SET people = people - 1
    WHERE activation_id = OLD.activation_id AND unit_id = OLD.unit_id AND status = OLD.status;
END;

CREATE TRIGGER activation_muster_count_update
  AFTER UPDATE OF activation_id, unit_id, status ON activation_notices
  WHEN NEW.status <> OLD.status OR NEW.unit_id <> OLD.unit_id
    OR NEW.activation_id <> OLD.activation_id BEGIN
  UPDATE activation_muster_counts SET people = people - 1
    WHERE activation_id = OLD.activation_id AND unit_id = OLD.unit_id AND status = OLD.status;
  INSERT INTO activation_muster_counts (activation_id, unit_id, status, people)
    VALUES (NEW.activation_id, NEW.unit_id, NEW.status, 1)
    ON CONFLICT (activation_id, unit_id, status) DO UPDATE SET people = people + 1;
END;

-- The muster curve needs each arrival's time: read from the arrivals alone, not from every
-- notice of the activation.
CREATE INDEX activation_notices_arrivals ON activation_notices(activation_id, unit_id, arrived_at)
  WHERE status = 'arrived';
