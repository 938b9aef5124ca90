-- Activations of a plan and the call-up notices they issue (activation/activations.hpp). A
-- notice keeps the person's name as the registry had it when it was issued; people, units and
-- facilities are referred to by id, not by foreign keys into the registry's tables.
CREATE TABLE activations (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES activation_plans(id),
  kind TEXT NOT NULL,
  phase TEXT NOT NULL,
  region_path TEXT NOT NULL,
  deadline_minutes INTEGER NOT NULL,
  proposed_by TEXT NOT NULL,
  proposed_at BIGINT NOT NULL,
  approved_by TEXT,
  ended_by TEXT,
  activated_at BIGINT,
  deadline_at BIGINT,
  ended_at BIGINT
);
CREATE INDEX activations_region ON activations(region_path);
CREATE INDEX activations_plan ON activations(plan_id);

CREATE TABLE activation_notices (
  id INTEGER PRIMARY KEY,
  activation_id INTEGER NOT NULL REFERENCES activations(id),
  person_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  assembly_facility_id INTEGER NOT NULL,
  person_name TEXT NOT NULL,
  code TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  answered_at BIGINT,
  arrived_at BIGINT,
  arrived_facility_id INTEGER,
  checked_in_by TEXT,
  UNIQUE (activation_id, person_id),
  UNIQUE (activation_id, code)
);
CREATE INDEX activation_notices_status ON activation_notices(activation_id, status);
