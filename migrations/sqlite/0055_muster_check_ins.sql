-- Check-ins sent by the offline muster page (activation/muster_points.hpp), one row per
-- client_id the page gave the check-in when it was queued: a batch resent after a lost answer
-- is recognised and records nothing twice. `credential_sha256` (of the code or token presented)
-- tells a resend from another check-in that reuses the client_id, without keeping the credential.
CREATE TABLE activation_check_ins (
  client_id TEXT PRIMARY KEY,
  facility_id INTEGER NOT NULL,
  credential_sha256 TEXT NOT NULL,
  activation_id INTEGER,
  notice_id INTEGER,
  at BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL,
  by_login TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX activation_check_ins_notice ON activation_check_ins(notice_id);

-- The muster page reads the notices of a point (a short code is looked up through
-- activation_notices_code, made by 0054).
CREATE INDEX activation_notices_assembly ON activation_notices(assembly_facility_id);
CREATE INDEX activation_notices_arrived ON activation_notices(arrived_facility_id);
