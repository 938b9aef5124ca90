#pragma once
// The portal's text rules: safe Markdown, search terms (stemmed Russian and English, normalised
// Kazakh), highlighted snippets, dates in the site's time zone, plural view counts and line diffs.
// Pure functions, no I/O, so they are unit-tested directly.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace qorgan::portal {

// CommonMark to HTML in safe mode: raw HTML is dropped and links/images with javascript:,
// vbscript:, file: or data: URLs lose their target. The result is safe to embed unescaped.
std::string render_markdown(std::string_view markdown);

// Words of `text`, folded (core::fold) and reduced to stems: Snowball Russian for Cyrillic words,
// a light suffix stripper for words with Kazakh-only letters, Snowball English for Latin words.
// The same function runs over indexed text and over queries, so inflected forms meet.
std::vector<std::string> search_terms(std::string_view text);
std::string search_terms_joined(std::string_view text);
// The terms a document is indexed under: each word's stem and, for a Cyrillic word without
// Kazakh-only letters, also its light Russian stem (Snowball alone gives "сирены" -> "сир" but
// "сиренами" -> "сирен") and its Kazakh stem ("ауданында" -> "аудан"); for a Russian
// adjective made from a place name ("в Медеуском районе") also the name's ("Медеу").
std::vector<std::string> index_terms(std::string_view text);
std::string index_terms_joined(std::string_view text);
// A word of a query: the terms it may match (any one will do), as prefixes when `prefix`.
struct QueryWord {
  std::vector<std::string> forms;
  bool prefix = false;
};
// The words of a query as the index looks them up; with `prefix_last` the last word is being
// typed and matches as a prefix (its folded text, stem and light stem).
std::vector<QueryWord> query_words(std::string_view query, bool prefix_last);
// Whether the index would find `text` for `query`: every query word has a form among the text's
// index terms. The rule the search index applies, as a function for tests.
bool query_matches(std::string_view query, std::string_view text, bool prefix_last = false);

// Plain text of a Markdown body (markup removed) for snippets and feeds.
std::string plain_text(std::string_view markdown);
// The addresses of the images a Markdown body shows (inline and reference images), in order.
std::vector<std::string> image_sources(std::string_view markdown);
// A snippet of `plain` around the first words matching `query`, HTML-escaped, with matches in
// <mark>…</mark>; at most ~`width` characters.
std::string highlight_snippet(std::string_view plain, std::string_view query, size_t width = 220);

// "07 June 2025 16:54" / "07 июня 2025 16:54" / "07 маусым 2025 16:54" in `tz` (IANA name).
std::string format_local(core::Timestamp t, std::string_view lang,
                         std::string_view tz = "Asia/Almaty");
// The zone as people read it at time `t`: "Almaty, UTC+5" ("Kolkata, UTC+5:30", "UTC").
std::string zone_label(core::Timestamp t, std::string_view tz);
// format_local with the zone's label: "03 December 2026 19:13 (Almaty, UTC+5)".
std::string format_local_zoned(core::Timestamp t, std::string_view lang, std::string_view tz);
// ISO 8601 with the zone's offset ("2025-06-07T16:54:00+05:00") for <time datetime> and JSON-LD.
std::string format_iso_local(core::Timestamp t, std::string_view tz = "Asia/Almaty");
// "2026-06-07T16:54" (an <input type="datetime-local"> value) read as wall time in `tz`.
std::optional<core::Timestamp> parse_local(std::string_view s, std::string_view tz = "Asia/Almaty");
// The inverse, for filling such an input.
std::string format_local_input(core::Timestamp t, std::string_view tz = "Asia/Almaty");

// "Views: 242" in the reader's language with the plural form ICU chooses ("242 просмотра").
std::string views_label(std::int64_t n, std::string_view lang);

// One line of a diff: kept ('='), removed ('-') or added ('+').
struct DiffLine {
  char op = '=';
  std::string text;
};
// A line diff of two texts (LCS; beyond 3000 lines a side, all removed then all added).
std::vector<DiffLine> line_diff(std::string_view a, std::string_view b);

}  // namespace qorgan::portal
