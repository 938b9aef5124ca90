#pragma once
// The interface texts of the reader's pages in kk, ru and en.
#include <string>

#include "core/json.hpp"

namespace qorgan::portal {

// {"search": "...", "what_looking": "...", ...} for `lang` (kk|ru|en).
const core::Json& ui_strings(const std::string& lang);
// The language a reader's Accept-Language prefers among kk, ru, en (ru when none matches).
std::string pick_language(std::string_view accept_language);

}  // namespace qorgan::portal
