-- A sick report ends early when its author withdraws it or their commander cancels it while it
-- has not ended: rosters made afterwards count the person again (shifts already reassigned stay
-- as they are). `closed_note`: why, as the one who closed it wrote.
ALTER TABLE guard_sick_reports ADD COLUMN status TEXT NOT NULL DEFAULT 'filed'
  CHECK (status IN ('filed', 'withdrawn', 'cancelled'));
ALTER TABLE guard_sick_reports ADD COLUMN closed_by TEXT;
ALTER TABLE guard_sick_reports ADD COLUMN closed_at BIGINT;
ALTER TABLE guard_sick_reports ADD COLUMN closed_note TEXT;
