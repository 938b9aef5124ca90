-- Accounts, sessions and the hash-chained audit log.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  region_id INTEGER REFERENCES regions(id),
  unit_id INTEGER REFERENCES units(id),
  organisation_id INTEGER REFERENCES organisations(id),
  person_id INTEGER REFERENCES people(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id INTEGER,
  actor_login TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity_type, entity_id);
CREATE INDEX audit_actor ON audit_log(actor_id);
CREATE INDEX audit_at ON audit_log(at);
-- The chain's head: the last entry's sequence number and hash, updated with each append, so that
-- removing entries from the end is detected too.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- The registry: regions, organisations, units, people, facilities.
CREATE TABLE regions (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES regions(id),
  path TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL,
  name_kk TEXT NOT NULL,
  name_ru TEXT NOT NULL,
  name_en TEXT NOT NULL,
  search_key TEXT NOT NULL,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX regions_parent ON regions(parent_id);
CREATE INDEX regions_path ON regions(path);

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  search_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  size_category TEXT NOT NULL,
  region_id INTEGER REFERENCES regions(id),
  contact_name TEXT,
  phone TEXT,
  email TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX organisations_region ON organisations(region_id);

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES units(id),
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  search_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  region_id INTEGER NOT NULL REFERENCES regions(id),
  status TEXT NOT NULL,
  commander_id INTEGER REFERENCES people(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_region ON units(region_id);
CREATE INDEX units_path ON units(path);

CREATE TABLE unit_positions (
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  position TEXT NOT NULL,
  target INTEGER NOT NULL,
  PRIMARY KEY (unit_id, position)
);

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  patronymic TEXT,
  search_key TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  iin_sealed TEXT NOT NULL,
  iin_index TEXT NOT NULL UNIQUE,
  phone TEXT,
  email TEXT,
  region_id INTEGER NOT NULL REFERENCES regions(id),
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX people_region ON people(region_id);
CREATE INDEX people_status ON people(status);
CREATE INDEX people_search ON people(search_key);

CREATE TABLE person_skills (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  skill TEXT NOT NULL,
  qualified_on TEXT,
  expires_on TEXT
);
CREATE INDEX person_skills_person ON person_skills(person_id);
CREATE INDEX person_skills_skill ON person_skills(skill);

CREATE TABLE person_availability (
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL
);
CREATE INDEX person_availability_person ON person_availability(person_id);

CREATE TABLE person_unavailable (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL,
  reason TEXT
);
CREATE INDEX person_unavailable_person ON person_unavailable(person_id);

CREATE TABLE memberships (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  position TEXT NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT
);
CREATE INDEX memberships_person ON memberships(person_id);
CREATE INDEX memberships_unit ON memberships(unit_id);

CREATE TABLE facilities (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  search_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  organisation_id INTEGER REFERENCES organisations(id),
  region_id INTEGER NOT NULL REFERENCES regions(id),
  address TEXT,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  criticality INTEGER NOT NULL,
  guard_posts INTEGER NOT NULL DEFAULT 0,
  shelter_capacity INTEGER,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX facilities_region ON facilities(region_id);
CREATE INDEX facilities_org ON facilities(organisation_id);
CREATE INDEX facilities_kind ON facilities(kind);
