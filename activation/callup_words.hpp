#pragma once
// What a called-up person reads — the printed notice, the notice's text message, the answer
// page — in Kazakh, Russian and English, keyed by the English wording (view/i18n.hpp). A key with
// "{}" is a format string whose translations keep the same values.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "view/i18n.hpp"

namespace qorgan::activation {

const view::Catalogue& callup_words();

// `en` in `lang` (kk, ru or en; anything else is English).
inline std::string say(std::string_view lang, std::string_view en) {
  return callup_words().text(lang, en);
}
template <typename... Args>
std::string sayf(std::string_view lang, std::string_view en, Args&&... args) {
  return fmt::format(fmt::runtime(say(lang, en)), std::forward<Args>(args)...);
}

}  // namespace qorgan::activation
