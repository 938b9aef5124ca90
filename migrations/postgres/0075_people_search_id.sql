-- The people list without a region filter sorts by search_key alone: as people_region_status in
-- 0069, its index ends with the id, so that a page, the cursor's run of equal names and the row
-- value (search_key, id) > (v, i) are index ranges in order rather than a sort of a whole run.
DROP INDEX people_search;
CREATE INDEX people_search ON people(search_key, id);
