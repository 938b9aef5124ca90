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
// A URL slug: romanised to Latin ASCII, lower case, words joined by '-', at most 80 characters.
// Cyrillic follows BGN/PCGN (Ш sh, Щ shch, Ч ch, Ж zh, Ц ts, Ы y, Э e, Ю yu, Я ya, Ё yo/e;
// Kazakh Ә a, Ғ gh, Қ q, Ң ng, Ө o, Ұ u, Ү u, Һ h, І i); `lang` "kk" reads every Cyrillic letter
// the Kazakh way, any other value the Russian way. Other scripts: ICU Any-Latin.
std::string slugify(std::string_view s, std::string_view lang = {});
// The rule slugs were made with before (ICU Any-Latin: "Штаб" -> "stab"), kept only to recognise
// the addresses it made so that they can be redirected.
std::string slugify_legacy(std::string_view s);

// The script-blind search key of a name: transliterated to Latin ASCII (ICU's Any-Latin, so
// Cyrillic Russian and Kazakh letters included), lower case, with the spellings that differ
// between romanisations folded together (zh/ж → z, kh/x → h, ts → c, ya/я → a, yo/ё → e, y/ы/й → i,
// …), and everything but letters, digits and single spaces dropped. "Абдрахманов",
// "Abdrakhmanov" and "Abdrahmanov" share a key, as do "Жетысу", "Жетісу" and "Zhetysu". Stored
// beside a name and applied to the query, so a search matches across scripts.
std::string name_key(std::string_view s);

}  // namespace qorgan::core
