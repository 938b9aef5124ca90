-- An e-mail's one-click unsubscribe address (RFC 8058), sent as List-Unsubscribe: public alerts
-- carry their subscriber's link so that mail programs offer the button of their own.
ALTER TABLE notify_outbox ADD COLUMN list_unsubscribe TEXT;
