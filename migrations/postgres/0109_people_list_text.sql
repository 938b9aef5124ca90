-- Nothing to do on PostgreSQL: SQLite's list reads a row's shown fields as one text carried by
-- its index (see its 0109). PostgreSQL's list reads its page's rows from the table with libpq
-- (one statement, no call a column into the engine's bytecode), and the text would add to every
-- row of its imports. The number is kept so that both engines list the same migrations.
SELECT 1;
