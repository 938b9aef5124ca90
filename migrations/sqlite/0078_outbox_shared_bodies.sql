-- Bulk messages (an alert's fan-out to its subscribers): the words are stored once, in
-- notify_bodies, and each outbox row of such a message carries only its recipient's key (the
-- recipient column) and body_id; the source named by the body (registered with the sender by
-- app/) turns the key into the address and the final text when the message is sent. A million
-- recipients then cost a million narrow rows instead of a million copies of the text.
-- Bodies are never deleted while messages refer to them; body_id has no foreign key so that a
-- bulk insert checks no parent row per message.
CREATE TABLE notify_bodies (
  id INTEGER PRIMARY KEY,
  -- Who resolves the key ("alerts.subscriber"), and what it needs besides (the language).
  source TEXT NOT NULL,
  context TEXT NOT NULL DEFAULT '',
  shared_subject TEXT NOT NULL DEFAULT '',
  shared_text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
ALTER TABLE notify_outbox ADD COLUMN body_id BIGINT;

-- The bodies of a fan-out's messages by channel and language ({"sms:ru": 12, …}), made by its
-- first batch.
ALTER TABLE alert_fan_outs ADD COLUMN bodies TEXT;
