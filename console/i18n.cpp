#include "console/i18n.hpp"

namespace qorgan::console {

std::string language_of(const http::Request& req, const auth::Principal* who) {
  return view::choose_language(who ? std::string_view(who->language) : std::string_view{},
                               req.cookie(kLanguageCookie).value_or(""),
                               req.header("Accept-Language"));
}

std::string tr(std::string_view en) {
  return catalogue().text(language(), en);
}

std::string tr_message(std::string_view en) {
  return catalogue().message(language(), en);
}

}  // namespace qorgan::console
