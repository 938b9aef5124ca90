-- A person's skills as one text on their row (people.skills_text: in id order, each
-- "<bytes>:<skill>" and then its two dates, each "<bytes>:<date>" or "-" for none; NULL for no
-- skills), kept by the person store with the skills themselves: a page of people read them with a
-- statement for each person who has some, a third of the page's instructions when all fifty have.
-- group_concat joins the rows in the order the subquery gives them.
ALTER TABLE people ADD COLUMN skills_text TEXT;
UPDATE people SET skills_text = (
  SELECT group_concat(s, '') FROM (
    SELECT length(CAST(skill AS BLOB)) || ':' || skill
      || ifnull(length(CAST(qualified_on AS BLOB)) || ':' || qualified_on, '-')
      || ifnull(length(CAST(expires_on AS BLOB)) || ':' || expires_on, '-') AS s
    FROM person_skills WHERE person_skills.person_id = people.id ORDER BY id))
WHERE id IN (SELECT person_id FROM person_skills);
