-- Nothing to do on PostgreSQL: it keeps no list text (see its 0109). The number is kept so that
-- both engines list the same migrations.
SELECT 1;
