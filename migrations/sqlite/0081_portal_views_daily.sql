-- Views of each article per day (UTC), beside the running total in portal_articles.views: the
-- front page's "most read" block sums the last seven days.
CREATE TABLE portal_article_views_daily (
  article_id BIGINT NOT NULL REFERENCES portal_articles(id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  views BIGINT NOT NULL,
  PRIMARY KEY (article_id, day)
);
CREATE INDEX portal_article_views_daily_day ON portal_article_views_daily(day, article_id);
