-- A payment order is checked against what is payable, which subtracts the item's orders not yet
-- paid or cancelled: this index reads that sum without visiting the item's paid orders.
CREATE INDEX requisition_payment_orders_pending ON requisition_payment_orders(item_id, amount)
  WHERE status = 'created';
