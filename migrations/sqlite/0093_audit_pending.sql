-- Audit entries written in their change's transaction but not yet chained (see the PostgreSQL
-- migration). SQLite has one writer, which chains each entry as it writes it, so the table
-- stays empty here; it exists so that both engines have the same tables.
CREATE TABLE audit_pending (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id INTEGER,
  actor_login TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT NOT NULL
);
