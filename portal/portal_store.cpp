#include "portal/portal_store.hpp"

#include <map>

#include "core/time.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::portal::store {

namespace {

const char* kCategoryCols =
    "id, slug, position, name_kk, name_ru, name_en, description_kk, description_ru, description_en";

Category category_row(const storage::Row& r) {
  return {r.i64(0), r.str(1), r.i64(2), r.str(3), r.str(4), r.str(5), r.str(6), r.str(7), r.str(8)};
}

const char* kArticleCols =
    "a.id, a.lang, a.translation_group, a.slug, a.category_id, c.slug, a.title, a.lead, a.body, "
    "a.author, a.images, a.status, a.scheduled_at, a.published_at, a.approved_by, a.views, "
    "a.revision, a.created_by, a.created_at, a.updated_at";

Article article_row(const storage::Row& r) {
  Article a;
  a.id = r.i64(0);
  a.lang = r.str(1);
  a.translation_group = r.i64(2);
  a.slug = r.str(3);
  a.category_id = r.i64(4);
  a.category_slug = r.str(5);
  a.title = r.str(6);
  a.lead = r.str(7);
  a.body = r.str(8);
  a.author = r.str(9);
  a.images = core::Json::parse(r.str(10), nullptr, false);
  if (!a.images.is_array()) a.images = core::Json::array();
  a.status = r.str(11);
  a.scheduled_at = r.opt_i64(12);
  a.published_at = r.opt_i64(13);
  a.approved_by = r.opt_str(14);
  a.views = r.i64(15);
  a.revision = r.i64(16);
  a.created_by = r.str(17);
  a.created_at = r.i64(18);
  a.updated_at = r.i64(19);
  return a;
}

// "$a, $b, …" for `ids`, added to `p`.
std::string id_list(const std::vector<std::int64_t>& ids, storage::Params& p) {
  std::string in;
  for (auto id : ids) in += (in.empty() ? "" : ", ") + storage::param(p, id);
  return in;
}

void load_tags(storage::Tx& tx, std::vector<Article>& list) {
  if (list.empty()) return;
  std::map<std::int64_t, Article*> by_id;
  std::vector<std::int64_t> ids;
  for (auto& a : list) {
    by_id[a.id] = &a;
    ids.push_back(a.id);
  }
  storage::Params p;
  auto in = id_list(ids, p);
  for (const auto& r :
       tx.query("SELECT article_id, tag FROM portal_article_tags WHERE article_id IN (" + in +
                    ") ORDER BY tag",
                p))
    by_id[r.i64(0)]->tags.push_back(r.str(1));
}

// Articles (with their tags) matching `where`, a condition over `a` (portal_articles) and `c`
// (portal_categories) written by this file, followed by `tail` (order and limit).
std::vector<Article> articles_where(storage::Tx& tx, const std::string& where,
                                    const storage::Params& params, const std::string& tail = {}) {
  std::vector<Article> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kArticleCols +
                                    " FROM portal_articles a JOIN portal_categories c ON "
                                    "c.id = a.category_id WHERE " +
                                    where + (tail.empty() ? "" : " " + tail),
                                params))
    out.push_back(article_row(r));
  load_tags(tx, out);
  return out;
}

std::optional<Article> first(std::vector<Article> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

}  // namespace

// ---- categories ----

std::vector<Category> categories(storage::Tx& tx) {
  std::vector<Category> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kCategoryCols +
                                " FROM portal_categories ORDER BY position, id"))
    out.push_back(category_row(r));
  return out;
}

