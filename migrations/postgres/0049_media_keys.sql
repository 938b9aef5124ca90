-- Media is served at /media/{public_key}/{variant}: the key is random, so that a reader cannot walk
-- the library by counting ids. `portal_media_uses` records which articles show an item; an item no
-- published article shows is served to editors only. Right after this version is applied the
-- server rewrites the /media/{id}/ references written before it (portal::key_legacy_media).
ALTER TABLE portal_media ADD COLUMN public_key TEXT;
UPDATE portal_media SET public_key = replace(gen_random_uuid()::text, '-', '');
ALTER TABLE portal_media ALTER COLUMN public_key SET NOT NULL;
CREATE UNIQUE INDEX portal_media_public_key ON portal_media(public_key);

CREATE TABLE portal_media_uses (
  media_id BIGINT NOT NULL REFERENCES portal_media(id) ON DELETE CASCADE,
  article_id BIGINT NOT NULL REFERENCES portal_articles(id) ON DELETE CASCADE,
  PRIMARY KEY (media_id, article_id)
);
CREATE INDEX portal_media_uses_article ON portal_media_uses(article_id);
