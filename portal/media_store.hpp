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
std::optional<MediaFile> media_file(storage::Tx& tx, std::int64_t media_id,
                                    const std::string& variant);

}  // namespace qorgan::portal::store
