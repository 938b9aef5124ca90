#pragma once
// The checks and conversions an uploaded image goes through, as pure functions of its bytes (no
// storage, no locks), so that the media library and the image fuzz harness run the same code.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace qorgan::portal {

inline constexpr std::size_t kMaxImageBytes = 5 * 1024 * 1024;
// The pixel budget, checked from the header before decoding: 24 million pixels (a 6000×4000
// photograph) decode to 72 MB.
inline constexpr int kMaxImageSide = 8000;
inline constexpr std::int64_t kMaxImagePixels = 24'000'000;

// "image/jpeg", "image/png", "image/gif", or empty when the bytes are none of these.
std::string sniff_image(std::string_view bytes);

struct ImageSize {
  int width = 0, height = 0;
};
// The size an image's header states, checked against the pixel budget before anything is
// decoded (a small file may claim a huge image, and decoding is what costs memory, 3 bytes a
// pixel). Errors are `invalid` with a "file" field error. Contract: `bytes` is at most
// kMaxImageBytes long.
core::Result<ImageSize> image_size(std::string_view bytes);

// A JPEG rendition of an image, no wider than the width it was asked for.
struct Rendition {
  std::string jpeg;
  int width = 0, height = 0;
};
// Decodes the image once and renders it at each of `max_widths` (never enlarged), or nullopt
// when it cannot be decoded. Contract: image_size(bytes) succeeded.
std::optional<std::vector<Rendition>> renditions(std::string_view bytes,
                                                 const std::vector<int>& max_widths);

}  // namespace qorgan::portal
