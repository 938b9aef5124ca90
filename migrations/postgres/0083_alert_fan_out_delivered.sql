-- When the delivery counts of a finished fan-out were written to the audit log
-- (alert.fan_out.delivered): once none of its messages was queued or being sent any more.
ALTER TABLE alert_fan_outs ADD COLUMN delivered_at BIGINT;
