#include "activation/qr_svg.hpp"

#include <qrencode.h>

#include <memory>

#include <fmt/format.h>

#include "core/escape.hpp"

namespace qorgan::activation {

namespace {
constexpr int kQuiet = 4;  // modules of white around the code, as the standard asks
}

std::optional<QrMatrix> qr_matrix(std::string_view text) {
  std::string s(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(s.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) return std::nullopt;
  QrMatrix m;
  m.width = code->width;
  m.dark.resize(std::size_t(m.width) * std::size_t(m.width));
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  return m;
}

std::string qr_svg(const QrMatrix& m, double size_mm, std::string_view label) {
  const int side = m.width + 2 * kQuiet;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"{}\" "
      "width=\"{:.0f}mm\" height=\"{:.0f}mm\" viewBox=\"0 0 {} {}\" "
      "shape-rendering=\"crispEdges\"><rect width=\"{}\" height=\"{}\" fill=\"#fff\"/>"
      "<path fill=\"#000\" d=\"",
      core::html_escape(label), size_mm, size_mm, side, side, side, side);
  // One rectangle per horizontal run of dark modules keeps the path short.
  for (int y = 0; y < m.width; ++y)
    for (int x = 0; x < m.width;) {
      if (!m.dark[std::size_t(y * m.width + x)]) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.width && m.dark[std::size_t(y * m.width + x + run)]) ++run;
      out += fmt::format("M{} {}h{}v1h-{}z", x + kQuiet, y + kQuiet, run, run);
      x += run;
    }
  out += "\"/></svg>";
  return out;
}

}  // namespace qorgan::activation
