#include "view/public_frame.hpp"

#include <fmt/format.h>

#include "core/escape.hpp"
#include "view/i18n.hpp"

namespace qorgan::view {
namespace {

constexpr const char* kStyle = R"(
body { margin: 0; font: 17px/1.5 system-ui, "DejaVu Sans", Arial, sans-serif; color: #1b1b1b;
  background: #f4f5f2 }
header { display: flex; justify-content: space-between; align-items: center; gap: 1rem;
  padding: .6rem 1rem; background: #1f3d2b; color: #fff }
header a { color: #fff } .brand { font-weight: bold; text-decoration: none }
header nav a { margin-left: .6rem } header nav a[aria-current] { font-weight: bold; text-decoration: none }
main { max-width: 40rem; margin: 1.5rem auto; padding: 1.2rem 1.4rem; background: #fff;
  border-radius: 6px; box-shadow: 0 1px 3px #0002 }
h1 { margin-top: 0; font-size: 1.5rem }
.ok, .error { padding: .6rem .9rem; border-radius: 4px }
.ok { background: #e3f3e6; border: 1px solid #5a9a68 } .error { background: #fbe6e6; border: 1px solid #b44 }
button { font: inherit; padding: .45rem 1.1rem; border-radius: 4px; border: 1px solid #1f3d2b;
  background: #1f3d2b; color: #fff; cursor: pointer }
footer { text-align: center; color: #666; font-size: .85rem; margin: 1rem }
)";

}  // namespace

std::string public_frame(const PublicFrame& f, std::string_view body) {
  using core::html_escape;
  std::string langs;
  for (const auto& l : languages())
    langs +=
        fmt::format("<a href=\"/{}{}\" lang=\"{}\"{}>{}</a>", l, html_escape(f.path_after_lang), l,
                    l == f.lang ? " aria-current=\"true\"" : "", html_escape(language_name(l)));
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{0}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"robots\" content=\"noindex\"><title>{1}</title><style>{2}{3}</style></head>"
      "<body><header><a class=\"brand\" href=\"/{0}\">Qorgan</a><nav aria-label=\"{4}\">{5}</nav>"
      "</header><main>",
      f.lang, html_escape(f.title), kStyle, f.style, html_escape(f.switch_label), langs);
  if (!f.notice.empty())
    html += "<p class=\"ok\" role=\"status\">" + html_escape(f.notice) + "</p>";
  if (!f.error.empty())
    html += "<p class=\"error\" role=\"alert\">" + html_escape(f.error) + "</p>";
  html += body;
  html += "</main>";
  if (!f.footer.empty()) html += "<footer>" + html_escape(f.footer) + "</footer>";
  html += "</body></html>\n";
  return html;
}

}  // namespace qorgan::view
