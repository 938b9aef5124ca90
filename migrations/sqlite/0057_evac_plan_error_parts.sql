-- A failed plan's error as the parts of its message (evac/error.hpp, stored by
-- evac/io/error_json), so that the plan page shows it in each reader's language; `error` keeps
-- the English text. NULL for plans that failed before, and for internal failures kept in
-- English only.
ALTER TABLE evac_plans ADD COLUMN error_parts TEXT;
