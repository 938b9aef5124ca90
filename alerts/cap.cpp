#include "alerts/cap.hpp"

#include <fmt/format.h>

#include "alerts/sms.hpp"
#include "core/escape.hpp"

namespace qorgan::alerts {

namespace {

using core::xml_escape;

// CAP's language codes (RFC 3066) for the site's languages.
std::string cap_language(const std::string& lang) {
  if (lang == "kk") return "kk-KZ";
  if (lang == "ru") return "ru-KZ";
  return "en-US";
}

// Coordinates with at most six decimals (about 0.1 m), no trailing zeros.
std::string coordinate(double v) {
  std::string s = fmt::format("{:.6f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string link(const CapContext& c, const std::string& path) {
  if (path.starts_with("http://") || path.starts_with("https://")) return path;
  return c.origin + path;
}

void element(std::string& out, const char* indent, const char* name, const std::string& value) {
  if (value.empty()) return;
  out += fmt::format("{}<{}>{}</{}>\n", indent, name, xml_escape(value), name);
}

std::string region_name(const AreaRegion& r, const std::string& lang) {
  const std::string& n = lang == "kk" ? r.name_kk : lang == "ru" ? r.name_ru : r.name_en;
  return n.empty() ? (r.name_ru.empty() ? r.code : r.name_ru) : n;
}

std::string drawn_area(const std::string& lang) {
  if (lang == "kk") return "Картада белгіленген аумақ";
  if (lang == "ru") return "Район, отмеченный на карте";
  return "Area marked on the map";
}

std::string area_description(const Area& area, const std::string& lang) {
  std::string out;
  for (const auto& r : area.regions) out += (out.empty() ? "" : ", ") + region_name(r, lang);
  if (!area.polygons.empty() || !area.circles.empty())
    out += (out.empty() ? "" : "; ") + drawn_area(lang);
  return out;
}

std::string evacuation_plan_label(const std::string& lang) {
  if (lang == "kk") return "Эвакуация жоспары";
  if (lang == "ru") return "План эвакуации";
  return "Evacuation plan";
}

std::string note(const Alert& a) {
  if (a.status == Status::exercise) return "Exercise: not a real emergency. Оқу-жаттығу. Учения.";
  if (a.status == Status::test) return "Test message: no action needed. Сынақ. Тест.";
  return {};
}

}  // namespace

std::string cap_time(core::Timestamp t) {
  std::string s = core::format_rfc3339(t);
  if (!s.empty() && s.back() == 'Z') s.replace(s.size() - 1, 1, "+00:00");
  return s;
}

std::string cap_path(const Alert& a) {
  return "/alerts/" + a.identifier + ".xml";
}

std::string page_path(const Alert& a, const std::string& language) {
  return "/" + language + "/alerts/" + a.identifier;
}

std::string cap_document(const Alert& a, const std::vector<Alert>& referenced, const CapContext& c,
                         core::Timestamp sent) {
  std::string out;
  out.reserve(4096);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n";
  element(out, "  ", "identifier", a.identifier);
  element(out, "  ", "sender", c.sender);
  element(out, "  ", "sent", cap_time(sent));
  element(out, "  ", "status", std::string(to_string(a.status)));
  element(out, "  ", "msgType", std::string(to_string(a.msg_type)));
  element(out, "  ", "scope", "Public");
  element(out, "  ", "note", note(a));
  std::string refs;
  for (const auto& r : referenced)
    refs += (refs.empty() ? "" : " ") + c.sender + "," + r.identifier + "," +
            cap_time(r.approved_at.value_or(r.created_at));
  element(out, "  ", "references", refs);
  for (const auto& lang : kLanguages) {
    auto it = a.texts.find(lang);
    if (it == a.texts.end()) continue;
    const Texts& t = it->second;
    out += "  <info>\n";
    element(out, "    ", "language", cap_language(lang));
    for (const auto& category : a.categories) element(out, "    ", "category", category);
    element(out, "    ", "event", t.event);
    for (const auto& r : a.response_types) element(out, "    ", "responseType", r);
    element(out, "    ", "urgency", a.urgency);
    element(out, "    ", "severity", a.severity);
    element(out, "    ", "certainty", a.certainty);
    if (a.onset) element(out, "    ", "onset", cap_time(*a.onset));
    element(out, "    ", "expires", cap_time(a.expires));
    element(out, "    ", "senderName", a.sender_name.empty() ? c.sender_name : a.sender_name);
    std::string headline = t.headline;
    if (auto mark = status_mark(a.status, lang); !mark.empty())
      headline = "[" + mark + "] " + headline;
    element(out, "    ", "headline", headline);
    element(out, "    ", "description", t.description);
    element(out, "    ", "instruction", t.instruction);
    element(out, "    ", "web", link(c, page_path(a, lang)));
    element(out, "    ", "contact", a.contact);
    if (!a.evacuation_plan_url.empty()) {
      out += "    <resource>\n";
      element(out, "      ", "resourceDesc", evacuation_plan_label(lang));
      element(out, "      ", "mimeType", "text/html");
      element(out, "      ", "uri", link(c, a.evacuation_plan_url));
      out += "    </resource>\n";
    }
    out += "    <area>\n";
    element(out, "      ", "areaDesc", area_description(a.area, lang));
    for (const auto& ring : a.area.polygons) {
      std::string points;
      for (const auto& p : ring)
        points += (points.empty() ? "" : " ") + coordinate(p.lat) + "," + coordinate(p.lon);
      element(out, "      ", "polygon", points);
    }
    for (const auto& circle : a.area.circles)
      element(out, "      ", "circle",
              coordinate(circle.centre.lat) + "," + coordinate(circle.centre.lon) + " " +
                  coordinate(circle.radius_km));
    for (const auto& r : a.area.regions) {
      out += "      <geocode>\n";
      element(out, "        ", "valueName", "KATO");
      element(out, "        ", "value", r.code);
      out += "      </geocode>\n";
    }
    out += "    </area>\n";
    out += "  </info>\n";
  }
  out += "</alert>\n";
  return out;
}

std::string atom_feed(const std::vector<Alert>& alerts, const CapContext& c,
                      const std::string& title, const std::string& self, core::Timestamp updated) {
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  element(out, "  ", "id", "urn:qorgan:alerts:" + c.sender + ":" + self);
  element(out, "  ", "title", title);
  element(out, "  ", "updated", core::format_rfc3339(updated));
  out += fmt::format("  <link rel=\"self\" href=\"{}\"/>\n", xml_escape(link(c, self)));
  out += "  <author>\n";
  element(out, "    ", "name", c.sender_name);
  out += "  </author>\n";
  for (const auto& a : alerts) {
    std::string headline, summary;
    for (const auto& lang : {"en", "ru", "kk"}) {
      auto it = a.texts.find(lang);
      if (it == a.texts.end() || !headline.empty()) continue;
      headline = it->second.headline;
      if (auto mark = status_mark(a.status, lang); !mark.empty())
        headline = "[" + mark + "] " + headline;
      summary = it->second.instruction;
    }
    if (a.msg_type != MsgType::alert)
      headline = std::string(to_string(a.msg_type)) + ": " + headline;
    out += "  <entry>\n";
    element(out, "    ", "id", "urn:qorgan:alert:" + c.sender + ":" + a.identifier);
    element(out, "    ", "title", headline);
    element(out, "    ", "updated", core::format_rfc3339(a.approved_at.value_or(a.updated_at)));
    element(out, "    ", "summary", summary);
    out += fmt::format("    <link rel=\"alternate\" type=\"application/cap+xml\" href=\"{}\"/>\n",
                       xml_escape(link(c, cap_path(a))));
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace qorgan::alerts
