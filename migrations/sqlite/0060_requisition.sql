-- Requisition of property with compensation at market value (requisition/). Regions, facilities
-- and units are the registry's: referred to by id and checked through its services. Money is
-- integer tiyn. The ledger is append-only: triggers refuse UPDATE and DELETE, so a correction is
-- always a new entry.
CREATE TABLE requisition_decisions (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  issuing_body TEXT NOT NULL,
  grounds TEXT NOT NULL CHECK (grounds IN ('martial_law', 'emergency', 'exercise')),
  region_id INTEGER NOT NULL,
  region_path TEXT NOT NULL,
  details TEXT NOT NULL,
  deadline TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('in_force', 'revoked')),
  version INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX requisition_decisions_region ON requisition_decisions(region_path);

-- Every version a decision has had, the current one included, as the JSON it was read as.
CREATE TABLE requisition_decision_versions (
  decision_id INTEGER NOT NULL REFERENCES requisition_decisions(id),
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (decision_id, version)
);

CREATE TABLE requisition_items (
  id INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL REFERENCES requisition_decisions(id),
  region_id INTEGER NOT NULL,
  region_path TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('vehicle', 'building', 'equipment', 'other')),
  description TEXT NOT NULL,
  details TEXT NOT NULL,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('person', 'organisation')),
  owner_name TEXT NOT NULL,
  owner_id_sealed TEXT NOT NULL,
  owner_id_index TEXT NOT NULL,
  requisition_type TEXT NOT NULL CHECK (requisition_type IN ('use', 'ownership')),
  status TEXT NOT NULL CHECK (status IN ('listed', 'taken', 'returned')),
  code_sealed TEXT,
  code_index TEXT UNIQUE,
  taken_on TEXT,
  returned_on TEXT,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX requisition_items_decision ON requisition_items(decision_id, id);
CREATE INDEX requisition_items_owner ON requisition_items(owner_id_index);

CREATE TABLE requisition_acts (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES requisition_items(id),
  kind TEXT NOT NULL CHECK (kind IN ('taking', 'return')),
  act_date TEXT NOT NULL,
  details TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  UNIQUE (item_id, kind)
);

CREATE TABLE requisition_custody (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES requisition_items(id),
  unit_id INTEGER,
  place TEXT NOT NULL,
  responsible TEXT NOT NULL,
  moved_on TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX requisition_custody_item ON requisition_custody(item_id, id);

CREATE TABLE requisition_valuations (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES requisition_items(id),
  appraiser TEXT NOT NULL,
  licence TEXT NOT NULL,
  method TEXT NOT NULL,
  value_date TEXT NOT NULL,
  market_value BIGINT NOT NULL CHECK (market_value >= 0),
  rent_per_day BIGINT NOT NULL CHECK (rent_per_day >= 0),
  damage BIGINT NOT NULL CHECK (damage >= 0),
  status TEXT NOT NULL CHECK (status IN ('recorded', 'approved')),
  recorded_by TEXT NOT NULL,
  recorded_by_id INTEGER,
  recorded_at BIGINT NOT NULL,
  approved_by TEXT,
  approved_at BIGINT
);
CREATE INDEX requisition_valuations_item ON requisition_valuations(item_id, id);

CREATE TABLE requisition_applications (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES requisition_items(id),
  method TEXT NOT NULL CHECK (method IN ('bank', 'cash')),
  iban TEXT,
  filed_by TEXT NOT NULL,
  filed_at BIGINT NOT NULL
);
CREATE INDEX requisition_applications_item ON requisition_applications(item_id, id);

CREATE TABLE requisition_disputes (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES requisition_items(id),
  reason TEXT NOT NULL,
  claimed BIGINT NOT NULL CHECK (claimed >= 0),
  disputed BIGINT NOT NULL CHECK (disputed >= 0),
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  opened_by TEXT NOT NULL,
  opened_at BIGINT NOT NULL,
  resolution TEXT,
  adjustment BIGINT,
  resolved_by TEXT,
  resolved_at BIGINT
);
CREATE INDEX requisition_disputes_item ON requisition_disputes(item_id, id);

CREATE TABLE requisition_payment_orders (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES requisition_items(id),
  decision_id INTEGER NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  method TEXT NOT NULL,
  iban TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('created', 'paid', 'cancelled')),
  created_by TEXT NOT NULL,
  created_by_id INTEGER,
  created_at BIGINT NOT NULL,
  confirmed_by TEXT,
  confirmed_at BIGINT
);
CREATE INDEX requisition_payment_orders_item ON requisition_payment_orders(item_id, id);
-- The reconciliation sums a decision's paid orders per item from this index alone.
CREATE INDEX requisition_payment_orders_decision ON requisition_payment_orders(decision_id, status, item_id, amount);

-- The separate ledger of requisitioned property: accruals (what the state owes), payments, and
-- adjustments (signed). Owed = accruals + adjustments; the balance is owed − payments.
CREATE TABLE requisition_ledger (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES requisition_items(id),
  decision_id INTEGER NOT NULL,
  region_id INTEGER NOT NULL,
  owner_id_index TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('accrual', 'payment', 'adjustment')),
  amount BIGINT NOT NULL,
  reason TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX requisition_ledger_item ON requisition_ledger(item_id, id);
CREATE INDEX requisition_ledger_decision ON requisition_ledger(decision_id, kind, amount);
CREATE INDEX requisition_ledger_region ON requisition_ledger(region_id, kind, amount);
CREATE INDEX requisition_ledger_owner ON requisition_ledger(owner_id_index);

-- Each item's sums of its ledger entries, kept in the same transaction as every entry, so that
-- totals over a region or a decision read one row per item instead of every entry; the
-- reconciliation checks them against the entries themselves.
CREATE TABLE requisition_balances (
  item_id INTEGER PRIMARY KEY REFERENCES requisition_items(id),
  decision_id INTEGER NOT NULL,
  region_id INTEGER NOT NULL,
  accrued BIGINT NOT NULL DEFAULT 0,
  adjusted BIGINT NOT NULL DEFAULT 0,
  paid BIGINT NOT NULL DEFAULT 0,
  entries BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX requisition_balances_decision ON requisition_balances(decision_id);
CREATE INDEX requisition_balances_region ON requisition_balances(region_id);

CREATE TRIGGER requisition_ledger_no_update BEFORE UPDATE ON requisition_ledger
BEGIN
  SELECT RAISE(ABORT, 'requisition_ledger is append-only: record a correcting entry');
END;
CREATE TRIGGER requisition_ledger_no_delete BEFORE DELETE ON requisition_ledger
BEGIN
  SELECT RAISE(ABORT, 'requisition_ledger is append-only: record a correcting entry');
END;
