#pragma once
// The evacuation engine's error type. Expected failures (bad input files, infeasible requests)
// are returned as values, never thrown; the engine stays independent of core::Error so that it
// builds and benchmarks on its own. A caller maps the error into its own type.
//
// A message is a chain of parts, each an English format string (the key into the kk/ru
// catalogue, evac/messages.cpp) with its arguments already formatted: `fail("unknown node {}",
// id)`, with context put in front as parts of its own (`part("{}:{}: ", file, line)`). `message`
// is the English text exactly as fmt::format writes it; render() gives it in Kazakh or Russian.
// Keys must be string literals at the call (fail, part, err, term): a unit test reads them from
// the sources and fails on one the catalogue lacks.

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace qorgan::evac {

// A word that is itself translated when it is an argument of a message ("node count").
struct Term {
  std::string_view key;
};
consteval Term term(const char* key) {
  return Term{key};
}

struct Arg {
  std::string text;   // as the key's replacement field formats it
  bool term = false;  // `text` is a catalogue key
  bool operator==(const Arg&) const = default;
};

struct Part {
  std::string key;
  std::vector<Arg> args;
  bool operator==(const Part&) const = default;
};

namespace detail {
// The format spec of each replacement field of `key` in order ("" for "{}", ".0f" for "{:.0f}").
std::vector<std::string> field_specs(std::string_view key);
std::string format_arg(const std::string& spec, const Term& t);
template <typename T>
std::string format_arg(const std::string& spec, const T& value) {
  if (spec.empty()) return fmt::format("{}", value);
  return fmt::format(fmt::runtime("{:" + spec + "}"), value);
}
template <typename T>
Arg make_arg(const std::vector<std::string>& specs, std::size_t i, const T& value) {
  const std::string& spec = i < specs.size() ? specs[i] : std::string();
  if constexpr (std::is_same_v<std::decay_t<T>, Term>)
    return Arg{std::string(value.key), true};
  else
    return Arg{format_arg(spec, value), false};
}
}  // namespace detail

}  // namespace qorgan::evac

template <>
struct fmt::formatter<qorgan::evac::Term> : fmt::formatter<std::string_view> {
  auto format(const qorgan::evac::Term& t, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(t.key, ctx);
  }
};

namespace qorgan::evac {

// One part: the key and its arguments. The English text is fmt::format(key, args...).
template <typename... A>
Part part(fmt::format_string<A...> key, A&&... args) {
  const fmt::string_view view = key;  // fmt 9: no get()
  const std::string_view k(view.data(), view.size());
  Part p{std::string(k), {}};
  if constexpr (sizeof...(A) > 0) {
    const auto specs = detail::field_specs(k);
    std::size_t i = 0;
    (p.args.push_back(detail::make_arg(specs, i++, args)), ...);
  }
  return p;
}
Part part(Term t);

struct Error {
  std::string message;      // English: the parts' texts one after the other
  std::vector<Part> parts;  // empty only for untranslated() errors

  Error() = default;
  explicit Error(Part p);
  // A message that never reaches a user as such (a crash, an internal failure): English only.
  static Error untranslated(std::string english);
  // Puts `context` in front ("net.txt:3: " before "unknown node 7").
  Error& prefix(Part context);
  Error& append(Part tail);
};

template <typename T>
using Result = std::expected<T, Error>;

// The English text of one part (fmt::format of the key with the arguments).
std::string english(const Part& p);

template <typename... A>
std::unexpected<Error> fail(fmt::format_string<A...> key, A&&... args) {
  return std::unexpected<Error>(Error(part(key, std::forward<A>(args)...)));
}
inline std::unexpected<Error> fail(Term t) {
  return std::unexpected<Error>(Error(part(t)));
}
inline std::unexpected<Error> fail(Part p) {
  return std::unexpected<Error>(Error(std::move(p)));
}
inline std::unexpected<Error> fail(Part context, Part what) {
  Error e(std::move(what));
  e.prefix(std::move(context));
  return std::unexpected<Error>(std::move(e));
}
// `inner` with `context` in front.
inline std::unexpected<Error> fail(Part context, Error inner) {
  inner.prefix(std::move(context));
  return std::unexpected<Error>(std::move(inner));
}

// The message in `lang`: "kk" or "ru" from the catalogue (a key it lacks stays English), anything
// else English.
std::string render(const Error& e, std::string_view lang);
std::string render(const std::vector<Part>& parts, std::string_view lang);
std::string render(const Part& p, std::string_view lang);
// One catalogue key without arguments (a Term, an unroutable reason) in `lang`.
std::string translate(std::string_view key, std::string_view lang);

// The catalogue: every key with its Kazakh and Russian text (evac/messages.cpp).
struct CatalogueEntry {
  std::string_view en, kk, ru;
};
const std::vector<CatalogueEntry>& catalogue();
const CatalogueEntry* find_in_catalogue(std::string_view key);

}  // namespace qorgan::evac
