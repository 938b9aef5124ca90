-- Readiness (activation/readiness.hpp): the skills a plan needs of each of its units (e.g. two
-- medics, four drivers), and when an activation's deadline was applied (activation/overdue.hpp),
-- so that the periodic sweep marks and reports the overdue people of an activation once.
CREATE TABLE activation_plan_needs (
  plan_id INTEGER NOT NULL REFERENCES activation_plans(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  skill TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (plan_id, unit_id, skill)
);

ALTER TABLE activations ADD COLUMN overdue_at BIGINT;
