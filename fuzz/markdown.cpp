// The portal's Markdown renderer and the text functions run over every article body
// (portal/text.hpp). Invariants of safe mode: no raw HTML element and no link or image target
// with a script or local-file scheme reaches the page.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/check.hpp"
#include "portal/text.hpp"

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : char(c); });
  return s;
}

// cmark-gfm's safe mode keeps data: URLs of these image types only (its _scan_dangerous_url).
bool dangerous_target(std::string_view url) {
  for (std::string_view scheme : {"javascript:", "vbscript:", "file:"})
    if (url.starts_with(scheme)) return true;
  if (!url.starts_with("data:")) return false;
  for (std::string_view ok :
       {"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"})
    if (url.starts_with(ok)) return false;
  return true;
}

void check_targets(const std::string& html, std::string_view attribute) {
  for (auto at = html.find(attribute); at != std::string::npos; at = html.find(attribute, at + 1)) {
    auto begin = at + attribute.size();
    auto end = html.find('"', begin);
    FUZZ_CHECK(end != std::string::npos);
    FUZZ_CHECK(!dangerous_target(std::string_view(html).substr(begin, end - begin)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view markdown(reinterpret_cast<const char*>(data), size);
  const std::string html = lower(qorgan::portal::render_markdown(markdown));
  for (std::string_view tag : {"<script", "<iframe", "<object", "<embed", "<style", "<svg", "<form",
                               "<input", "<meta", "<link", "<base"})
    FUZZ_CHECK(html.find(tag) == std::string::npos);
  check_targets(html, " href=\"");
  check_targets(html, " src=\"");

  const std::string plain = qorgan::portal::plain_text(markdown);
  FUZZ_CHECK(plain.empty() || (plain.back() != '\n' && plain.back() != ' '));
  for (const auto& term : qorgan::portal::search_terms(plain)) FUZZ_CHECK(!term.empty());
  // The snippet is escaped text with <mark> around matches, nothing else.
  std::string snippet =
      qorgan::portal::highlight_snippet(plain, markdown.substr(0, std::min<size_t>(size, 24)));
  for (std::string_view mark : {"<mark>", "</mark>"})
    for (auto at = snippet.find(mark); at != std::string::npos; at = snippet.find(mark, at))
      snippet.erase(at, mark.size());
  FUZZ_CHECK(snippet.find('<') == std::string::npos);
  return 0;
}
