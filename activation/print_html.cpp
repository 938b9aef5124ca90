#include "activation/print_html.hpp"

#include <fmt/format.h>

#include "activation/callup_words.hpp"
#include "activation/notice_code.hpp"
#include "activation/notice_text.hpp"
#include "activation/qr_svg.hpp"
#include "core/escape.hpp"
#include "view/time.hpp"

namespace qorgan::activation {

namespace {

using core::html_escape;

// A half page is 148.5 mm: one notice above the fold, one below; the second ends the sheet.
constexpr const char* kStyle = R"(
@page { size: A4; margin: 0 }
* { box-sizing: border-box }
body { margin: 0; font: 11pt/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000 }
.batch { padding: 6mm 15mm; font-size: 10pt }
.batch h1 { font-size: 13pt; margin: 0 0 2mm }
.notice { width: 210mm; height: 148.5mm; padding: 11mm 15mm 9mm; display: flex; gap: 8mm;
  border-bottom: 0.3mm dashed #777; break-inside: avoid; page-break-inside: avoid; overflow: hidden }
.notice:nth-of-type(2n) { break-after: page; page-break-after: always; border-bottom: 0 }
.text { flex: 1; min-width: 0 }
.mark { display: inline-block; margin: 0 0 2mm; padding: 0.5mm 4mm; border: 0.8mm solid #000;
  font-size: 18pt; font-weight: bold; letter-spacing: 0.1em }
h2 { font-size: 16pt; margin: 0 0 3mm; text-transform: uppercase }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 1.2mm 4mm; margin: 0 0 3mm }
dt { color: #333 } dd { margin: 0; font-weight: bold; overflow-wrap: anywhere }
.message { margin: 0 0 2mm; white-space: pre-line }
.link { margin: 0; font-size: 9.5pt; overflow-wrap: anywhere }
.codes { width: 56mm; text-align: center }
.qr { display: block; margin: 0 auto 2mm }
.code { font: bold 20pt/1.2 "DejaVu Sans Mono", monospace; letter-spacing: 0.08em; margin: 0 0 2mm }
.hint { font-size: 9pt; margin: 0 }
@media screen { body { background: #d9d9d9 } .notice { background: #fff; margin: 0 auto 4mm } }
@media print { .batch { display: none } }
)";

std::string row(const std::string& lang, const char* label, const std::string& value,
                const char* cls = "") {
  return fmt::format("<dt>{}</dt><dd{}>{}</dd>", html_escape(say(lang, label)),
                     *cls ? fmt::format(" class=\"{}\"", cls) : "", html_escape(value));
}

}  // namespace

std::string render_print_batch(const PrintBatch& batch, const std::string& lang,
                               const std::string& time_zone, const std::string& origin) {
  const bool exercise = batch.activation.kind == Kind::exercise;
  const std::string deadline = batch.activation.deadline_at
                                   ? view::format_time(*batch.activation.deadline_at, time_zone)
                                   : std::string("—");
  const std::string& message =
      plan_message(batch.message_kk, batch.message_ru, batch.message_en, lang);
  const std::string title = sayf(lang, "Call-up notices: {}", batch.unit_name);
  std::string out;
  out.reserve(2048 + batch.notices.size() * 6000);
  out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>"
      "<style>{}</style></head><body>",
      lang, html_escape((exercise ? say(lang, "EXERCISE") + " · " : std::string()) + title),
      kStyle);
  out += fmt::format("<header class=\"batch\"><h1>{}</h1><p>{}</p>", html_escape(title),
                     html_escape(sayf(lang, "{} notices", batch.notices.size())));
  if (batch.notices.empty())
    out += "<p class=\"empty\">" +
           html_escape(say(lang, "No notices of this unit are to be delivered by hand.")) + "</p>";
  out += "</header>";
  for (const auto& p : batch.notices) {
    const Notice& n = p.notice;
    Notice in_lang = n;
    in_lang.language = lang;
    out +=
        fmt::format("<article class=\"notice\" data-notice-id=\"{}\"><div class=\"text\">", n.id);
    if (exercise) out += "<p class=\"mark\">" + html_escape(say(lang, "EXERCISE")) + "</p>";
    out += "<h2>" + html_escape(say(lang, "Call-up notice")) + "</h2><dl>";
    out += row(lang, "Name", n.person_name, "name");
    out += row(lang, "Unit", batch.unit_name, "unit");
    out += row(lang, "Assembly point", p.point_name, "point");
    if (p.point_address) out += row(lang, "Address", *p.point_address, "address");
    out += row(lang, "Report by", deadline, "deadline");
    out += "</dl>";
    if (!message.empty()) out += "<p class=\"message\">" + html_escape(message) + "</p>";
    out += "<p class=\"link\">" +
           html_escape(sayf(lang, "Answer on the web: {}", answer_link(origin, in_lang))) +
           "</p></div><div class=\"codes\">";
    if (auto m = qr_matrix(p.token)) out += qr_svg(*m, 50, say(lang, "QR code of the notice"));
    out += "<p class=\"code\">" + html_escape(printed_short_code(n.code)) + "</p>";
    out += "<p class=\"hint\">" +
           html_escape(say(lang,
                           "Read the code out on the phone or show the QR code at the "
                           "assembly point.")) +
           "</p></div></article>";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace qorgan::activation
