-- Why a payment order was cancelled, as the finance officer gave it (NULL for orders not
-- cancelled, and for those cancelled before a reason was asked).
ALTER TABLE requisition_payment_orders ADD COLUMN cancel_reason TEXT;
