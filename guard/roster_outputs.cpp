#include "guard/roster_outputs.hpp"

#include <fmt/format.h>

#include <set>

#include "core/csv.hpp"
#include "core/escape.hpp"
#include "core/time.hpp"
#include "guard/words.hpp"

namespace qorgan::guard {

using core::html_escape;

namespace {

constexpr const char* kStyle = R"(
@page { size: A4 landscape; margin: 12mm }
body { font: 10pt/1.3 "DejaVu Sans", Arial, sans-serif; color: #000; margin: 0 }
.sheet { max-width: 273mm; margin: 0 auto }
h1 { font-size: 14pt; margin: 0 0 2mm }
p.meta { margin: 0 0 4mm; color: #333 }
table { border-collapse: collapse; width: 100%; table-layout: fixed }
th, td { border: 0.3mm solid #444; padding: 1mm 1.5mm; vertical-align: top; font-size: 9pt }
th { background: #eee; text-align: left }
td.empty { background: #fde8e8 }
.signatures { margin-top: 8mm; display: flex; gap: 30mm }
@media screen { body { background: #f4f4f4 } .sheet { background: #fff; padding: 12mm } }
)";

std::string local_time(core::Timestamp t, std::string_view zone) {
  return format_local(t, zone).substr(11, 5);
}

std::string head(std::string_view lang, const std::string& title) {
  return fmt::format(
      "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>"
      "<style>{}</style></head><body><main class=\"sheet\">",
      lang, html_escape(title), kStyle);
}

std::string meta(const RosterView& v, std::string_view zone, std::string_view lang) {
  return "<p class=\"meta\">" +
         html_escape(sayf(lang, "Roster {}, version {}", v.roster.id, v.version) + " (" +
                     say(lang, v.roster.state) + "). " +
                     sayf(lang, "Times are local ({}).", zone)) +
         "</p>";
}

std::string signatures(std::string_view lang) {
  return "<div class=\"signatures\"><p>" + html_escape(say(lang, "Commander")) +
         ": ____________________</p><p>" + html_escape(say(lang, "Signature")) +
         ": ____________</p></div></main></body></html>\n";
}

// RFC 5545 text: backslash, semicolon, comma and newline escaped.
std::string ics_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (c != '\r')
      out += c;
  }
  return out;
}

// Lines longer than 75 octets folded (CRLF and a space), never inside a UTF-8 sequence.
std::string ics_line(std::string_view line) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (width >= 74 && (c & 0xC0) != 0x80) {
      out += "\r\n ";
      width = 1;
    }
    out += line[i];
    ++width;
  }
  return out + "\r\n";
}

std::string ics_instant(core::Timestamp t) {
  // 2026-12-07T01:00:00Z → 20261207T010000Z
  std::string s = core::format_rfc3339(t);
  std::string out;
  for (char c : s.substr(0, 19))
    if (c != '-' && c != ':') out += c;
  return out + "Z";
}

}  // namespace

std::string roster_csv(const RosterView& v, std::string_view zone) {
  std::string out = core::csv::write_row({"roster", "version", "shift_id", "post_id", "post", "day",
                                          "start", "end", "person_id", "name", "reason"});
  for (const auto& s : v.shifts) {
    auto post = v.posts.find(s.post_id);
    const std::string name = post == v.posts.end() ? "" : post->second.name;
    auto row = [&](const std::string& person, const std::string& who, const std::string& why) {
      out += core::csv::write_row({std::to_string(v.roster.id), std::to_string(v.version),
                                   std::to_string(s.id), std::to_string(s.post_id), name, s.day,
                                   format_local(s.starts_at, zone), format_local(s.ends_at, zone),
                                   person, who, why});
    };
    for (auto g : s.guards) {
      auto n = v.names.find(g);
      row(std::to_string(g), n == v.names.end() ? "" : n->second, "");
    }
    for (int i = int(s.guards.size()); i < s.target_guards; ++i)
      row("", "", s.reason.value_or("vacant"));
  }
  return out;
}

std::string duties_ics(const std::vector<Duty>& duties, std::string_view host) {
  std::string out = ics_line("BEGIN:VCALENDAR") + ics_line("VERSION:2.0") +
                    ics_line("PRODID:-//Qorgan//Guard duties//EN") +
                    ics_line("CALSCALE:GREGORIAN") + ics_line("METHOD:PUBLISH");
  const std::string stamp = ics_instant(core::now_us());
  for (const auto& d : duties) {
    out += ics_line("BEGIN:VEVENT");
    out += ics_line(fmt::format("UID:guard-{}-{}@{}", d.roster_id, d.shift_id, host));
    out += ics_line("DTSTAMP:" + stamp);
    out += ics_line("DTSTART:" + ics_instant(d.starts_at));
    out += ics_line("DTEND:" + ics_instant(d.ends_at));
    out += ics_line("SUMMARY:" + ics_text(d.post_name));
    out += ics_line(fmt::format("DESCRIPTION:{}",
                                ics_text(fmt::format("Roster {} ({})", d.roster_id, d.state))));
    out += ics_line("END:VEVENT");
  }
  return out + ics_line("END:VCALENDAR");
}

std::string print_post_week(const RosterView& v, const DutyPost& post, Day from,
                            std::string_view zone, std::string_view lang) {
  const std::string title = say(lang, "Duty roster") + ": " + post.name;
  std::string out = head(lang, title);
  out += "<h1>" + html_escape(title) + "</h1>";
  out += "<p class=\"meta\">" +
         html_escape(sayf(lang, "Week from {}", core::format_date(date_of(from)))) + "</p>";
  out += meta(v, zone, lang);
  std::set<std::string> starts;
  for (const auto& s : v.shifts)
    if (s.post_id == post.id) starts.insert(local_time(s.starts_at, zone));
  out += "<table><thead><tr><th>" + html_escape(say(lang, "Date")) + "</th>";
  for (const auto& t : starts)
    out += "<th>" + html_escape(say(lang, "Shift")) + " " + html_escape(t) + "</th>";
  out += "</tr></thead><tbody>";
  for (Day d = from; d < from + 7; ++d) {
    const std::string day = core::format_date(date_of(d));
    out += "<tr><th>" + html_escape(day) + "</th>";
    for (const auto& t : starts) {
      const RosterShift* shift = nullptr;
      for (const auto& s : v.shifts)
        if (s.post_id == post.id && s.day == day && local_time(s.starts_at, zone) == t) shift = &s;
      if (!shift) {
        out += "<td></td>";
        continue;
      }
      std::string cell;
      for (auto g : shift->guards) {
        auto n = v.names.find(g);
        cell += html_escape(n == v.names.end() ? "#" + std::to_string(g) : n->second) + "<br>";
      }
      const int missing = shift->target_guards - int(shift->guards.size());
      if (missing > 0)
        cell += html_escape(sayf(lang, "empty: {}", missing) +
                            (shift->reason ? " — " + say(lang, *shift->reason) : ""));
      out += std::string(missing > 0 ? "<td class=\"empty\">" : "<td>") + cell + "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
  return out + signatures(lang);
}

std::string print_unit_week(const RosterView& v, const std::string& unit_name,
                            const std::map<std::int64_t, std::string>& people, Day from,
                            std::string_view zone, std::string_view lang) {
  const std::string title = say(lang, "Duty roster") + ": " + unit_name;
  std::string out = head(lang, title);
  out += "<h1>" + html_escape(title) + "</h1>";
  out += "<p class=\"meta\">" +
         html_escape(sayf(lang, "Week from {}", core::format_date(date_of(from)))) + "</p>";
  out += meta(v, zone, lang);
  out += "<table><thead><tr><th>" + html_escape(say(lang, "Name")) + "</th>";
  for (Day d = from; d < from + 7; ++d)
    out += "<th>" + html_escape(core::format_date(date_of(d))) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& [id, name] : people) {
    std::string row = "<tr><th>" + html_escape(name) + "</th>";
    bool any = false;
    for (Day d = from; d < from + 7; ++d) {
      const std::string day = core::format_date(date_of(d));
      std::string cell;
      for (const auto& s : v.shifts)
        if (s.day == day && std::ranges::find(s.guards, id) != s.guards.end()) {
          auto post = v.posts.find(s.post_id);
          cell += html_escape((post == v.posts.end() ? "" : post->second.name) + " " +
                              local_time(s.starts_at, zone) + "–" + local_time(s.ends_at, zone)) +
                  "<br>";
          any = true;
        }
      row += "<td>" + cell + "</td>";
    }
    if (any) out += row + "</tr>";
  }
  out += "</tbody></table>";
  return out + signatures(lang);
}

}  // namespace qorgan::guard
