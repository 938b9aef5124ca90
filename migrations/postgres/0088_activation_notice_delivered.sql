-- When a call-up notice's message (or a reminder) was handed over by its channel: the sender
-- sets it in the transaction that records the message sent (activation::record_delivery), and
-- the person shows as reached.
ALTER TABLE activation_notices ADD COLUMN delivered_at BIGINT;
