#include "view/i18n.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/args.h>
#include <fmt/format.h>

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

// The values a message holds where the format key has "{}" ("No notice {} in activation {}."
// against "No notice 5 in activation 2." gives 5 and 2); nothing when it does not fit. A key
// needs some words of its own, so that "{}: {}" fits nothing.
std::optional<std::vector<std::string>> values_in(std::string_view key, std::string_view en) {
  if (key.find("{}") == std::string_view::npos || key.find("{{") != std::string_view::npos)
    return std::nullopt;
  std::vector<std::string_view> parts;
  for (std::size_t from = 0;;) {
    auto at = key.find("{}", from);
    parts.push_back(key.substr(from, at == std::string_view::npos ? at : at - from));
    if (at == std::string_view::npos) break;
    from = at + 2;
  }
  std::size_t literal = 0;
  for (auto p : parts) literal += p.size();
  if (literal < 6) return std::nullopt;
  const auto last = parts.back();
  if (!en.starts_with(parts.front()) || !en.ends_with(last) ||
      en.size() < parts.front().size() + last.size())
    return std::nullopt;
  std::vector<std::string> values;
  std::size_t pos = parts.front().size();
  const std::size_t end = en.size() - last.size();
  for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
    auto at = parts[i].empty() ? std::string_view::npos : en.find(parts[i], pos + 1);
    if (at == std::string_view::npos || at + parts[i].size() > end) return std::nullopt;
    values.emplace_back(en.substr(pos, at - pos));
    pos = at + parts[i].size();
  }
  if (pos >= end) return std::nullopt;
  values.emplace_back(en.substr(pos, end - pos));
  return values;
}

}  // namespace

std::string Catalogue::message(std::string_view lang, std::string_view en) const {
  if (lang == "en" || has(en)) return text(lang, en);
  // The longest format key whose values fill the message ("at most {} check-ins in one batch"
  // before "at most {}"), translated with the same values.
  const Message* key = nullptr;
  std::vector<std::string> values;
  for (const auto& m : messages_)
    if (!key || m.en.size() > key->en.size())
      if (auto v = values_in(m.en, en)) {
        key = &m;
        values = std::move(*v);
      }
  if (key) {
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    for (const auto& v : values) args.push_back(v);
    try {
      return fmt::vformat(text(lang, key->en), args);
    } catch (const fmt::format_error&) {
      return std::string(en);
    }
  }
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
  // After ": " may come a message of its own ("The change would break the roster's rules: " and
  // the rule), translated in turn; a value that is no message stays as it is.
  const auto rest = en.substr(best);
  return text(lang, en.substr(0, best)) +
         (en.substr(0, best).ends_with(": ") ? message(lang, rest) : std::string(rest));
}

Data translator(const Catalogue& catalogue, std::string lang) {
  return Data{kainjow::mustache::lambda{[&catalogue, lang = std::move(lang)](const std::string& s) {
    // The section keeps its {{tags}}; only the words around them are translated and escaped.
    // Escaping never touches a tag: '{' and '}' are not escaped.
    return kainjow::mustache::html_escape(catalogue.text(lang, s));
  }}};
}

}  // namespace qorgan::view
