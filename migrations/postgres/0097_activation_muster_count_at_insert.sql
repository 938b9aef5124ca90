-- The notices' insert is counted by activation_store::insert_notices, the one writer of new
-- notices, once per unit and status in the same transaction, as on SQLite (where a row trigger on
-- the insert cost an approval of 100,000 notices gigabytes of statement-journal writes). Changes
-- and deletes of notices are still counted by their triggers (0090).
DROP TRIGGER activation_muster_count_insert ON activation_notices;
DROP FUNCTION activation_muster_inserted();
