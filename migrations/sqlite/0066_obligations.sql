-- Company protection duties (obligations/): the duties by facility criticality, companies'
-- self-assessments with evidence files, inspections by headquarters with their findings and the
-- findings' follow-up, and compliance snapshots for the trend. Facilities, organisations and
-- regions are the registry's: referred to by id (with the region path and organisation kept for
-- scoping) and checked through its services.

-- What a facility of a large company must have, per criticality class (1 = highest). A NULL
-- level: the duty does not apply to that class. Levels are integers in the duty's measure:
-- yes_no (1 = required), count (at least), hours (at least), percent (of the workers, e.g.
-- shelter places: 100 = one place a worker), per_year (at least, e.g. 4 = quarterly).
CREATE TABLE obligation_duties (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_ru TEXT NOT NULL,
  name_kk TEXT NOT NULL,
  measure TEXT NOT NULL CHECK (measure IN ('yes_no', 'count', 'hours', 'percent', 'per_year')),
  level_1 INTEGER,
  level_2 INTEGER,
  level_3 INTEGER,
  active INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

INSERT INTO obligation_duties (code, name_en, name_ru, name_kk, measure, level_1, level_2, level_3, position, updated_by, updated_at) VALUES
  ('guards_per_shift', 'Guards per shift', 'Охранников в смену', 'Ауысымдағы күзетшілер', 'count', 4, 2, 1, 10, 'migration', 0),
  ('access_control', 'Access control at every entrance', 'Контроль доступа на всех входах', 'Барлық кіреберісте рұқсат бақылауы', 'yes_no', 1, 1, 1, 20, 'migration', 0),
  ('perimeter_lighting', 'Perimeter lighting', 'Освещение периметра', 'Периметрді жарықтандыру', 'yes_no', 1, 1, NULL, 30, 'migration', 0),
  ('video_surveillance', 'Video surveillance of the perimeter', 'Видеонаблюдение периметра', 'Периметрді бейнебақылау', 'yes_no', 1, 1, NULL, 40, 'migration', 0),
  ('backup_power_hours', 'Backup power, hours', 'Резервное электропитание, часов', 'Резервтік электр қуаты, сағат', 'hours', 72, 24, 8, 50, 'migration', 0),
  ('shelter_places_percent', 'Shelter places, % of workers', 'Места в укрытии, % работников', 'Баспанадағы орындар, қызметкерлердің %', 'percent', 100, 100, 50, 60, 'migration', 0),
  ('drills_per_year', 'Protection drills a year', 'Учений по защите в год', 'Жылына қорғау жаттығулары', 'per_year', 4, 4, 2, 70, 'migration', 0);

-- A company's self-assessment of one facility: the value it reports for each duty
-- (answers: [{duty, value, comment}]), the workers on site, and the result under the duties as
-- they were then (met / required).
CREATE TABLE obligation_assessments (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL,
  region_id INTEGER NOT NULL,
  region_path TEXT NOT NULL,
  criticality INTEGER NOT NULL,
  assessed_on TEXT NOT NULL,
  workers INTEGER NOT NULL,
  answers TEXT NOT NULL,
  required INTEGER NOT NULL,
  met INTEGER NOT NULL,
  submitted_by TEXT NOT NULL,
  submitted_at BIGINT NOT NULL
);
CREATE INDEX obligation_assessments_facility ON obligation_assessments(facility_id, id);
CREATE INDEX obligation_assessments_org ON obligation_assessments(organisation_id, id);
CREATE INDEX obligation_assessments_region ON obligation_assessments(region_path);

-- Evidence files of an assessment (a photograph, a scan, a PDF), checked by their bytes.
CREATE TABLE obligation_evidence (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES obligation_assessments(id),
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  data BLOB NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX obligation_evidence_assessment ON obligation_evidence(assessment_id, id);

-- An inspection by headquarters: the checklist of the duties with what the inspector observed
-- (checklist: [{duty, name, measure, required, observed, met, note}]) and its result.
CREATE TABLE obligation_inspections (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL,
  region_id INTEGER NOT NULL,
  region_path TEXT NOT NULL,
  criticality INTEGER NOT NULL,
  inspected_on TEXT NOT NULL,
  inspector TEXT NOT NULL,
  checklist TEXT NOT NULL,
  required INTEGER NOT NULL,
  met INTEGER NOT NULL,
  notes TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX obligation_inspections_facility ON obligation_inspections(facility_id, id);
CREATE INDEX obligation_inspections_org ON obligation_inspections(organisation_id, id);
CREATE INDEX obligation_inspections_region ON obligation_inspections(region_path);

-- A deficiency an inspection found, with its follow-up: open → in_progress → remedied (the
-- company says so) → closed (headquarters, with a note). `reminded_at`: when the overdue
-- reminder went to the outbox (once).
CREATE TABLE obligation_findings (
  id INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES obligation_inspections(id),
  facility_id INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL,
  region_path TEXT NOT NULL,
  duty TEXT,
  deficiency TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  deadline TEXT NOT NULL,
  responsible TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'remedied', 'closed')),
  closing_note TEXT,
  reminded_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX obligation_findings_inspection ON obligation_findings(inspection_id, id);
CREATE INDEX obligation_findings_due ON obligation_findings(status, deadline);
CREATE INDEX obligation_findings_region ON obligation_findings(region_path);

-- Every status change of a finding, with who and why.
CREATE TABLE obligation_finding_events (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES obligation_findings(id),
  status TEXT NOT NULL,
  note TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at BIGINT NOT NULL
);
CREATE INDEX obligation_finding_events_finding ON obligation_finding_events(finding_id, id);

-- A facility's compliance each time it changed (an assessment, an inspection, a finding's
-- status): the trend of a facility, an organisation and a region is read from these.
CREATE TABLE obligation_snapshots (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL,
  region_path TEXT NOT NULL,
  status TEXT NOT NULL,
  score INTEGER NOT NULL,
  taken_at BIGINT NOT NULL
);
CREATE INDEX obligation_snapshots_facility ON obligation_snapshots(facility_id, taken_at);
CREATE INDEX obligation_snapshots_region ON obligation_snapshots(region_path);
