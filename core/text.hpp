#pragma once
// Text rules shared by every module: UTF-8 validity, search folding and slugs.
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace qorgan::core {

// The search key of a name: NFKC, Unicode case folding (Cyrillic, Kazakh and Latin alike) and
// ё→е, so "ЁЛКА", "ёлка" and "елка" meet. Both the stored key and the query go through it.
std::string fold(std::string_view s);
// Trims ASCII and Unicode spaces at both ends.
std::string trim(std::string_view s);
// Escapes '%', '_' and '\' for a LIKE pattern with ESCAPE '\'.
std::string like_escape(std::string_view s);
// Percent-encodes every byte but RFC 3986's unreserved characters (for a path segment or a
// query value).
std::string url_encode(std::string_view s);
// A URL slug: transliterated to Latin ASCII, lower case, words joined by '-'.
std::string slugify(std::string_view s);

}  // namespace qorgan::core
