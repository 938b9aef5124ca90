#pragma once
// The console's words in kk, ru and en, read through tr() in the language view::LanguageScope set
// for the page being rendered.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "auth/principal.hpp"
#include "http/request.hpp"
#include "view/i18n.hpp"

namespace qorgan::console {

// Every text the console shows, keyed by its English wording (console/i18n_messages.cpp).
const view::Catalogue& catalogue();

// The page's language (view::choose_language over the request and the account).
std::string language_of(const http::Request& req, const auth::Principal* who);
using view::kLanguageCookie;
using view::LanguageScope;

inline const std::string& language() {
  return view::current_language();
}

// `en` in the page's language.
std::string tr(std::string_view en);
// A translated format string ("{} people") with its values.
template <typename... Args>
std::string trf(std::string_view en, Args&&... args) {
  return fmt::format(fmt::runtime(tr(en)), std::forward<Args>(args)...);
}
// A service's message in the page's language (view::Catalogue::message).
std::string tr_message(std::string_view en);

}  // namespace qorgan::console
