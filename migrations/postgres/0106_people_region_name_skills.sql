-- A region's people in name order with their skills text in the index (INCLUDE), so that a list
-- with a skill finds its page in the index alone: the skills text is searched for the skill in the
-- index's entries (person_list_pg.cpp reads the page's ids first, then their rows). A city's list
-- with a skill by name read each person of its districts in name order from the table until the
-- page was full, one table page a person: 0.1-1 s warm and 4.9-9.5 s cold at 10 million people,
-- where the skill's holders came late in name order. The same for a status (people_region_status).
-- Each index replaces the one of the same keys, so an import builds or inserts into as many
-- indexes as before.
CREATE INDEX people_region_name_skills ON people(region_id, search_key, id) INCLUDE (skills_text);
DROP INDEX people_region_name;
ALTER INDEX people_region_name_skills RENAME TO people_region_name;
CREATE INDEX people_region_status_skills ON people(region_id, status, search_key, id)
  INCLUDE (skills_text);
DROP INDEX people_region_status;
ALTER INDEX people_region_status_skills RENAME TO people_region_status;
