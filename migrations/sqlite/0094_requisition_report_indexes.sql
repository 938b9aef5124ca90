-- The report of a decision reads every item line and every balance row of the decision. With
-- indexes that carry the columns it reads, SQLite answers from the index alone instead of looking
-- each row up in the table. SQLite keeps long keys in overflow pages, so the items' text may be
-- carried too. Each replaces the narrower index with the same leading columns, which it serves as
-- well. The price: every ledger entry's update of its balance row now rewrites its index entry.
DROP INDEX requisition_items_decision;
CREATE INDEX requisition_items_decision ON requisition_items(decision_id, id, kind, requisition_type,
  status, taken_on, returned_on, description, owner_name);
DROP INDEX requisition_balances_decision;
CREATE INDEX requisition_balances_decision ON requisition_balances(decision_id, item_id, accrued,
  adjusted, paid, entries);
