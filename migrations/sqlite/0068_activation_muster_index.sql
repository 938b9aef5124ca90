-- Readiness counts an activation's notices by unit, status and arrival time
-- (activation_store::muster_tallies): with all four in one index it reads the index alone, in
-- its order, instead of a table row per person. The index on (activation_id, unit_id) is its
-- prefix and goes.
DROP INDEX activation_notices_unit;
CREATE INDEX activation_notices_muster ON activation_notices(activation_id, unit_id, status, arrived_at);
