#pragma once
// The media library: editors upload JPEG, PNG or GIF images (type decided by the content's magic
// bytes, never by the name or header), at most 5 MB, 8000 pixels a side and 24 million pixels,
// with alt text required. Images are decoded one at a time; an upload that arrives meanwhile is
// told to retry (429) rather than wait on a server thread.
// Each upload is kept with two resized JPEG variants: "large" (≤1200 px wide) for articles and
// "thumb" (≤400 px) for lists. Served at /media/{id}/{original|large|thumb}.
#include <cstdint>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "portal/image.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

struct MediaItem {
  std::int64_t id = 0;
  std::string mime;
  int width = 0, height = 0;
  std::string alt, caption;
  std::int64_t bytes = 0;  // of the original
};

// One stored rendition of an image.
struct MediaFile {
  std::string mime, data;
};

// Where a variant ("original", "large", "thumb") is served.
std::string media_path(std::int64_t id, std::string_view variant);

class Media {
 public:
  explicit Media(storage::Database& db) : db_(db) {}

  // Editors only; stores the image, its variants and the audit entry.
  core::Result<MediaItem> upload(const auth::Principal& who, const auth::Actor& actor,
                                 std::string_view bytes, const std::string& alt,
                                 const std::string& caption);
  // The newest first.
  std::vector<MediaItem> recent(int limit);
  std::optional<MediaFile> file(std::int64_t id, const std::string& variant);

 private:
  storage::Database& db_;
  std::binary_semaphore decoding_{1};
};

}  // namespace qorgan::portal
