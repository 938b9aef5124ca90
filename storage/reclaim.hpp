#pragma once
// Space that a rolled-back transaction's rows still hold. PostgreSQL writes a row in place and
// a rollback leaves it there, dead, in the table and in every index until a vacuum: a large
// load that is rolled back (a dry run, a bad row found late, a failure) leaves as many dead rows
// as it wrote, and autovacuum waits for a fifth of the table (2,000,000 dead rows at 10,000,000)
// while every index scan through them reads their pages. SQLite writes a transaction's pages to
// its WAL, which a rollback discards: its tables and file are as before, and nothing is left to
// reclaim.
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace qorgan::storage {

// On PostgreSQL, VACUUMs `tables` with their indexes' cleanup forced (PostgreSQL would skip the
// indexes when the dead rows fill fewer than 2 % of the pages, the common case of a load into a
// large table, leaving their entries). Runs on a pooled connection outside any transaction and
// returns when it is done: the caller waits for a read of every index of `tables`. Best effort:
// returns false, having said why on stderr, when the vacuum failed (an autovacuum of the same
// table, an outage); the rows it left are then the next vacuum's. On SQLite it does nothing.
bool reclaim_rolled_back(Database& db, const std::vector<std::string>& tables);

}  // namespace qorgan::storage
