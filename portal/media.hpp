#pragma once
// The media library: editors upload JPEG, PNG or GIF images (type decided by the content's magic
// bytes, never by the name or header), at most 5 MB, 8000 pixels a side and 24 million pixels,
// with alt text required. Images are decoded one at a time; an upload that arrives meanwhile is
// told to retry (429) rather than wait on a server thread.
// Each upload is kept with two resized JPEG variants: "large" (≤1200 px wide) for articles and
// "thumb" (≤400 px) for lists. Served at /media/{key}/{original|large|thumb}, where the key is
// random (ids are not guessable); an item that no published article shows is served to editors
// only.
#include <cstdint>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "portal/image.hpp"
#include "portal/model.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

struct MediaItem {
  std::int64_t id = 0;
  std::string key;  // the random public name of the item in its address
  std::string mime;
  int width = 0, height = 0;
  std::string alt, caption;
  std::int64_t bytes = 0;  // of the original
};

// One stored rendition of an image.
struct MediaFile {
  std::string mime, data;
  bool published = false;  // a published article shows the item
};

// Where a variant ("original", "large", "thumb") of the item with `key` is served.
std::string media_path(std::string_view key, std::string_view variant);

// Rewrites the media references in `text` (an image address or a Markdown body): `/media/{id}/…`,
// typed by hand or written before media had keys, becomes `/media/{key}/…`. Returns the ids of the
// items referenced, each once; references to unknown ids or keys are left as they are.
std::vector<std::int64_t> link_media(storage::Tx& tx, std::string& text);
// link_media over an article's image addresses and body; the ids of every item it shows.
std::vector<std::int64_t> link_article_media(storage::Tx& tx, Article& a);

// The schema version after which references written before media had keys are rewritten, once.
inline constexpr int kKeyedMediaMigration = 49;
// Rewrites every article's media references (link_media) and records which articles show which
// items. Returns how many articles changed.
core::Result<std::int64_t> key_legacy_media(storage::Database& db);

class Media {
 public:
  explicit Media(storage::Database& db) : db_(db) {}

  // Editors only; stores the image, its variants and the audit entry.
  core::Result<MediaItem> upload(const auth::Principal& who, const auth::Actor& actor,
                                 std::string_view bytes, const std::string& alt,
                                 const std::string& caption);
  // The newest first.
  std::vector<MediaItem> recent(int limit);
  // The variant of the item with `key`; an item that no published article shows only for editors
  // (nullopt otherwise, as for an unknown key: its existence is not revealed).
  std::optional<MediaFile> file(const std::string& key, const std::string& variant, bool editor);

 private:
  storage::Database& db_;
  std::binary_semaphore decoding_{1};
};

}  // namespace qorgan::portal
