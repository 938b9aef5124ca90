-- Addresses an article had before: a changed slug (an editor's edit, or the move from the old
-- transliteration to BGN/PCGN romanisation made right after this migration) keeps answering
-- with a permanent redirect to the article's current address.
CREATE TABLE portal_slug_redirects (
  lang TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
  old_slug TEXT NOT NULL,
  article_id BIGINT NOT NULL REFERENCES portal_articles(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (lang, old_slug)
);
CREATE INDEX portal_slug_redirects_article ON portal_slug_redirects(article_id);
