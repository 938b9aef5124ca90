#include "portal/media.hpp"

#include <fmt/format.h>

#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <stb/stb_image_write.h>

#include <memory>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "portal/media_store.hpp"
#include "portal/roles.hpp"

namespace qorgan::portal {

using core::Error;
using core::fail;
using core::Json;

namespace {

struct Variant {
  std::string data;
  int w = 0, h = 0;
};

Variant jpeg_variant(const unsigned char* rgb, int w, int h, int max_w) {
  int nw = std::min(w, max_w);
  int nh = std::max(1, int(std::int64_t(h) * nw / w));
  std::vector<unsigned char> buf(size_t(nw) * nh * 3);
  if (nw == w) {
    buf.assign(rgb, rgb + size_t(w) * h * 3);
  } else {
    stbir_resize_uint8(rgb, w, h, 0, buf.data(), nw, nh, 0, 3);
  }
  Variant v{{}, nw, nh};
  stbi_write_jpg_to_func(
      [](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
      },
      &v.data, nw, nh, 3, buf.data(), 82);
  return v;
}

}  // namespace

std::string sniff_image(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  return {};
}

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
  // The size comes from the header, before anything is decoded: a small file may claim a huge
  // image, and decoding is what costs memory (3 bytes a pixel).
  int w = 0, h = 0, n = 0;
  if (!stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()), &w,
                             &h, &n) ||
      w <= 0 || h <= 0)
    return fail(Error::invalid("The image was not accepted.",
                               {{"file", "The image is damaged: its size cannot be read."}}));
  if (w > kMaxImageSide || h > kMaxImageSide || std::int64_t(w) * std::int64_t(h) > kMaxImagePixels)
    return fail(Error::invalid(
        "The image was not accepted.",
        {{"file", fmt::format("The image is {}×{} pixels; at most {} pixels a side and {} million "
                              "pixels in all are accepted.",
                              w, h, kMaxImageSide, kMaxImagePixels / 1'000'000)}}));
  // One decode at a time, and none waited for: a waiting upload would hold a server thread too.
  if (!decoding_.try_acquire())
    return fail(
        Error::too_many("Another image is being processed; try again in a few seconds.", 5));
  struct Release {
    std::binary_semaphore& s;
    ~Release() { s.release(); }
  } release{decoding_};
  std::unique_ptr<stbi_uc, void (*)(void*)> rgb(
      stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()), &w,
                            &h, &n, 3),
      stbi_image_free);
  if (!rgb)
    return fail(
        Error::invalid("The image was not accepted.", {{"file", "The image cannot be decoded."}}));
  auto large = jpeg_variant(rgb.get(), w, h, 1200);
  auto thumb = jpeg_variant(rgb.get(), w, h, 400);
  MediaItem m{0, mime, w, h, alt, core::trim(caption), std::int64_t(bytes.size())};
  return db_.write([&](storage::Tx& tx) -> core::Result<MediaItem> {
    m.id = store::insert_media(tx, m, who.login, core::now_us());
    store::insert_media_variant(tx, m.id, "original", mime, w, h, bytes);
    store::insert_media_variant(tx, m.id, "large", "image/jpeg", large.w, large.h, large.data);
    store::insert_media_variant(tx, m.id, "thumb", "image/jpeg", thumb.w, thumb.h, thumb.data);
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
