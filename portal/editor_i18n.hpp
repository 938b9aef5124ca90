#pragma once
// The editor's words in kk, ru and en, read through tr() in the language view::LanguageScope set
// for the page being rendered (the same machinery as the console, with the editor's catalogue).
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "auth/principal.hpp"
#include "view/i18n.hpp"

namespace qorgan::portal::editor {

// Every text the editor shows, keyed by its English wording (portal/editor_i18n_messages.cpp).
const view::Catalogue& catalogue();

// `en` in the page's language.
std::string tr(std::string_view en);
// A service's message (an error's text or a field error) in the page's language.
std::string tr_message(std::string_view en);

// The role as a word in the page's language ("Бас редактор", not "chief_editor").
std::string role_label(auth::Role role);
// A language's name in the page's language ("орыс тілі" on a Kazakh page).
std::string language_label(std::string_view lang);
// An article status ("in_review") and the button that moves an article to it, as words.
std::string status_label(std::string_view status);
std::string action_label(std::string_view to_status);
// What the form calls a field an error names ("images[0].src" → "Image address").
std::string field_label(std::string_view field);

}  // namespace qorgan::portal::editor
