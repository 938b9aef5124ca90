#include "obligations/print_act.hpp"

#include <fmt/format.h>

#include "core/escape.hpp"
#include "obligations/words.hpp"

namespace qorgan::obligations {

namespace {

using core::html_escape;

constexpr const char* kStyle = R"(
@page { size: A4; margin: 15mm }
* { box-sizing: border-box }
body { margin: 0; font: 10.5pt/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000 }
.sheet { width: 180mm; margin: 0 auto }
h1 { font-size: 15pt; text-align: center; text-transform: uppercase; margin: 0 0 1mm }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm }
.sub { text-align: center; margin: 0 0 6mm }
dl { display: grid; grid-template-columns: 50mm 1fr; gap: 1.5mm 4mm; margin: 0 0 4mm }
dt { color: #333 } dd { margin: 0; font-weight: bold; overflow-wrap: anywhere; white-space: pre-line }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt }
th, td { border: 0.3mm solid #000; padding: 1.2mm; text-align: left; vertical-align: top }
tr { break-inside: avoid }
.result { font-weight: bold; margin: 3mm 0 }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm; margin-top: 14mm }
.signatures p { border-top: 0.3mm solid #000; padding-top: 1mm; margin: 0; font-size: 9pt }
@media screen { body { background: #d9d9d9 } .sheet { background: #fff; padding: 15mm; margin: 4mm auto } }
)";

std::string row(const std::string& lang, const char* label, const std::string& value) {
  if (value.empty()) return {};
  return fmt::format("<dt>{}</dt><dd>{}</dd>", html_escape(say(lang, label)), html_escape(value));
}

std::string duty_name(const CheckLine& l, const std::string& lang) {
  return lang == "kk" ? l.name_kk : lang == "en" ? l.name_en : l.name_ru;
}

// A level or what was found (`found`) as people read it: yes/no for yes-no duties, a number
// otherwise; for a percent-of-workers duty what is found is the number of places.
std::string amount(const CheckLine& l, std::optional<std::int64_t> v, const std::string& lang,
                   bool found = false) {
  if (!v) return say(lang, "not checked");
  if (l.measure == "yes_no") return say(lang, *v >= 1 ? "yes" : "no");
  if (l.measure == "percent")
    return found ? sayf(lang, "places: {}", *v) : std::to_string(*v) + " %";
  return std::to_string(*v);
}

}  // namespace

std::string render_inspection_act(const Inspection& i, const std::string& facility,
                                  const std::string& organisation, const std::string& lang) {
  std::string title = say(lang, "Inspection act");
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>"
      "<style>{}</style></head><body><main class=\"sheet\">",
      lang, html_escape(title + " " + sayf(lang, "No. {}", i.id)), kStyle);
  out += "<h1>" + html_escape(title) + "</h1><p class=\"sub\">" +
         html_escape(say(lang, "of the protection of a facility") + " · " +
                     sayf(lang, "No. {}", i.id)) +
         "</p><dl>";
  out += row(lang, "Date of inspection", i.inspected_on);
  out += row(lang, "Facility", facility);
  out += row(lang, "Organisation", organisation);
  out += row(lang, "Criticality class", std::to_string(i.criticality));
  out += row(lang, "Inspector", i.inspector);
  out += row(lang, "Notes", i.notes);
  out += "</dl><h2>" + html_escape(say(lang, "Checklist")) + "</h2>";
  out += fmt::format(
      "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
      "<tbody>",
      html_escape(say(lang, "Duty")), html_escape(say(lang, "Required")),
      html_escape(say(lang, "Found")), html_escape(say(lang, "Met")),
      html_escape(say(lang, "Comment")));
  for (const auto& l : i.lines)
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                       html_escape(duty_name(l, lang)), html_escape(amount(l, l.required, lang)),
                       html_escape(amount(l, l.observed, lang, true)),
                       html_escape(say(lang, l.met ? "yes" : "no")), html_escape(l.note));
  out += "</tbody></table><p class=\"result\">" +
         html_escape(sayf(lang, "Result: {} of {} duties met", i.met, i.required)) + "</p>";
  out += "<h2>" + html_escape(say(lang, "Findings")) + "</h2>";
  if (i.findings.empty()) {
    out += "<p>" + html_escape(say(lang, "No findings.")) + "</p>";
  } else {
    out += fmt::format(
        "<table><thead><tr><th>№</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "</tr></thead><tbody>",
        html_escape(say(lang, "Deficiency")), html_escape(say(lang, "Severity")),
        html_escape(say(lang, "Deadline")), html_escape(say(lang, "Responsible")),
        html_escape(say(lang, "Status")));
    int n = 0;
    for (const auto& f : i.findings)
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", ++n,
          html_escape(f.deficiency), html_escape(say(lang, f.severity)), html_escape(f.deadline),
          html_escape(f.responsible), html_escape(say(lang, f.status)));
    out += "</tbody></table>";
  }
  out += "<div class=\"signatures\"><p>" + html_escape(say(lang, "Inspector")) + ", " +
         html_escape(say(lang, "Signature")) + "</p><p>" +
         html_escape(say(lang, "For the organisation")) + ", " +
         html_escape(say(lang, "Signature")) + "</p></div>";
  out += "</main></body></html>\n";
  return out;
}

}  // namespace qorgan::obligations
