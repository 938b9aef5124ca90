-- A check-in or an answer changes a notice's status and arrival time, and so moved the notice's
-- entry in every index holding either: the muster index (0068) was one of them. Readiness reads
-- its counts from activation_muster_counts (0090) and the arrivals' times from the index of the
-- arrivals alone, so the muster index serves only look-ups by activation and unit, which the
-- index of those two serves as well without being touched by a status change.
DROP INDEX activation_notices_muster;
CREATE INDEX activation_notices_unit ON activation_notices(activation_id, unit_id);
