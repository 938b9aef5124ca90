#pragma once
// The console's words in kk, ru and en. A console page is rendered on one thread from its first
// line to its last, so the page's language is set once for that thread (LanguageScope, by the
// page gate) and every label, message and template section reads it through tr(). Outside a
// scope the language is English.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "auth/principal.hpp"
#include "http/request.hpp"
#include "view/i18n.hpp"

namespace qorgan::console {

// Every text the console shows, keyed by its English wording (console/i18n_messages.cpp).
const view::Catalogue& catalogue();

// The page's language: the account's preference, then the language cookie that the switch sets
// before sign-in, then Accept-Language, then Russian.
std::string language_of(const http::Request& req, const auth::Principal* who);
inline constexpr const char* kLanguageCookie = "qorgan_lang";

const std::string& language();
class LanguageScope {
 public:
  explicit LanguageScope(std::string lang);
  ~LanguageScope();
  LanguageScope(const LanguageScope&) = delete;
  LanguageScope& operator=(const LanguageScope&) = delete;

 private:
  std::string previous_;
};

// `en` in the page's language.
std::string tr(std::string_view en);
// A translated format string ("{} people") with its values.
template <typename... Args>
std::string trf(std::string_view en, Args&&... args) {
  return fmt::format(fmt::runtime(tr(en)), std::forward<Args>(args)...);
}
// A service's message (an error's text or a field error) in the page's language: a whole message
// the catalogue knows, or a known beginning ("must be one of: ", "is already registered (person ")
// with the rest kept as it is. Unknown messages stay as the service wrote them.
std::string tr_message(std::string_view en);

}  // namespace qorgan::console
