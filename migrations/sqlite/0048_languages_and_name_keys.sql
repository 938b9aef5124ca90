-- The interface language an account chose ('' = none: the browser's Accept-Language decides),
-- and the script-blind name keys (core::name_key) that let a search in Latin letters find a
-- name written in Cyrillic and back. The server fills the keys of existing rows once, right
-- after this migration (registry/name_key_store.hpp).
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
