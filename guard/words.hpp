#pragma once
// What guarding's printed rosters and calendar entries say, in Kazakh, Russian and English,
// keyed by the English wording (view/i18n.hpp).
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "view/i18n.hpp"

namespace qorgan::guard {

const view::Catalogue& guard_words();

inline std::string say(std::string_view lang, std::string_view en) {
  return guard_words().text(lang, en);
}
template <typename... Args>
std::string sayf(std::string_view lang, std::string_view en, Args&&... args) {
  return fmt::format(fmt::runtime(say(lang, en)), std::forward<Args>(args)...);
}

}  // namespace qorgan::guard
