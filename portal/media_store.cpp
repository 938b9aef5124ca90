#include "portal/media_store.hpp"

namespace qorgan::portal::store {

std::int64_t insert_media(storage::Tx& tx, const MediaItem& m, const std::string& created_by,
                          core::Timestamp at) {
  return tx
      .one(
          "INSERT INTO portal_media (public_key, mime, width, height, alt, caption, bytes, "
          "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
          {m.key, m.mime, m.width, m.height, m.alt, m.caption, m.bytes, created_by, at})
      .i64(0);
}

void insert_media_variant(storage::Tx& tx, std::int64_t media_id, const std::string& variant,
                          const std::string& mime, int width, int height, std::string_view data) {
  tx.exec(
      "INSERT INTO portal_media_variants (media_id, variant, mime, width, height, data) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {media_id, variant, mime, width, height, storage::Blob{std::string(data)}});
}

std::vector<MediaItem> recent_media(storage::Tx& tx, int limit) {
  std::vector<MediaItem> out;
  for (const auto& r :
       tx.query("SELECT id, public_key, mime, width, height, alt, caption, bytes FROM portal_media "
                "ORDER BY id DESC LIMIT $1",
                {limit}))
    out.push_back(
        {r.i64(0), r.str(1), r.str(2), int(r.i64(3)), int(r.i64(4)), r.str(5), r.str(6), r.i64(7)});
  return out;
}

std::optional<MediaFile> media_file(storage::Tx& tx, const std::string& key,
                                    const std::string& variant) {
  auto r = tx.maybe(
      "SELECT v.mime, v.data, CASE WHEN EXISTS (SELECT 1 FROM portal_media_uses u JOIN "
      "portal_articles a ON a.id = u.article_id WHERE u.media_id = m.id AND a.status = "
      "'published') THEN 1 ELSE 0 END FROM portal_media m JOIN portal_media_variants v ON "
      "v.media_id = m.id WHERE m.public_key = $1 AND v.variant = $2",
      {key, variant});
  if (!r) return std::nullopt;
  return MediaFile{r->str(0), r->blob(1), r->i64(2) == 1};
}

std::optional<std::string> media_key(storage::Tx& tx, std::int64_t media_id) {
  auto r = tx.maybe("SELECT public_key FROM portal_media WHERE id = $1", {media_id});
  if (!r) return std::nullopt;
  return r->str(0);
}

std::optional<std::int64_t> media_id_by_key(storage::Tx& tx, std::string_view key) {
  auto r = tx.maybe("SELECT id FROM portal_media WHERE public_key = $1", {std::string(key)});
  if (!r) return std::nullopt;
  return r->i64(0);
}

void set_media_uses(storage::Tx& tx, std::int64_t article_id,
                    const std::vector<std::int64_t>& media_ids) {
  tx.exec("DELETE FROM portal_media_uses WHERE article_id = $1", {article_id});
  for (auto id : media_ids)
    tx.exec("INSERT INTO portal_media_uses (media_id, article_id) VALUES ($1, $2)",
            {id, article_id});
}

std::vector<std::int64_t> articles_with_media(storage::Tx& tx) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.query("SELECT id FROM portal_articles WHERE images LIKE '%/media/%' OR "
                                "body LIKE '%/media/%' ORDER BY id"))
    out.push_back(r.i64(0));
  return out;
}

}  // namespace qorgan::portal::store
