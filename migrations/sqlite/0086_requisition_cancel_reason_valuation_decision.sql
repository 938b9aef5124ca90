-- Why a payment order was cancelled, as the finance officer gave it (NULL for orders not
-- cancelled, and for those cancelled before a reason was asked).
ALTER TABLE requisition_payment_orders ADD COLUMN cancel_reason TEXT;

-- A valuation's decision (its item's, which never changes), so that the reconciliation reads a
-- decision's approved valuations from this index alone instead of joining every valuation to the
-- items (PostgreSQL hashed the whole table for it).
ALTER TABLE requisition_valuations ADD COLUMN decision_id INTEGER;
UPDATE requisition_valuations
  SET decision_id = (SELECT i.decision_id FROM requisition_items i WHERE i.id = requisition_valuations.item_id);
CREATE INDEX requisition_valuations_decision ON requisition_valuations(
  decision_id, status, item_id, approved_at, id, market_value, rent_per_day, damage);
