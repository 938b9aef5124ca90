#pragma once
// The media library: editors upload JPEG, PNG or GIF images (type decided by the content's magic
// bytes, never by the name or header), at most 5 MB and 8000×8000 pixels, with alt text required.
// Each upload is kept with two resized JPEG variants: "large" (≤1200 px wide) for articles and
// "thumb" (≤400 px) for lists. Served at /media/{id}/{original|large|thumb}.
#include <string>
#include <string_view>

#include "auth/guard.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "http/router.hpp"
#include "portal/portal.hpp"

namespace qorgan::portal {

inline constexpr std::size_t kMaxImageBytes = 5 * 1024 * 1024;

// "image/jpeg", "image/png", "image/gif", or empty when the bytes are none of these.
std::string sniff_image(std::string_view bytes);

core::Result<core::Json> upload_media(storage::Database& db, const auth::Principal& who,
                                      const auth::Actor& actor, std::string_view bytes,
                                      const std::string& alt, const std::string& caption);

void mount_media(http::Router& router, const auth::Guard& guard, Portal& portal);

}  // namespace qorgan::portal
