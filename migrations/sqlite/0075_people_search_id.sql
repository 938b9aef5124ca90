-- PostgreSQL's people_search index gains the id at its end (see the PostgreSQL migration); a
-- SQLite index ends with the rowid already, so nothing changes here.
SELECT 1;
