-- Images and road graphs are stored as binary (storage::Blob) instead of base64 text. SQLite keeps
-- a BLOB as it is in a column declared TEXT, so the rows are converted in place;
-- base64_to_blob() is a function the server registers on its connections for this.
UPDATE portal_media_variants SET data = base64_to_blob(data) WHERE typeof(data) = 'text';
UPDATE evac_networks SET graph = base64_to_blob(graph) WHERE typeof(graph) = 'text';
