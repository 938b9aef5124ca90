-- A check-in sets its notice's arrived_facility_id, which moved the notice's entry in the index
-- of arrival points (0055) out of the entries of everyone not yet arrived, all NULL and side by
-- side (100,000 of a large activation): a delete there and an insert elsewhere, in the one
-- writer's transaction. Only arrivals are looked up by their point (`arrived_facility_id = $n`,
-- which implies IS NOT NULL, so both engines use the partial index for it), so the index holds
-- arrivals only and a check-in adds one entry.
DROP INDEX activation_notices_arrived;
CREATE INDEX activation_notices_arrived ON activation_notices(arrived_facility_id)
  WHERE arrived_facility_id IS NOT NULL;
