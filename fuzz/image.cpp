// The checks an uploaded image goes through (portal/image.hpp): type by magic bytes, the size
// from the header against the pixel budget, then decoding and the JPEG renditions. Invariants:
// an accepted size is within the budget, and the decoded image has the size its header stated
// (the budget is checked on the header, so the two must agree).
#include <cstdint>
#include <string_view>

#include "fuzz/check.hpp"
#include "portal/image.hpp"

using namespace qorgan::portal;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.size() > kMaxImageBytes) return 0;  // refused before any check (Media::upload)
  if (sniff_image(bytes).empty()) return 0;
  auto checked = image_size(bytes);
  if (!checked) {
    FUZZ_CHECK(checked.error().fields.size() == 1 && checked.error().fields[0].field == "file");
    return 0;
  }
  FUZZ_CHECK(checked->width >= 1 && checked->width <= kMaxImageSide);
  FUZZ_CHECK(checked->height >= 1 && checked->height <= kMaxImageSide);
  FUZZ_CHECK(std::int64_t(checked->width) * checked->height <= kMaxImagePixels);
  // Decoding stays within the budget whatever the header says; the harness decodes only images
  // of up to a million pixels so that an execution takes milliseconds, not seconds.
  if (std::int64_t(checked->width) * checked->height > 1'000'000) return 0;
  auto out = renditions(bytes, {1200, 400, 16});
  if (!out) return 0;
  FUZZ_CHECK(out->size() == 3);
  const int widths[] = {1200, 400, 16};
  for (std::size_t i = 0; i < out->size(); ++i) {
    const auto& r = (*out)[i];
    FUZZ_CHECK(r.width == std::min(checked->width, widths[i]));
    FUZZ_CHECK(r.height >= 1 && r.height <= checked->height);
    FUZZ_CHECK(r.jpeg.size() > 4 && std::uint8_t(r.jpeg[0]) == 0xFF &&
               std::uint8_t(r.jpeg[1]) == 0xD8);
  }
  return 0;
}
