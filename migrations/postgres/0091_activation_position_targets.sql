-- A plan's target strength of each unit per position (e.g. 30 riflemen, 4 drivers, 2 medics),
-- beside the unit's whole target (activation/plans.hpp), in the order given (`ordinal`).
CREATE TABLE activation_plan_positions (
  plan_id BIGINT NOT NULL REFERENCES activation_plans(id) ON DELETE CASCADE,
  unit_id BIGINT NOT NULL,
  ordinal BIGINT NOT NULL,
  position TEXT NOT NULL,
  target BIGINT NOT NULL,
  PRIMARY KEY (plan_id, unit_id, position)
);
