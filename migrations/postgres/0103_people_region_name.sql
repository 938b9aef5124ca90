-- The people in each order the list offers, by region and in all: by name, birth date, creation
-- and id. A list of one region (the usual filter, and a regional account's scope) had an index in
-- none of them without a status (people_region_status puts the status before the name) and in none
-- but the name with one, so PostgreSQL walked everyone in the list's order (people_search or the
-- primary key), keeping those of the region, or sorted the region's people. Its generic plan
-- reckons with a region's share of the people at a uniform rate; where a region's people lay late
-- in that order, or the region held nobody, the walk read the 10 million people of the whole table
-- and the request timed out. With the region's indexes its page is read in order from the region's
-- first row (or the cursor's), with or without a status, and with a skill the region's people are
-- read in order until the page is full. A list of an oblast (its districts' ids) or of everyone by
-- birth date or creation sorted all of them; it now walks those orders' indexes of all people, as
-- it walked the name's. What they cost at 10 million people: 2.5 GB, and some 5 minutes to build
-- on a loaded machine of two cores; the import maintains them too. SQLite is left without them
-- (see its 0103).
CREATE INDEX people_region_name ON people(region_id, search_key, id);
CREATE INDEX people_region_birth ON people(region_id, birth_date, id);
CREATE INDEX people_region_created ON people(region_id, created_at, id);
CREATE INDEX people_region_id ON people(region_id, id);
CREATE INDEX people_birth ON people(birth_date, id);
CREATE INDEX people_created ON people(created_at, id);
