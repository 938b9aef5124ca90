-- Script-blind name keys (core::name_key) for facilities and regions, as people, units and
-- organisations have since 0048: "Zhetysu" finds "Жетысу" and back. The server fills the keys
-- of existing rows once, right after this migration (registry/name_key_store.hpp).
ALTER TABLE facilities ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE regions ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
