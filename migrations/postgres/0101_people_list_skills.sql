-- A person's skills as one text on their row (people.skills_text: in id order, each
-- "<bytes>:<skill>" and then its two dates, each "<bytes>:<date>" or "-" for none; NULL for no
-- skills), kept by the person store with the skills themselves: SQLite's list reads it (see the
-- SQLite migration); PostgreSQL's list has a statement of its own (person_list_pg).
ALTER TABLE people ADD COLUMN skills_text TEXT;
UPDATE people SET skills_text = s.t
FROM (SELECT person_id, string_agg(octet_length(skill) || ':' || skill
        || coalesce(octet_length(qualified_on) || ':' || qualified_on, '-')
        || coalesce(octet_length(expires_on) || ':' || expires_on, '-'), '' ORDER BY id) AS t
      FROM person_skills GROUP BY person_id) s
WHERE s.person_id = people.id;
