#pragma once
// What the printed inspection act reads, in Kazakh, Russian and English, keyed by the English
// wording (view/i18n.hpp). A key with "{}" is a format string whose translations keep the values.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "view/i18n.hpp"

namespace qorgan::obligations {

const view::Catalogue& obligation_words();

inline std::string say(std::string_view lang, std::string_view en) {
  return obligation_words().text(lang, en);
}
template <typename... Args>
std::string sayf(std::string_view lang, std::string_view en, Args&&... args) {
  return fmt::format(fmt::runtime(say(lang, en)), std::forward<Args>(args)...);
}

}  // namespace qorgan::obligations
