-- Audit entries written in their change's transaction but not yet chained. On PostgreSQL a
-- writer no longer takes the chain's lock: it inserts its entry here, and once it has committed
-- a sealer (the writer itself, or whoever reads the log next) moves the committed entries into
-- audit_log in id order, each with the next seq and its hash, under the chain's lock, in one
-- short transaction. A crash between the two leaves the entries here, committed, for the next
-- sealer; it never leaves a half-sealed chain, since sealing is one transaction.
CREATE TABLE audit_pending (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_login TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT NOT NULL
);
