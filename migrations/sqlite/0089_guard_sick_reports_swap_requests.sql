-- A person's own sick report: they cannot stand any shift on these days (whole local days, both
-- ends inclusive). Rosters made afterwards leave them out, and the published shifts it touches
-- are shown to those who change the person's rosters, with the replacements that keep the rules.
CREATE TABLE guard_sick_reports (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL,
  note TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX guard_sick_reports_person ON guard_sick_reports(person_id, to_date);
CREATE INDEX guard_sick_reports_to ON guard_sick_reports(to_date);

-- A swap one person asks for (their shift for another's) and another approves: the other person,
-- or someone who changes rosters for the other person. `version`: the roster version it made.
CREATE TABLE guard_swap_requests (
  id INTEGER PRIMARY KEY,
  roster_id INTEGER NOT NULL REFERENCES guard_rosters(id),
  first_shift_id INTEGER NOT NULL REFERENCES guard_roster_shifts(id),
  first_person_id INTEGER NOT NULL,
  second_shift_id INTEGER NOT NULL REFERENCES guard_roster_shifts(id),
  second_person_id INTEGER NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'withdrawn')),
  requested_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  decided_by TEXT,
  decided_at BIGINT,
  note TEXT,
  version INTEGER
);
CREATE INDEX guard_swap_requests_status ON guard_swap_requests(status, id);
