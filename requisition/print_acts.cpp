#include "requisition/print_acts.hpp"

#include <fmt/format.h>

#include "core/escape.hpp"
#include "requisition/words.hpp"

namespace qorgan::requisition {

namespace {

using core::html_escape;

constexpr const char* kStyle = R"(
@page { size: A4; margin: 15mm }
* { box-sizing: border-box }
body { margin: 0; font: 11pt/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000 }
.sheet { width: 180mm; margin: 0 auto }
h1 { font-size: 15pt; text-align: center; text-transform: uppercase; margin: 0 0 2mm }
.sub { text-align: center; margin: 0 0 6mm }
dl { display: grid; grid-template-columns: 55mm 1fr; gap: 1.5mm 4mm; margin: 0 0 5mm }
dt { color: #333 } dd { margin: 0; font-weight: bold; overflow-wrap: anywhere; white-space: pre-line }
table { width: 100%; border-collapse: collapse; font-size: 10pt }
th, td { border: 0.3mm solid #000; padding: 1.5mm; text-align: left; vertical-align: top }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm; margin-top: 14mm }
.signatures p { border-top: 0.3mm solid #000; padding-top: 1mm; margin: 0; font-size: 9.5pt }
.photos { display: flex; flex-wrap: wrap; gap: 3mm; margin-top: 4mm }
.photos img { width: 55mm; height: auto; border: 0.3mm solid #000 }
.code { border: 0.6mm solid #000; padding: 3mm; margin-top: 8mm; break-inside: avoid }
.code b { font: bold 20pt/1.2 "DejaVu Sans Mono", monospace; letter-spacing: 0.08em }
@media screen { body { background: #d9d9d9 } .sheet { background: #fff; padding: 15mm; margin: 4mm auto } }
)";

std::string row(const std::string& lang, const char* label, const std::string& value) {
  if (value.empty()) return {};
  return fmt::format("<dt>{}</dt><dd>{}</dd>", html_escape(say(lang, label)), html_escape(value));
}

std::string detail(const core::Json& d, const char* key) {
  if (!d.contains(key)) return {};
  return d[key].is_string() ? d[key].get<std::string>() : d[key].dump();
}

std::string head(const std::string& lang, const std::string& title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>"
      "<style>{}</style></head><body><main class=\"sheet\">",
      lang, html_escape(title), kStyle);
}

std::string property_rows(const Item& i, const std::string& lang) {
  std::string out = row(lang, "Kind", say(lang, i.kind)) + row(lang, "Property", i.description);
  const auto& d = i.details;
  if (i.kind == "vehicle") {
    out += row(lang, "Registration plate", detail(d, "plate"));
    out += row(lang, "VIN", detail(d, "vin"));
    out += row(lang, "Make and model", detail(d, "make") + " " + detail(d, "model"));
    out += row(lang, "Year", detail(d, "year"));
  } else if (i.kind == "building") {
    out += row(lang, "Cadastral number", detail(d, "cadastral_number"));
    out += row(lang, "Address", detail(d, "address"));
  } else if (i.kind == "equipment") {
    out += row(lang, "Serial number", detail(d, "serial"));
  }
  out += row(lang, "Requisitioned for", say(lang, i.requisition_type));
  out += row(lang, "Owner", i.owner_name);
  out += row(lang, "Identification number", i.owner_id);
  return out;
}

}  // namespace

std::string render_act(const ItemFile& file, const Decision& decision, const std::string& kind,
                       const std::string& lang, const std::string& origin,
                       const std::vector<std::string>& thumbnails) {
  const Act* act = nullptr;
  for (const auto& a : file.acts)
    if (a.kind == kind) act = &a;
  std::string title = say(lang, kind == "taking" ? "Taking act" : "Return act");
  std::string out = head(lang, title);
  out += "<h1>" + html_escape(title) + "</h1>";
  out += "<p class=\"sub\">" +
         html_escape(say(lang, "Decision") + " " + decision.number + " · " + decision.decided_on +
                     " · " + decision.issuing_body) +
         "</p><dl>";
  out += row(lang, "Grounds", say(lang, decision.grounds));
  if (act) {
    out += row(lang, "Date", act->act_date) + row(lang, "Place", detail(act->details, "place"));
  }
  out += property_rows(file.item, lang);
  if (!act) {
    out += "</dl><p>" + html_escape(say(lang, "The return act has not been drawn up.")) + "</p>";
  } else {
    const auto& d = act->details;
    out += row(lang, "Condition", detail(d, "condition"));
    out += row(lang, "Readings", detail(d, "readings"));
    out += row(lang, "Defects", detail(d, "defects"));
    out += row(lang, "Accessories", detail(d, "accessories"));
    std::string photos;
    if (d.contains("photos"))
      for (const auto& p : d["photos"])
        photos += (photos.empty() ? "" : ", ") + p.get<std::string>();
    for (const auto& p : file.photos)
      if (p.act_id == act->id) photos += (photos.empty() ? "" : ", ") + p.name;
    out += row(lang, "Photos", photos);
    if (d.contains("signed_by")) {
      const auto& s = d["signed_by"];
      out += row(lang, "Signed by",
                 detail(s, "name") + " (" +
                     say(lang, detail(s, "as") == "owner" ? "as owner" : "as witness") + ")");
    }
    out += row(lang, "Officer", act->recorded_by);
    out += "</dl>";
    if (!thumbnails.empty()) {
      out += "<div class=\"photos\">";
      for (size_t i = 0; i < thumbnails.size(); ++i)
        out += "<img src=\"" + html_escape(thumbnails[i]) + "\" alt=\"" +
               html_escape(say(lang, "Photos") + " " + std::to_string(i + 1)) + "\">";
      out += "</div>";
    }
  }
  out += "<div class=\"signatures\"><p>" + html_escape(say(lang, "Officer")) + ", " +
         html_escape(say(lang, "Signature")) + "</p><p>" + html_escape(say(lang, "Owner")) + ", " +
         html_escape(say(lang, "Signature")) + "</p></div>";
  if (kind == "taking" && file.code)
    out += "<div class=\"code\"><p>" + html_escape(say(lang, "Owner's code")) + ": <b>" +
           html_escape(*file.code) + "</b></p><p>" +
           html_escape(sayf(lang,
                            "With this code and your IIN or BIN you can see the property, its "
                            "valuation and payments, apply for payment or dispute the amount at {}",
                            origin + "/" + lang + "/requisition")) +
           "</p></div>";
  out += "</main></body></html>\n";
  return out;
}

std::string render_annex(const Decision& decision, const std::vector<Item>& items,
                         const std::string& lang) {
  std::string title = sayf(lang, "Annex to decision {}: property requisitioned", decision.number);
  std::string out = head(lang, title);
  out += "<h1>" + html_escape(title) + "</h1>";
  out += "<p class=\"sub\">" + html_escape(decision.decided_on + " · " + decision.issuing_body) +
         "</p><dl>";
  out += row(lang, "Grounds", say(lang, decision.grounds));
  out += row(lang, "Deadline", decision.deadline);
  std::string commission;
  if (decision.details.contains("commission"))
    for (const auto& m : decision.details["commission"]) {
      commission += (commission.empty() ? "" : "\n") + detail(m, "name");
      if (m.value("appraiser", false))
        commission += " (" + sayf(lang, "licence {}", detail(m, "licence")) + ")";
    }
  out += row(lang, "Commission", commission);
  out += "</dl>";
  if (items.empty()) {
    out += "<p>" + html_escape(say(lang, "No property is listed under this decision.")) + "</p>";
  } else {
    out += fmt::format(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "</tr></thead><tbody>",
        html_escape(say(lang, "No.")), html_escape(say(lang, "Kind")),
        html_escape(say(lang, "Description")), html_escape(say(lang, "Owner")),
        html_escape(say(lang, "Requisitioned for")), html_escape(say(lang, "Status")));
    int n = 0;
    for (const auto& i : items) {
      std::string what = i.description;
      for (const char* k : {"plate", "vin", "cadastral_number", "address", "serial"})
        if (auto v = detail(i.details, k); !v.empty()) what += ", " + v;
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", ++n,
          html_escape(say(lang, i.kind)), html_escape(what), html_escape(i.owner_name),
          html_escape(say(lang, i.requisition_type)), html_escape(say(lang, i.status)));
    }
    out += "</tbody></table>";
  }
  out += "</main></body></html>\n";
  return out;
}

}  // namespace qorgan::requisition
