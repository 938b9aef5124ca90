#include "portal/image.hpp"

#include <fmt/format.h>

#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <memory>

namespace qorgan::portal {

using core::Error;
using core::fail;

namespace {

Rendition jpeg_rendition(const unsigned char* rgb, int w, int h, int max_w) {
  int nw = std::min(w, max_w);
  int nh = std::max(1, int(std::int64_t(h) * nw / w));
  std::vector<unsigned char> buf(size_t(nw) * nh * 3);
  if (nw == w) {
    buf.assign(rgb, rgb + size_t(w) * h * 3);
  } else {
    stbir_resize_uint8(rgb, w, h, 0, buf.data(), nw, nh, 0, 3);
  }
  Rendition r{{}, nw, nh};
  stbi_write_jpg_to_func(
      [](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
      },
      &r.jpeg, nw, nh, 3, buf.data(), 82);
  return r;
}

}  // namespace

std::string sniff_image(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  return {};
}

core::Result<ImageSize> image_size(std::string_view bytes) {
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
  return ImageSize{w, h};
}

std::optional<std::vector<Rendition>> renditions(std::string_view bytes,
                                                 const std::vector<int>& max_widths) {
  int w = 0, h = 0, n = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> rgb(
      stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()), &w,
                            &h, &n, 3),
      stbi_image_free);
  if (!rgb) return std::nullopt;
  std::vector<Rendition> out;
  for (int max_w : max_widths) out.push_back(jpeg_rendition(rgb.get(), w, h, max_w));
  return out;
}

}  // namespace qorgan::portal
