-- Images and road graphs are stored as binary (storage::Blob) instead of base64 text.
ALTER TABLE portal_media_variants ALTER COLUMN data TYPE BYTEA USING decode(data, 'base64');
ALTER TABLE evac_networks ALTER COLUMN graph TYPE BYTEA USING decode(graph, 'base64');