std::optional<Category> category(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(
      std::string("SELECT ") + kCategoryCols + " FROM portal_categories WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return category_row(*r);
}

std::optional<Category> category_by_slug(storage::Tx& tx, const std::string& slug) {
  auto r = tx.maybe(
      std::string("SELECT ") + kCategoryCols + " FROM portal_categories WHERE slug = $1", {slug});
  if (!r) return std::nullopt;
  return category_row(*r);
}

std::int64_t insert_category(storage::Tx& tx, const Category& c, core::Timestamp now) {
  return tx
      .one(
          "INSERT INTO portal_categories (slug, position, name_kk, name_ru, name_en, "
          "description_kk, "
          "description_ru, description_en, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
          {c.slug, c.position, c.name_kk, c.name_ru, c.name_en, c.description_kk, c.description_ru,
           c.description_en, now})
      .i64(0);
}

void update_category(storage::Tx& tx, const Category& c, core::Timestamp now) {
  tx.exec(
      "UPDATE portal_categories SET slug = $2, position = $3, name_kk = $4, name_ru = $5, "
      "name_en = $6, description_kk = $7, description_ru = $8, description_en = $9, "
      "updated_at = $10 WHERE id = $1",
      {c.id, c.slug, c.position, c.name_kk, c.name_ru, c.name_en, c.description_kk,
       c.description_ru, c.description_en, now});
}

// ---- articles in any status ----

std::optional<Article> article(storage::Tx& tx, std::int64_t id) {
  return first(articles_where(tx, "a.id = $1", {id}));
}

std::optional<Article> article_by_slug(storage::Tx& tx, const std::string& lang,
                                       const std::string& slug) {
  return first(articles_where(tx, "a.lang = $1 AND a.slug = $2", {lang, slug}));
}

std::vector<Article> articles_by_ids(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  storage::Params p;
  auto in = id_list(ids, p);
  auto rows = articles_where(tx, "a.id IN (" + in + ")", p);
  std::map<std::int64_t, Article> m;
  for (auto& a : rows) m.emplace(a.id, std::move(a));
  std::vector<Article> out;
  for (auto id : ids)
    if (auto it = m.find(id); it != m.end()) out.push_back(std::move(it->second));
  return out;
}

bool any_article(storage::Tx& tx) {
  return tx.maybe("SELECT 1 FROM portal_articles LIMIT 1").has_value();
}

bool slug_taken(storage::Tx& tx, const std::string& lang, const std::string& slug,
                std::int64_t except_id) {
  return tx
      .maybe("SELECT 1 FROM portal_articles WHERE lang = $1 AND slug = $2 AND id <> $3",
             {lang, slug, except_id})
      .has_value();
}

void add_slug_redirect(storage::Tx& tx, const std::string& lang, const std::string& old_slug,
                       std::int64_t id) {
  tx.exec(
      "INSERT INTO portal_slug_redirects (lang, old_slug, article_id, created_at) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (lang, old_slug) "
      "DO UPDATE SET article_id = excluded.article_id, created_at = excluded.created_at",
      {lang, old_slug, id, core::now_us()});
}

std::optional<std::int64_t> slug_redirect(storage::Tx& tx, const std::string& lang,
                                          const std::string& old_slug) {
  auto r =
      tx.maybe("SELECT article_id FROM portal_slug_redirects WHERE lang = $1 AND old_slug = $2",
               {lang, old_slug});
  if (!r) return std::nullopt;
  return r->i64(0);
}

std::vector<SlugRow> slug_rows(storage::Tx& tx) {
  std::vector<SlugRow> out;
  for (const auto& r :
       tx.query("SELECT id, lang, slug, title FROM portal_articles ORDER BY id", {}))
    out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3)});
  return out;
}

void set_slug(storage::Tx& tx, std::int64_t id, const std::string& slug) {
  tx.exec("UPDATE portal_articles SET slug = $1 WHERE id = $2", {slug, id});
}

bool has_translation(storage::Tx& tx, std::int64_t group, const std::string& lang,
                     std::int64_t except_id) {
  return tx
      .maybe(
          "SELECT 1 FROM portal_articles WHERE translation_group = $1 AND lang = $2 AND id <> $3",
          {group, lang, except_id})
      .has_value();
}

std::vector<Article> editor_page(storage::Tx& tx, const EditorQuery& q) {
  std::string where = "1 = 1";
  storage::Params p;
  if (q.status) where += " AND a.status = " + storage::param(p, *q.status);
  if (q.lang) where += " AND a.lang = " + storage::param(p, *q.lang);
  auto limit = storage::param(p, std::int64_t(q.limit));
  auto offset = storage::param(p, std::int64_t(q.offset));
  return articles_where(
      tx, where, p, "ORDER BY a.updated_at DESC, a.id DESC LIMIT " + limit + " OFFSET " + offset);
}

