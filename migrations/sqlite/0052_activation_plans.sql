-- Activation plans (activation/plans.hpp): which units of a region are called up, each unit's
-- target strength and assembly point, the reporting deadline after activation and the call-up
-- message in kk, ru and en. Units, regions and facilities are the registry's: referred to by id
-- and checked through its services, not by foreign keys into its tables.
CREATE TABLE activation_plans (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  region_id INTEGER NOT NULL,
  region_path TEXT NOT NULL,
  deadline_minutes INTEGER NOT NULL,
  message_kk TEXT NOT NULL DEFAULT '',
  message_ru TEXT NOT NULL DEFAULT '',
  message_en TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX activation_plans_region ON activation_plans(region_path);

CREATE TABLE activation_plan_units (
  plan_id INTEGER NOT NULL REFERENCES activation_plans(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  target INTEGER NOT NULL,
  assembly_facility_id INTEGER NOT NULL,
  PRIMARY KEY (plan_id, unit_id)
);
