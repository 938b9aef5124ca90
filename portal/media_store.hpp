#pragma once
// The media library's SQL. Image bytes are stored as base64 text.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "portal/media.hpp"
#include "storage/database.hpp"

namespace qorgan::portal::store {

std::int64_t insert_media(storage::Tx& tx, const MediaItem& m, const std::string& created_by,
                          core::Timestamp at);
void insert_media_variant(storage::Tx& tx, std::int64_t media_id, const std::string& variant,
                          const std::string& mime, int width, int height, std::string_view data);
std::vector<MediaItem> recent_media(storage::Tx& tx, int limit);
// With `published` set when a published article shows the item.
std::optional<MediaFile> media_file(storage::Tx& tx, const std::string& key,
                                    const std::string& variant);
std::optional<std::string> media_key(storage::Tx& tx, std::int64_t media_id);
std::optional<std::int64_t> media_id_by_key(storage::Tx& tx, std::string_view key);
// Replaces the record of which items `article_id` shows.
void set_media_uses(storage::Tx& tx, std::int64_t article_id,
                    const std::vector<std::int64_t>& media_ids);
// Articles whose images or body mention /media/.
std::vector<std::int64_t> articles_with_media(storage::Tx& tx);

}  // namespace qorgan::portal::store
