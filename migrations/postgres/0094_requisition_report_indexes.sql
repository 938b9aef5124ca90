-- The report of a decision reads every balance row of the decision: with the numbers carried in
-- the decision's index (INCLUDE), PostgreSQL reads them by an index-only scan instead of visiting
-- each row's heap page. The price is on writes: every ledger entry changes these numbers, so its
-- UPDATE of the balance row can no longer be a heap-only one.
-- The items are not covered as in SQLite: an item's description and owner's name (up to 500 and
-- 300 characters) could pass the size limit of one index entry.
DROP INDEX requisition_balances_decision;
CREATE INDEX requisition_balances_decision ON requisition_balances(decision_id)
  INCLUDE (item_id, accrued, adjusted, paid, entries);
