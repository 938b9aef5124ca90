-- The notices' insert is counted by activation_store::insert_notices, the one writer of new
-- notices, once per unit and status in the same transaction. A row trigger on the insert made
-- SQLite keep a statement journal for every notice's insert (a statement that fires a trigger may
-- have to undo part of its work), and an approval of 100,000 notices wrote gigabytes of it to a
-- temporary file. Changes and deletes of notices are still counted by their triggers (0090).
DROP TRIGGER activation_muster_count_insert;
