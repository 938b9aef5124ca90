#pragma once
// The interface languages (kk, ru, en) shared by the server-rendered faces: choosing a reader's
// language from Accept-Language, and message catalogues keyed by the English text, with a
// mustache lambda so that a template says {{#t}}Sign out{{/t}} and shows it in the page's
// language. The English text is the key, so an English page needs no lookup and a missing
// translation shows the English rather than a blank.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "view/templates.hpp"

namespace qorgan::view {

// kk, ru, en: the order of every language switch.
const std::vector<std::string>& languages();
bool is_language(std::string_view s);
// The language's own name ("Қазақша", "Русский", "English").
std::string language_name(std::string_view lang);

// The language an Accept-Language header prefers among kk, ru and en: highest q wins, ties keep
// the header's order, "kk-KZ" counts as kk; `fallback` when none matches (or the header is empty).
std::string pick_language(std::string_view accept_language, std::string_view fallback = "ru");

// The cookie a language switch sets (before sign-in, or beside the account's preference).
inline constexpr const char* kLanguageCookie = "qorgan_lang";

// A staff page's language: the account's preference, then the switch's cookie, then
// Accept-Language, then Russian. Values that are not kk, ru or en count as absent.
std::string choose_language(std::string_view preference, std::string_view cookie,
                            std::string_view accept_language);

// The language of the page being rendered. A staff page is rendered on one thread from its first
// line to its last, so its language is set once for that thread (LanguageScope, by the page's
// gate) and every label and message reads it. Outside a scope the language is English.
const std::string& current_language();
class LanguageScope {
 public:
  explicit LanguageScope(std::string lang);
  ~LanguageScope();
  LanguageScope(const LanguageScope&) = delete;
  LanguageScope& operator=(const LanguageScope&) = delete;

 private:
  std::string previous_;
};

// One message: its English text (the key) and its Russian and Kazakh translations.
struct Message {
  std::string_view en, ru, kk;
};

class Catalogue {
 public:
  explicit Catalogue(std::vector<Message> messages);
  // The text in `lang`; the English key itself when the catalogue lacks it or lang is "en".
  std::string text(std::string_view lang, std::string_view en) const;
  // A service's message (an error's text or a field error) in `lang`: a whole message the
  // catalogue knows, or a known beginning ("must be one of: ", "is already registered (person ")
  // with the rest kept as it is. Unknown messages stay as the service wrote them.
  std::string message(std::string_view lang, std::string_view en) const;
  bool has(std::string_view en) const { return index_.contains(std::string(en)); }
  const std::vector<Message>& messages() const { return messages_; }

 private:
  std::vector<Message> messages_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

// A mustache lambda for {{#t}}English text{{/t}}: the section's text translated into `lang`,
// HTML-escaped, then rendered in the same context (so "{{n}} people" keeps its value).
Data translator(const Catalogue& catalogue, std::string lang);

}  // namespace qorgan::view
