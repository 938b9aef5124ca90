#include "portal/media_store.hpp"

namespace qorgan::portal::store {

std::int64_t insert_media(storage::Tx& tx, const MediaItem& m, const std::string& created_by,
                          core::Timestamp at) {
  return tx
      .one(
          "INSERT INTO portal_media (mime, width, height, alt, caption, bytes, created_by, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
          {m.mime, m.width, m.height, m.alt, m.caption, m.bytes, created_by, at})
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
       tx.query("SELECT id, mime, width, height, alt, caption, bytes FROM portal_media "
                "ORDER BY id DESC LIMIT $1",
                {limit}))
    out.push_back({r.i64(0), r.str(1), int(r.i64(2)), int(r.i64(3)), r.str(4), r.str(5), r.i64(6)});
  return out;
}

std::optional<MediaFile> media_file(storage::Tx& tx, std::int64_t media_id,
                                    const std::string& variant) {
  auto r =
      tx.maybe("SELECT mime, data FROM portal_media_variants WHERE media_id = $1 AND variant = $2",
               {media_id, variant});
  if (!r) return std::nullopt;
  return MediaFile{r->str(0), r->blob(1)};
}

}  // namespace qorgan::portal::store
