-- A region's people in name order. A list of one region without a status (the usual filter and a
-- regional account's scope) had no index in that order: people_region_status puts the status
-- before the name, so PostgreSQL walked every person by name (people_search) keeping those of the
-- region. Its generic plan reckons with a region's share of the people at a uniform rate, but where
-- a region's names lie late in the alphabet, or the region holds nobody, that walk read the 10
-- million people of the whole table and the request timed out. This index reads the page in
-- order from the region's first name, and answers a later page's ties with the cursor's name
-- (same name, higher id) in id order too.
CREATE INDEX people_region_name ON people(region_id, search_key, id);
