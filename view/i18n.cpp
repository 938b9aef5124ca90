#include "view/i18n.hpp"

#include <algorithm>
#include <charconv>

namespace qorgan::view {

const std::vector<std::string>& languages() {
  static const std::vector<std::string> all{"kk", "ru", "en"};
  return all;
}

bool is_language(std::string_view s) {
  return s == "kk" || s == "ru" || s == "en";
}

std::string language_name(std::string_view lang) {
  if (lang == "kk") return "Қазақша";
  if (lang == "ru") return "Русский";
  return "English";
}

std::string pick_language(std::string_view header, std::string_view fallback) {
  std::string best(fallback);
  double best_q = -1;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto semi = part.find(';');
    auto tag = part.substr(0, semi);
    double q = 1.0;
    if (semi != std::string_view::npos) {
      auto qpos = part.find("q=", semi);
      if (qpos != std::string_view::npos) {
        auto v = part.substr(qpos + 2);
        q = 0;
        std::from_chars(v.data(), v.data() + v.size(), q);
      }
    }
    std::string primary(tag.substr(0, tag.find('-')));
    std::transform(primary.begin(), primary.end(), primary.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    while (!primary.empty() && primary.back() == ' ') primary.pop_back();
    if (is_language(primary) && q > 0 && q > best_q) {
      best = primary;
      best_q = q;
    }
  }
  return best;
}

Catalogue::Catalogue(std::vector<Message> messages) : messages_(std::move(messages)) {
  for (std::size_t i = 0; i < messages_.size(); ++i)
    index_.emplace(std::string(messages_[i].en), i);
}

std::string Catalogue::text(std::string_view lang, std::string_view en) const {
  if (lang == "en") return std::string(en);
  auto it = index_.find(en);
  if (it == index_.end()) return std::string(en);
  const auto& m = messages_[it->second];
  auto t = lang == "kk" ? m.kk : lang == "ru" ? m.ru : m.en;
  return std::string(t.empty() ? m.en : t);
}

Data translator(const Catalogue& catalogue, std::string lang) {
  return Data{kainjow::mustache::lambda{[&catalogue, lang = std::move(lang)](const std::string& s) {
    // The section keeps its {{tags}}; only the words around them are translated and escaped.
    // Escaping never touches a tag: '{' and '}' are not escaped.
    return kainjow::mustache::html_escape(catalogue.text(lang, s));
  }}};
}

}  // namespace qorgan::view
