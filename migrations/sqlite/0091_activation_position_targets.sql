-- A plan's target strength of each unit per position (e.g. 30 riflemen, 4 drivers, 2 medics),
-- beside the unit's whole target (activation/plans.hpp), in the order given (`ordinal`).
CREATE TABLE activation_plan_positions (
  plan_id INTEGER NOT NULL REFERENCES activation_plans(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  position TEXT NOT NULL,
  target INTEGER NOT NULL,
  PRIMARY KEY (plan_id, unit_id, position)
);
