-- Public alerts (alerts/model.hpp): one row per CAP message, draft to published to ended. The
-- CAP fields that are not searched (texts in kk/ru/en, codes, the area) are kept as one JSON
-- document in `content`; `refs` and `authors` are JSON arrays of alert and account ids.
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  identifier TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  msg_type TEXT NOT NULL,
  state TEXT NOT NULL,
  region_path TEXT NOT NULL,
  onset BIGINT,
  expires BIGINT NOT NULL,
  content TEXT NOT NULL,
  refs TEXT NOT NULL DEFAULT '[]',
  authors TEXT NOT NULL DEFAULT '[]',
  composed_by TEXT NOT NULL,
  approved_by TEXT,
  approved_by_id BIGINT,
  approved_at BIGINT,
  ended_by TEXT,
  ended_at BIGINT,
  replaced_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX alerts_state ON alerts(state, expires);
CREATE INDEX alerts_region ON alerts(region_path);