std::vector<Article> due_for_publication(storage::Tx& tx, core::Timestamp now, int limit) {
  return articles_where(tx, "a.status = 'scheduled' AND a.scheduled_at <= $1",
                        {now, std::int64_t(limit)}, "ORDER BY a.scheduled_at, a.id LIMIT $2");
}

std::int64_t insert_article(storage::Tx& tx, const Article& a) {
  auto id =
      tx.one(
            "INSERT INTO portal_articles (lang, translation_group, slug, category_id, title, "
            "lead, body, author, images, status, revision, created_by, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $12) RETURNING id",
            {a.lang, a.translation_group, a.slug, a.category_id, a.title, a.lead, a.body, a.author,
             a.images.dump(), a.status, a.created_by, a.created_at})
          .i64(0);
  if (a.translation_group == 0)
    tx.exec("UPDATE portal_articles SET translation_group = id WHERE id = $1", {id});
  return id;
}

void update_article(storage::Tx& tx, const Article& a) {
  tx.exec(
      "UPDATE portal_articles SET translation_group = $2, slug = $3, category_id = $4, "
      "title = $5, lead = $6, body = $7, author = $8, images = $9, status = $10, "
      "scheduled_at = $11, published_at = $12, approved_by = $13, revision = $14, "
      "updated_at = $15 WHERE id = $1",
      {a.id, a.translation_group, a.slug, a.category_id, a.title, a.lead, a.body, a.author,
       a.images.dump(), a.status, a.scheduled_at, a.published_at, a.approved_by, a.revision,
       a.updated_at});
}

void set_tags(storage::Tx& tx, std::int64_t id, const std::vector<std::string>& tags) {
  tx.exec("DELETE FROM portal_article_tags WHERE article_id = $1", {id});
  for (const auto& t : tags)
    tx.exec("INSERT INTO portal_article_tags (article_id, tag) VALUES ($1, $2)", {id, t});
}

void insert_revision(storage::Tx& tx, const Article& a, const std::string& login,
                     core::Timestamp at) {
  std::string tags;
  for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t;
  tx.exec(
      "INSERT INTO portal_revisions (article_id, revision, title, lead, body, tags, status, "
      "author_login, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {a.id, a.revision, a.title, a.lead, a.body, tags, a.status, login, at});
}

std::vector<Revision> revisions(storage::Tx& tx, std::int64_t id) {
  std::vector<Revision> out;
  for (const auto& r :
       tx.query("SELECT revision, title, lead, body, tags, status, author_login, at "
                "FROM portal_revisions WHERE article_id = $1 ORDER BY revision",
                {id}))
    out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), r.i64(7)});
  return out;
}

void backdate_article(storage::Tx& tx, std::int64_t id, core::Timestamp at, std::int64_t views) {
  tx.exec(
      "UPDATE portal_articles SET published_at = $1, created_at = $1, updated_at = $1, "
      "views = $3 WHERE id = $2",
      {at, id, views});
  // The views are counted on the day of publication, so that "most read" has recent days too.
  tx.exec("DELETE FROM portal_article_views_daily WHERE article_id = $1", {id});
  tx.exec("INSERT INTO portal_article_views_daily (article_id, day, views) VALUES ($1, $2, $3)",
          {id, core::format_rfc3339(at).substr(0, 10), views});
  tx.exec("UPDATE portal_search_docs SET published_at = $1 WHERE article_id = $2", {at, id});
}

// ---- published articles ----

std::vector<Article> published_page(storage::Tx& tx, const PublishedFilter& f) {
  std::string where = "a.status = 'published'";
  storage::Params p;
  if (f.lang) where += " AND a.lang = " + storage::param(p, *f.lang);
  if (f.category) where += " AND c.slug = " + storage::param(p, *f.category);
  if (f.tag)
    where += " AND a.id IN (SELECT article_id FROM portal_article_tags WHERE tag = " +
             storage::param(p, *f.tag) + ")";
  if (f.after) {
    auto at = storage::param(p, f.after->first);
    auto id = storage::param(p, f.after->second);
    where +=
        " AND (a.published_at < " + at + " OR (a.published_at = " + at + " AND a.id < " + id + "))";
  }
  auto limit = storage::param(p, std::int64_t(f.limit));
  return articles_where(tx, where, p, "ORDER BY a.published_at DESC, a.id DESC LIMIT " + limit);
}

