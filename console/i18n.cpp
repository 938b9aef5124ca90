#include "console/i18n.hpp"

namespace qorgan::console {

namespace {
thread_local std::string current_language = "en";
}

std::string language_of(const http::Request& req, const auth::Principal* who) {
  if (who && view::is_language(who->language)) return who->language;
  if (auto c = req.cookie(kLanguageCookie); c && view::is_language(*c)) return *c;
  return view::pick_language(req.header("Accept-Language"), "ru");
}

const std::string& language() {
  return current_language;
}

LanguageScope::LanguageScope(std::string lang) : previous_(std::move(current_language)) {
  current_language = view::is_language(lang) ? std::move(lang) : std::string("en");
}

LanguageScope::~LanguageScope() {
  current_language = std::move(previous_);
}

std::string tr(std::string_view en) {
  return catalogue().text(current_language, en);
}

std::string tr_message(std::string_view en) {
  if (current_language == "en" || catalogue().has(en)) return tr(en);
  // The longest known beginning that ends where the services put a value: after ": " or " (",
  // or after a space when the rest holds no English words (numbers, names, codes).
  auto has_words = [](std::string_view rest) {
    int run = 0;
    for (char ch : rest) {
      run = ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) ? run + 1 : 0;
      if (run >= 3) return true;
    }
    return false;
  };
  std::size_t best = 0;
  for (const auto& m : catalogue().messages()) {
    auto key = m.en;
    if (key.size() <= best || key.size() >= en.size() || !en.starts_with(key)) continue;
    if (key.ends_with(": ") || key.ends_with(" (") ||
        (key.ends_with(' ') && !has_words(en.substr(key.size()))))
      best = key.size();
  }
  if (best == 0) return std::string(en);
  return tr(en.substr(0, best)) + std::string(en.substr(best));
}

}  // namespace qorgan::console
