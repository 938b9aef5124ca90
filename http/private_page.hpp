#pragma once
// A page whose address or form carries a credential (a code, a token): never cached, never sent
// as a referrer, not indexed, and allowed nothing but its inline style and forms to itself, and
// with `inline_images` pictures given in the page itself (data: URIs).
#include <cstdint>
#include <optional>
#include <string>

#include "http/request.hpp"

namespace qorgan::http {

Response private_page(std::string html, int status = 200,
                      std::optional<std::int64_t> retry_after = std::nullopt,
                      bool inline_images = false);

}  // namespace qorgan::http
