#pragma once
// A QR code as an inline SVG, for printed notices: one path of the dark modules inside a quiet
// zone of four modules, so that a page prints and scans without images or scripts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qorgan::activation {

// The module matrix libqrencode makes for `text` (8-bit mode, error correction level M):
// width × width, true for a dark module; nullopt when the text does not fit a QR code.
struct QrMatrix {
  int width = 0;
  std::vector<bool> dark;
};
std::optional<QrMatrix> qr_matrix(std::string_view text);

// `<svg …>` drawing `m`, `size_mm` wide (and high); `label` is its accessible name.
std::string qr_svg(const QrMatrix& m, double size_mm, std::string_view label);

}  // namespace qorgan::activation
