-- Filtered people lists (a district and a status) served in name order from one index; the
-- region-only index is a prefix of it and goes.
CREATE INDEX people_region_status ON people(region_id, status, search_key);
DROP INDEX people_region;