std::vector<Article> group_members(storage::Tx& tx, std::int64_t group, std::int64_t except_id) {
  return articles_where(tx, "a.translation_group = $1 AND a.id <> $2", {group, except_id},
                        "ORDER BY a.lang");
}

std::vector<ArticleTitle> article_titles(storage::Tx& tx, int limit) {
  std::vector<ArticleTitle> out;
  for (const auto& r : tx.query("SELECT id, translation_group, lang, title, status FROM "
                                "portal_articles WHERE status <> 'archived' ORDER BY "
                                "updated_at DESC, id DESC LIMIT $1",
                                {std::int64_t(limit)}))
    out.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4)});
  return out;
}

std::vector<Article> translations_of(storage::Tx& tx, std::int64_t group, std::int64_t except_id) {
  return articles_where(tx, "a.translation_group = $1 AND a.status = 'published' AND a.id <> $2",
                        {group, except_id}, "ORDER BY a.lang");
}

std::vector<Article> related_to(storage::Tx& tx, const Article& a, int limit) {
  return articles_where(
      tx,
      "a.status = 'published' AND a.lang = $1 AND a.id <> $2 AND (a.category_id = $3 OR a.id IN "
      "(SELECT t.article_id FROM portal_article_tags t JOIN portal_article_tags m ON m.tag = "
      "t.tag WHERE m.article_id = $2))",
      {a.lang, a.id, a.category_id, std::int64_t(limit)},
      "ORDER BY (SELECT COUNT(*) FROM portal_article_tags t JOIN portal_article_tags m ON m.tag "
      "= t.tag WHERE m.article_id = $2 AND t.article_id = a.id) DESC, a.published_at DESC "
      "LIMIT $4");
}

std::vector<Article> all_published(storage::Tx& tx, int limit) {
  return articles_where(tx, "a.status = 'published'", {std::int64_t(limit)},
                        "ORDER BY a.published_at DESC, a.id DESC LIMIT $1");
}

void add_views(storage::Tx& tx, std::int64_t id, std::int64_t n, const std::string& day) {
  tx.exec(
      "UPDATE portal_articles SET views = views + CAST($1 AS BIGINT) WHERE id = $2 AND status "
      "= 'published'",
      {n, id});
  tx.exec(
      "INSERT INTO portal_article_views_daily (article_id, day, views) SELECT id, $3, CAST($1 AS "
      "BIGINT) FROM portal_articles WHERE id = $2 AND status = 'published' ON CONFLICT "
      "(article_id, day) DO UPDATE SET views = portal_article_views_daily.views + excluded.views",
      {n, id, day});
}

std::vector<Article> most_read(storage::Tx& tx, const std::string& lang,
                               const std::string& since_day, int limit) {
  auto out = articles_where(
      tx,
      "a.status = 'published' AND a.lang = $1 AND a.id IN (SELECT d.article_id FROM "
      "portal_article_views_daily d WHERE d.day >= $2)",
      {lang, since_day, std::int64_t(limit)},
      "ORDER BY (SELECT SUM(d.views) FROM portal_article_views_daily d WHERE d.article_id = a.id "
      "AND d.day >= $2) DESC, a.published_at DESC, a.id DESC LIMIT $3");
  for (auto& a : out)
    a.views = tx.one(
                    "SELECT COALESCE(SUM(views), 0) FROM portal_article_views_daily WHERE "
                    "article_id = $1 AND day >= $2",
                    {a.id, since_day})
                  .i64(0);
  return out;
}

// ---- site settings ----

std::vector<std::pair<std::string, std::string>> settings_rows(storage::Tx& tx) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : tx.query("SELECT key, value FROM portal_settings"))
    out.emplace_back(r.str(0), r.str(1));
  return out;
}

void put_setting(storage::Tx& tx, const std::string& key, const std::string& json_value,
                 core::Timestamp now) {
  tx.exec("DELETE FROM portal_settings WHERE key = $1", {key});
  tx.exec("INSERT INTO portal_settings (key, value, updated_at) VALUES ($1, $2, $3)",
          {key, json_value, now});
}

}  // namespace qorgan::portal::store
