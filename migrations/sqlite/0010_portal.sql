-- The public information portal: categories, articles in kk/ru/en with revisions, media, site
-- settings and the search index. Full-text search is engine-specific: an FTS5 table here, an
-- expression GIN index on PostgreSQL; both index the same pre-stemmed text (portal/search_index).
CREATE TABLE portal_categories (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL DEFAULT 0,
  name_kk TEXT NOT NULL,
  name_ru TEXT NOT NULL,
  name_en TEXT NOT NULL,
  description_kk TEXT NOT NULL DEFAULT '',
  description_ru TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE portal_articles (
  id INTEGER PRIMARY KEY,
  lang TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
  translation_group BIGINT NOT NULL,
  slug TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES portal_categories(id),
  title TEXT NOT NULL,
  lead TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  images TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,
  scheduled_at BIGINT,
  published_at BIGINT,
  approved_by TEXT,
  views BIGINT NOT NULL DEFAULT 0,
  revision INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (lang, slug)
);
CREATE INDEX portal_articles_list ON portal_articles(status, lang, published_at);
CREATE INDEX portal_articles_group ON portal_articles(translation_group);
CREATE INDEX portal_articles_due ON portal_articles(status, scheduled_at);

CREATE TABLE portal_article_tags (
  article_id INTEGER NOT NULL REFERENCES portal_articles(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (article_id, tag)
);
CREATE INDEX portal_article_tags_tag ON portal_article_tags(tag);

CREATE TABLE portal_revisions (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES portal_articles(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  title TEXT NOT NULL,
  lead TEXT NOT NULL,
  body TEXT NOT NULL,
  tags TEXT NOT NULL,
  status TEXT NOT NULL,
  author_login TEXT NOT NULL,
  at BIGINT NOT NULL,
  UNIQUE (article_id, revision)
);

CREATE TABLE portal_media (
  id INTEGER PRIMARY KEY,
  mime TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  alt TEXT NOT NULL,
  caption TEXT NOT NULL DEFAULT '',
  bytes BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
-- Image data as base64 so both engines store it the same way; variants: original, large, thumb.
CREATE TABLE portal_media_variants (
  media_id INTEGER NOT NULL REFERENCES portal_media(id) ON DELETE CASCADE,
  variant TEXT NOT NULL,
  mime TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (media_id, variant)
);

-- Site configuration editable by admins (social links, app links, promo slots, footer).
CREATE TABLE portal_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- One row per published article: the search document. `terms` is stemmed, folded text.
CREATE TABLE portal_search_docs (
  article_id INTEGER PRIMARY KEY REFERENCES portal_articles(id) ON DELETE CASCADE,
  lang TEXT NOT NULL,
  category_id INTEGER NOT NULL,
  published_at BIGINT NOT NULL,
  terms TEXT NOT NULL
);
CREATE VIRTUAL TABLE portal_search_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');

-- The starting categories; editors may rename, describe, reorder or add more.
INSERT INTO portal_categories (slug, position, name_kk, name_ru, name_en, description_kk, description_ru, description_en, created_at, updated_at) VALUES
('news', 1, 'Жаңалықтар', 'Новости', 'News', 'Аумақтық қорғаныс туралы ресми хабарлар', 'Официальные сообщения о территориальной обороне', 'Official announcements on territorial defence', 0, 0),
('interviews', 2, 'Сұхбаттар', 'Интервью', 'Interviews', 'Лауазымды тұлғалармен және сарапшылармен әңгімелер', 'Беседы с должностными лицами и экспертами', 'Conversations with officials and experts', 0, 0),
('notices', 3, 'Хабарландырулар', 'Объявления', 'Notices', 'Тұрғындарға арналған қысқа ресми хабарландырулар', 'Короткие официальные объявления для жителей', 'Short official notices for residents', 0, 0),
('evacuation', 4, 'Эвакуация', 'Эвакуация', 'Evacuation', 'Эвакуация жоспарлары, маршруттар және баспаналар', 'Планы эвакуации, маршруты и укрытия', 'Evacuation plans, routes and shelters', 0, 0),
('exercises', 5, 'Жаттығулар', 'Учения', 'Exercises', 'Оқу-жаттығулар кестесі және қорытындылары', 'Расписание учений и их итоги', 'Exercise schedules and their results', 0, 0),
('infosec', 6, 'Ақпараттық қауіпсіздік', 'Информационная безопасность', 'Information security', 'Алаяқтық пен жалған ақпарат туралы ескертулер', 'Предупреждения о мошенничестве и дезинформации', 'Advisories on scams and disinformation', 0, 0);
