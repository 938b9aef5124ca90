-- Public alert subscribers (alerts/subscriptions.hpp) and the fan-out of approved alerts to them
-- (alerts/fan_out.hpp). An address is personal data: it is kept only sealed (XChaCha20-Poly1305
-- under the master key, like national IDs) with a keyed hash for finding duplicates; nothing
-- here shows it whole.
CREATE TABLE alert_subscribers (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  address_sealed TEXT NOT NULL,
  address_index TEXT NOT NULL UNIQUE,
  language TEXT NOT NULL CHECK (language IN ('kk', 'ru', 'en')),
  -- Unsubscribing deletes the row: nobody's address is kept once they have left.
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
  -- A change asked for by a new subscription request, applied when its link is followed: the
  -- request of someone who knows the address never changes a confirmed subscription by itself.
  pending_language TEXT CHECK (pending_language IN ('kk', 'ru', 'en')),
  pending_codes TEXT,
  confirmation_sent_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- The fan-out's walk: confirmed subscribers in id order.
CREATE INDEX alert_subscribers_status ON alert_subscribers (status, id);

-- The regions (registry KATO codes) a subscriber follows.
CREATE TABLE alert_subscriber_regions (
  subscriber_id INTEGER NOT NULL REFERENCES alert_subscribers (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  PRIMARY KEY (subscriber_id, code)
);
CREATE INDEX alert_subscriber_regions_code ON alert_subscriber_regions (code, subscriber_id);

-- One fan-out per alert and message type (Alert, Update, Cancel): the durable job that enqueues
-- its messages in batches. `cursor` is the last subscriber id done; each batch's messages and
-- the new cursor commit together, so a restart after kill -9 resumes without sending twice.
-- The alert is named by its id only (no foreign key): the alert tables are not this job's.
CREATE TABLE alert_fan_outs (
  id INTEGER PRIMARY KEY,
  alert_id BIGINT NOT NULL,
  msg_type TEXT NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  identifier TEXT NOT NULL,
  cap_status TEXT NOT NULL CHECK (cap_status IN ('Actual', 'Exercise', 'Test')),
  request TEXT NOT NULL,
  -- Subscribers confirmed after this time are not part of this fan-out.
  cutoff BIGINT NOT NULL,
  cursor BIGINT NOT NULL DEFAULT 0,
  enqueued BIGINT NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('running', 'done')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  done_at BIGINT,
  UNIQUE (alert_id, msg_type)
);
CREATE INDEX alert_fan_outs_state ON alert_fan_outs (state, id);

-- The region codes a fan-out reaches: the alert's area, its sub-regions and the regions
-- containing it, fixed when the fan-out starts.
CREATE TABLE alert_fan_out_codes (
  fan_out_id INTEGER NOT NULL REFERENCES alert_fan_outs (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  PRIMARY KEY (fan_out_id, code)
);
