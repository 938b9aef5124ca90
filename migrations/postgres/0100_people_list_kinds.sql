-- Which of a person's lists hold rows (1 skills, 2 availability, 4 unavailable periods), kept by
-- the person store with the lists themselves: a page of people asks only about the lists its
-- people have, where probing the three child tables for each of fifty people was a fifth of the
-- page's work and found nothing for most of them.
ALTER TABLE people ADD COLUMN list_kinds INTEGER NOT NULL DEFAULT 0;
UPDATE people SET list_kinds = list_kinds | 1 WHERE id IN (SELECT person_id FROM person_skills);
UPDATE people SET list_kinds = list_kinds | 2 WHERE id IN (SELECT person_id FROM person_availability);
UPDATE people SET list_kinds = list_kinds | 4 WHERE id IN (SELECT person_id FROM person_unavailable);
