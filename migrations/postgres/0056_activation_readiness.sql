-- Readiness (activation/readiness.hpp): the skills a plan needs of each of its units (e.g. two
-- medics, four drivers), and when an activation's deadline was applied (activation/overdue.hpp),
-- so that the periodic sweep marks and reports the overdue people of an activation once.
CREATE TABLE activation_plan_needs (
  plan_id BIGINT NOT NULL REFERENCES activation_plans(id) ON DELETE CASCADE,
  unit_id BIGINT NOT NULL,
  position BIGINT NOT NULL,
  skill TEXT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (plan_id, unit_id, skill)
);

ALTER TABLE activations ADD COLUMN overdue_at BIGINT;
