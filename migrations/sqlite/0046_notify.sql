-- The outbox of notify/: messages that other capabilities (activation notices, public alerts)
-- enqueue in their own transactions, and that the sender works: e-mail over SMTP, SMS over an
-- HTTP gateway, and print (kept queued for printed batches until marked printed). A message's
-- id is its idempotency key at the receiver. `reference` is the caller's own free text
-- ("activation:12:notice:345"), compared bytewise so that a prefix names a group.
CREATE TABLE notify_outbox (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'print')),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  html TEXT,
  reference TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'real' CHECK (kind IN ('real', 'exercise', 'test')),
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  sent_at BIGINT
);
-- The sender's question: what is due on a channel.
CREATE INDEX notify_outbox_due ON notify_outbox (status, channel, next_attempt_at);
CREATE INDEX notify_outbox_reference ON notify_outbox (reference);
