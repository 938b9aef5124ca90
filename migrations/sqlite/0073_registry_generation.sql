-- A counter of changes to who belongs to which unit and what they can do (units, memberships,
-- people and their skills). The registry's services raise it as the last statement of every
-- transaction that changes those, so a reader that sees a count has seen every change before
-- it: readiness keeps the strength of units computed for a count until the count moves on.
CREATE TABLE registry_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO registry_generation (id, n) VALUES (1, 0);
