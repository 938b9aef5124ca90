#include "http/private_page.hpp"

namespace qorgan::http {

Response private_page(std::string html, int status, std::optional<std::int64_t> retry_after,
                      bool inline_images) {
  auto res = Response::html(std::move(html), status);
  res.header("Content-Security-Policy",
             std::string("default-src 'none'; style-src 'unsafe-inline'; ") +
                 (inline_images ? "img-src data:; " : "") +
                 "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  res.header("Cache-Control", "no-store");
  res.header("Referrer-Policy", "no-referrer");
  res.header("X-Robots-Tag", "noindex");
  if (retry_after) res.header("Retry-After", std::to_string(*retry_after));
  return res;
}

}  // namespace qorgan::http
