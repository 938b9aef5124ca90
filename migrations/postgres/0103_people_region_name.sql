-- A region's people in name order and in id order. A list of one region (the usual filter, and a
-- regional account's scope) had an index in neither without a status (people_region_status puts
-- the status before the name), so PostgreSQL walked everyone in the list's order (people_search
-- or the primary key), keeping those of the region. Its generic plan reckons with a region's share
-- of the people at a uniform rate; where a region's people lay late in that order, or the region
-- held nobody, the walk read the 10 million people of the whole table and the request timed out.
-- With these its page is read in order from the region's first row (or the cursor's), with or
-- without a status, and with a skill the region's people are read in order until the page is
-- full. Indexes in the other orders (birth date, creation; by region and in all) made those lists
-- fast too but cost the import of 1,000,000 people 47-52 -> 66-71 s against its 60 s: left out.
-- SQLite is left without these (see its 0103).
CREATE INDEX people_region_name ON people(region_id, search_key, id);
CREATE INDEX people_region_id ON people(region_id, id);
