#include "evac/error.hpp"

#include <algorithm>
#include <map>

namespace qorgan::evac {

namespace {

// Walks a format string: literal text goes to `text`, each replacement field to `field` with its
// argument index (automatic or written) and its spec.
template <typename Text, typename Field>
void walk(std::string_view f, Text text, Field field) {
  std::size_t next = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const char c = f[i];
    if (c == '{' && i + 1 < f.size() && f[i + 1] == '{') {
      text('{');
      ++i;
    } else if (c == '}' && i + 1 < f.size() && f[i + 1] == '}') {
      text('}');
      ++i;
    } else if (c == '{') {
      const auto close = f.find('}', i);
      if (close == std::string_view::npos) {
        text(c);
        continue;
      }
      auto inside = f.substr(i + 1, close - i - 1);
      const auto colon = inside.find(':');
      const auto id = inside.substr(0, colon);
      const auto spec =
          colon == std::string_view::npos ? std::string_view() : inside.substr(colon + 1);
      std::size_t index = next++;
      if (!id.empty() &&
          std::all_of(id.begin(), id.end(), [](char d) { return d >= '0' && d <= '9'; })) {
        index = 0;
        for (char d : id) index = index * 10 + std::size_t(d - '0');
      }
      field(index, spec);
      i = close;
    } else {
      text(c);
    }
  }
}

std::string substitute(std::string_view f, const std::vector<Arg>& args, std::string_view lang) {
  std::string out;
  walk(
      f, [&](char c) { out += c; },
      [&](std::size_t index, std::string_view) {
        if (index >= args.size()) return;
        out += args[index].term ? translate(args[index].text, lang) : args[index].text;
      });
  return out;
}

}  // namespace

namespace detail {

std::vector<std::string> field_specs(std::string_view key) {
  std::vector<std::string> specs;
  walk(
      key, [](char) {},
      [&](std::size_t index, std::string_view spec) {
        if (specs.size() <= index) specs.resize(index + 1);
        specs[index] = std::string(spec);
      });
  return specs;
}

std::string format_arg(const std::string&, const Term& t) {
  return std::string(t.key);
}

}  // namespace detail

Part part(Term t) {
  return Part{std::string(t.key), {}};
}

std::string english(const Part& p) {
  return substitute(p.key, p.args, "en");
}

Error::Error(Part p) : message(english(p)) {
  parts.push_back(std::move(p));
}

Error Error::untranslated(std::string english_text) {
  Error e;
  e.message = std::move(english_text);
  return e;
}

Error& Error::prefix(Part context) {
  // An untranslated error stays English as a whole.
  const bool structured = !parts.empty() || message.empty();
  message.insert(0, english(context));
  if (structured) parts.insert(parts.begin(), std::move(context));
  return *this;
}

Error& Error::append(Part tail) {
  const bool structured = !parts.empty() || message.empty();
  message += english(tail);
  if (structured) parts.push_back(std::move(tail));
  return *this;
}

const CatalogueEntry* find_in_catalogue(std::string_view key) {
  static const auto index = [] {
    std::map<std::string_view, const CatalogueEntry*> m;
    for (const auto& e : catalogue()) m.emplace(e.en, &e);
    return m;
  }();
  auto it = index.find(key);
  return it == index.end() ? nullptr : it->second;
}

std::string translate(std::string_view key, std::string_view lang) {
  if (lang == "kk" || lang == "ru")
    if (const auto* e = find_in_catalogue(key)) {
      const auto t = lang == "kk" ? e->kk : e->ru;
      if (!t.empty()) return std::string(t);
    }
  return std::string(key);
}

std::string render(const std::vector<Part>& parts, std::string_view lang) {
  std::string out;
  for (const auto& p : parts) {
    std::string_view f = p.key;
    if (lang == "kk" || lang == "ru")
      if (const auto* e = find_in_catalogue(p.key)) {
        const auto t = lang == "kk" ? e->kk : e->ru;
        if (!t.empty()) f = t;
      }
    out += substitute(f, p.args, lang);
  }
  return out;
}

std::string render(const Part& p, std::string_view lang) {
  return render(std::vector<Part>{p}, lang);
}

std::string render(const Error& e, std::string_view lang) {
  // An untranslated error, or one whose prefix was English text without parts.
  if (e.parts.empty()) return e.message;
  return render(e.parts, lang);
}

}  // namespace qorgan::evac
