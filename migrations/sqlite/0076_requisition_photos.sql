-- Photographs on the taking and return acts: the bytes as uploaded (JPEG, PNG or WebP, decided
-- by their magic bytes), and for JPEG and PNG a JPEG thumbnail for the item's page and the
-- printed act. `photo_key` is random: photos are fetched by it, never by a guessable id.
CREATE TABLE requisition_photos (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES requisition_items(id),
  act_id INTEGER NOT NULL REFERENCES requisition_acts(id),
  photo_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  data BLOB NOT NULL,
  thumb BLOB,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX requisition_photos_act ON requisition_photos(act_id, id);
CREATE INDEX requisition_photos_item ON requisition_photos(item_id, id);
