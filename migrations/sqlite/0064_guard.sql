-- Guarded posts, their shift patterns, and duty rosters (guard/). Facilities, units, regions and
-- people are the registry's: referred to by id and read through its services.
--
-- A roster is a generation run (queued → running → done | failed | cancelled, with progress)
-- and then versions: its shifts are fixed when the run ends; an assignment holds from the
-- version that added it until the version that removed it (to_version, NULL while current), so
-- a published roster is never rewritten and any version and any diff can be read back.
CREATE TABLE guard_posts (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL,
  region_id INTEGER NOT NULL,
  region_path TEXT NOT NULL,
  name TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  min_guards INTEGER NOT NULL CHECK (min_guards >= 1),
  target_guards INTEGER NOT NULL CHECK (target_guards >= min_guards),
  skills TEXT NOT NULL,
  sex TEXT CHECK (sex IN ('M', 'F')),
  min_age INTEGER,
  active_from TEXT NOT NULL,
  active_to TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX guard_posts_region ON guard_posts(region_path);
CREATE INDEX guard_posts_facility ON guard_posts(facility_id);

-- A post's daily shifts from `valid_from` until the next pattern's valid_from. `shifts` is the
-- JSON list [{"start": "HH:MM", "minutes": N}], wall-clock times in the configured zone.
CREATE TABLE guard_patterns (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES guard_posts(id),
  label TEXT NOT NULL,
  shifts TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (post_id, valid_from)
);

-- Units assigned to guard a facility (their members, and their sub-units' members, may stand
-- at its posts besides the units whose home region covers it).
CREATE TABLE guard_facility_units (
  facility_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (facility_id, unit_id)
);

CREATE TABLE guard_rosters (
  id INTEGER PRIMARY KEY,
  region_id INTEGER,
  region_path TEXT NOT NULL,
  from_date TEXT NOT NULL,
  days INTEGER NOT NULL,
  solver TEXT NOT NULL CHECK (solver IN ('fast', 'exact')),
  rules TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  progress DOUBLE PRECISION NOT NULL DEFAULT 0,
  error TEXT,
  summary TEXT,
  posts TEXT,
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
  version INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_by_id INTEGER,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX guard_rosters_status ON guard_rosters(status, id);
CREATE INDEX guard_rosters_region ON guard_rosters(region_path);

-- Every version of a roster: 1 is what the solver made; later ones are replacements and swaps,
-- with what changed (`change`: removed and added assignments, and why).
CREATE TABLE guard_roster_versions (
  roster_id INTEGER NOT NULL REFERENCES guard_rosters(id),
  version INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('generated', 'replacement', 'swap')),
  change TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (roster_id, version)
);

-- The shifts of a roster; `model_post` is the solver's post id (the post and its pattern) and
-- `reason` why the solver left slots empty (NULL when it filled them all).
CREATE TABLE guard_roster_shifts (
  id INTEGER PRIMARY KEY,
  roster_id INTEGER NOT NULL REFERENCES guard_rosters(id),
  post_id INTEGER NOT NULL REFERENCES guard_posts(id),
  model_post TEXT NOT NULL,
  day TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  min_guards INTEGER NOT NULL,
  target_guards INTEGER NOT NULL,
  reason TEXT
);
CREATE INDEX guard_roster_shifts_roster ON guard_roster_shifts(roster_id, starts_at);
CREATE INDEX guard_roster_shifts_post ON guard_roster_shifts(post_id, starts_at);

CREATE TABLE guard_assignments (
  id INTEGER PRIMARY KEY,
  roster_id INTEGER NOT NULL REFERENCES guard_rosters(id),
  shift_id INTEGER NOT NULL REFERENCES guard_roster_shifts(id),
  person_id INTEGER NOT NULL,
  from_version INTEGER NOT NULL,
  to_version INTEGER
);
CREATE INDEX guard_assignments_roster ON guard_assignments(roster_id, shift_id);
CREATE INDEX guard_assignments_person ON guard_assignments(person_id, roster_id);

-- A person's secret calendar token (the .ics feed without an account): its keyed hash only.
CREATE TABLE guard_calendar_tokens (
  person_id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
