#include "portal/media.hpp"

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "portal/media_store.hpp"
#include "portal/roles.hpp"

namespace qorgan::portal {

using core::Error;
using core::fail;
using core::Json;

std::string media_path(std::int64_t id, std::string_view variant) {
  return "/media/" + std::to_string(id) + "/" + std::string(variant);
}

core::Result<MediaItem> Media::upload(const auth::Principal& who, const auth::Actor& actor,
                                      std::string_view bytes, const std::string& alt_in,
                                      const std::string& caption) {
  if (!is_editor(who)) return fail(Error::forbidden());
  std::vector<core::FieldError> errors;
  std::string alt = core::trim(alt_in);
  if (alt.empty()) errors.push_back({"alt", "Describe the image for readers who cannot see it."});
  if (alt.size() > 300) errors.push_back({"alt", "At most 300 characters."});
  if (caption.size() > 500) errors.push_back({"caption", "At most 500 characters."});
  if (bytes.size() > kMaxImageBytes)
    return fail(Error{core::ErrorCode::too_large, "An image may be at most 5 MB.", {}});
  auto mime = sniff_image(bytes);
  if (mime.empty()) errors.push_back({"file", "Upload a JPEG, PNG or GIF image."});
  if (!errors.empty()) return fail(Error::invalid("The image was not accepted.", errors));
  auto size = image_size(bytes);
  if (!size) return fail(size.error());
  // One decode at a time, and none waited for: a waiting upload would hold a server thread too.
  if (!decoding_.try_acquire())
    return fail(
        Error::too_many("Another image is being processed; try again in a few seconds.", 5));
  struct Release {
    std::binary_semaphore& s;
    ~Release() { s.release(); }
  } release{decoding_};
  auto variants = renditions(bytes, {1200, 400});
  if (!variants)
    return fail(
        Error::invalid("The image was not accepted.", {{"file", "The image cannot be decoded."}}));
  const Rendition& large = (*variants)[0];
  const Rendition& thumb = (*variants)[1];
  const int w = size->width, h = size->height;
  MediaItem m{0, mime, w, h, alt, core::trim(caption), std::int64_t(bytes.size())};
  return db_.write([&](storage::Tx& tx) -> core::Result<MediaItem> {
    m.id = store::insert_media(tx, m, who.login, core::now_us());
    store::insert_media_variant(tx, m.id, "original", mime, w, h, bytes);
    store::insert_media_variant(tx, m.id, "large", "image/jpeg", large.width, large.height,
                                large.jpeg);
    store::insert_media_variant(tx, m.id, "thumb", "image/jpeg", thumb.width, thumb.height,
                                thumb.jpeg);
    auth::audit(
        tx, actor, "portal_media.upload", "portal_media", std::to_string(m.id), nullptr,
        {{"mime", mime}, {"width", w}, {"height", h}, {"alt", alt}, {"bytes", bytes.size()}});
    return m;
  });
}

std::vector<MediaItem> Media::recent(int limit) {
  return db_.read([&](storage::Tx& tx) { return store::recent_media(tx, limit); });
}

std::optional<MediaFile> Media::file(std::int64_t id, const std::string& variant) {
  return db_.read([&](storage::Tx& tx) { return store::media_file(tx, id, variant); });
}

}  // namespace qorgan::portal
