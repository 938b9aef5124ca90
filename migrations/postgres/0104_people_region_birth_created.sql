-- The people by birth date and by creation, of a region and of all. With these a list in either
-- order reads its page in order from the first row (or the cursor's): a district's from its
-- region's index, a city's or an oblast's by reading each of its regions so and merging them
-- (person_list_pg.cpp), everyone's from the index of all. Without them the people of the list
-- were sorted whole: a district's page 0.1 s, a city's 0.7-1 s, everyone's 1.2-5.3 s at 10
-- million people. Their cost in an import of more people than the table holds is one sort each
-- after the rows (Tx::begin_bulk_load); a smaller import inserts into each.
CREATE INDEX people_region_birth ON people(region_id, birth_date, id);
CREATE INDEX people_region_created ON people(region_id, created_at, id);
CREATE INDEX people_birth ON people(birth_date, id);
CREATE INDEX people_created ON people(created_at, id);
