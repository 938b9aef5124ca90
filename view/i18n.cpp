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

std::string choose_language(std::string_view preference, std::string_view cookie,
                            std::string_view accept_language) {
  if (is_language(preference)) return std::string(preference);
  if (is_language(cookie)) return std::string(cookie);
  return pick_language(accept_language, "ru");
}

namespace {
thread_local std::string page_language = "en";
}

const std::string& current_language() {
  return page_language;
}

LanguageScope::LanguageScope(std::string lang) : previous_(std::move(page_language)) {
  page_language = is_language(lang) ? std::move(lang) : std::string("en");
}

LanguageScope::~LanguageScope() {
  page_language = std::move(previous_);
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

namespace {

// Whether `en` is the format `key` ("must be between {} and {}") with whole numbers, perhaps
// negative, where the key has "{}"; the numbers go to `values`.
bool matches_format(std::string_view key, std::string_view en,
                    std::vector<std::string_view>& values) {
  values.clear();
  std::size_t k = 0, e = 0;
  for (;;) {
    auto hole = key.find("{}", k);
    auto part = key.substr(k, hole == std::string_view::npos ? std::string_view::npos : hole - k);
    if (en.substr(e, part.size()) != part) return false;
    e += part.size();
    if (hole == std::string_view::npos) return e == en.size();
    std::size_t end = e < en.size() && en[e] == '-' ? e + 1 : e;
    const std::size_t digits = end;
    while (end < en.size() && en[end] >= '0' && en[end] <= '9') ++end;
    if (end == digits) return false;
    values.push_back(en.substr(e, end - e));
    e = end;
    k = hole + 2;
  }
}

// The translated format with the values in its "{}" (in turn) or "{0}", "{1}" (by place).
std::string filled(std::string_view format, const std::vector<std::string_view>& values) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{') {
      auto close = format.find('}', i);
      auto inside = format.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      std::size_t index = next;
      auto [end, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), index);
      if (close != std::string_view::npos &&
          (inside.empty() || (ec == std::errc() && end == inside.data() + inside.size()))) {
        if (inside.empty()) ++next;
        if (index < values.size()) out += values[index];
        i = close;
        continue;
      }
    }
    out += format[i];
  }
  return out;
}

}  // namespace

std::string Catalogue::message(std::string_view lang, std::string_view en) const {
  if (lang == "en" || has(en)) return text(lang, en);
  // A format the catalogue knows, its values numbers ("is longer than 50 bytes").
  std::vector<std::string_view> values;
  for (const auto& m : messages_)
    if (m.en.find("{}") != std::string_view::npos && matches_format(m.en, en, values))
      return filled(text(lang, m.en), values);
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
  for (const auto& m : messages_) {
    auto key = m.en;
    if (key.size() <= best || key.size() >= en.size() || !en.starts_with(key)) continue;
    if (key.ends_with(": ") || key.ends_with(" (") ||
        (key.ends_with(' ') && !has_words(en.substr(key.size()))))
      best = key.size();
  }
  if (best == 0) return std::string(en);
  return text(lang, en.substr(0, best)) + std::string(en.substr(best));
}

Data translator(const Catalogue& catalogue, std::string lang) {
  return Data{kainjow::mustache::lambda{[&catalogue, lang = std::move(lang)](const std::string& s) {
    // The section keeps its {{tags}}; only the words around them are translated and escaped.
    // Escaping never touches a tag: '{' and '}' are not escaped.
    return kainjow::mustache::html_escape(catalogue.text(lang, s));
  }}};
}

}  // namespace qorgan::view
