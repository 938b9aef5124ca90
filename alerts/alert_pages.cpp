// The public page of an alert, /{kk,ru,en}/alerts/{identifier}: what the banner on every portal
// page links to. Mark (exercise, test), headline, what to do, the area (region names and a map of
// the drawn shapes, drawn on the server as SVG: no tiles, no script, works offline), the times in
// the configured zone, and links to the evacuation plan and the signed CAP message. An alert that
// has ended says so. Only published public alerts have a page (others: 404).
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "alerts/cap.hpp"
#include "alerts/routes.hpp"
#include "alerts/sms.hpp"
#include "core/escape.hpp"
#include "core/text.hpp"
#include "http/reply.hpp"
#include "view/i18n.hpp"
#include "view/time.hpp"

namespace qorgan::alerts {

using core::html_escape;
using http::Request;
using http::Response;

namespace {

// The page's words: English key, then ru and kk.
const std::map<std::string, std::pair<std::string, std::string>>& words() {
  static const std::map<std::string, std::pair<std::string, std::string>> all{
      {"Public alert", {"Оповещение населения", "Халыққа хабарландыру"}},
      {"What to do", {"Что делать", "Не істеу керек"}},
      {"Area", {"Район", "Аумақ"}},
      {"Sent", {"Отправлено", "Жіберілді"}},
      {"From", {"Начало", "Басталуы"}},
      {"In force until", {"Действует до", "Мерзімі"}},
      {"From whom", {"От кого", "Кімнен"}},
      {"Contact", {"Связь", "Байланыс"}},
      {"Evacuation plan and routes",
       {"План и маршруты эвакуации", "Эвакуация жоспары мен бағыттары"}},
      {"Shelters and evacuation on the portal",
       {"Укрытия и эвакуация на портале", "Порталдағы баспаналар мен эвакуация"}},
      {"The signed CAP message", {"Подписанное сообщение CAP", "Қол қойылған CAP хабарламасы"}},
      {"This alert is no longer in force.",
       {"Это оповещение больше не действует.", "Бұл хабарландыру енді күшінде емес."}},
      {"No such alert.", {"Такого оповещения нет.", "Мұндай хабарландыру жоқ."}},
      {"Map of the area", {"Карта района", "Аумақ картасы"}},
      {"Shelters in the area",
       {"Укрытия в зоне оповещения", "Хабарландыру аумағындағы баспаналар"}},
      {"places", {"мест", "орын"}},
      {"Language", {"Язык", "Тіл"}},
  };
  return all;
}

std::string say(const std::string& lang, const std::string& en) {
  auto it = words().find(en);
  if (it == words().end() || lang == "en") return en;
  return lang == "ru" ? it->second.first : it->second.second;
}

std::string number(double v) {
  return fmt::format("{:.2f}", v);
}

// The drawn shapes on a plain plane (longitude scaled by the cosine of the latitude), fitted to
// a 600×400 box with a margin; empty when the alert names regions only.
std::string area_svg(const Area& area, const std::string& label) {
  if (area.polygons.empty() && area.circles.empty()) return {};
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  auto take = [&](double lat, double lon) {
    min_lat = std::min(min_lat, lat), max_lat = std::max(max_lat, lat);
    min_lon = std::min(min_lon, lon), max_lon = std::max(max_lon, lon);
  };
  for (const auto& ring : area.polygons)
    for (const auto& p : ring) take(p.lat, p.lon);
  for (const auto& c : area.circles) {
    double dlat = c.radius_km / 111.32;
    double dlon = dlat / std::max(0.01, std::cos(c.centre.lat * M_PI / 180));
    take(c.centre.lat - dlat, c.centre.lon - dlon);
    take(c.centre.lat + dlat, c.centre.lon + dlon);
  }
  const double k = std::max(0.01, std::cos((min_lat + max_lat) / 2 * M_PI / 180));
  const double w = 600, h = 400, margin = 20;
  double span_x = std::max(1e-6, (max_lon - min_lon) * k),
         span_y = std::max(1e-6, max_lat - min_lat);
  double scale = std::min((w - 2 * margin) / span_x, (h - 2 * margin) / span_y);
  double off_x = (w - span_x * scale) / 2, off_y = (h - span_y * scale) / 2;
  auto x = [&](double lon) { return off_x + (lon - min_lon) * k * scale; };
  auto y = [&](double lat) { return h - off_y - (lat - min_lat) * scale; };
  std::string svg =
      fmt::format("<svg class=\"area-map\" viewBox=\"0 0 600 400\" role=\"img\" aria-label=\"{}\">",
                  html_escape(label));
  for (const auto& ring : area.polygons) {
    std::string points;
    for (const auto& p : ring) points += number(x(p.lon)) + "," + number(y(p.lat)) + " ";
    svg += "<polygon points=\"" + points +
           "\" fill=\"#b0002040\" stroke=\"#b00020\" stroke-width=\"2\"/>";
  }
  for (const auto& c : area.circles)
    svg += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#b0002040\" stroke=\"#b00020\" "
        "stroke-width=\"2\"/>",
        number(x(c.centre.lon)), number(y(c.centre.lat)), number(c.radius_km / 111.32 * scale));
  return svg + "</svg>";
}

Response page(const std::string& lang, const std::string& after_lang, const std::string& title,
              const std::string& body, int status) {
  std::string langs;
  for (const auto& l : view::languages())
    langs +=
        fmt::format("<a href=\"/{}{}\" lang=\"{}\"{}>{}</a>", l, html_escape(after_lang), l,
                    l == lang ? " aria-current=\"true\"" : "", html_escape(view::language_name(l)));
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{0}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{1}</title><link rel=\"stylesheet\" href=\"/static/portal.css\"></head>"
      "<body class=\"alert-page\"><header><a class=\"brand\" href=\"/{0}\">Qorgan</a>"
      "<nav aria-label=\"{2}\">{3}</nav></header><main>{4}</main><footer>Qorgan</footer>"
      "</body></html>\n",
      lang, html_escape(title), html_escape(say(lang, "Language")), langs, body);
  auto res = Response::html(std::move(html), status);
  res.header("Cache-Control", "no-cache");
  return res;
}

}  // namespace

void mount_pages(http::Router& router, Alerts& alerts, std::string time_zone) {
  for (const auto& lang : view::languages()) {
    router.add(
        "GET", "/" + lang + "/alerts/{identifier}", [&alerts, lang, time_zone](Request& req) {
          const std::string& id = req.params.at("identifier");
          auto a = alerts.public_by_identifier(id);
          std::string after = "/alerts/" + id;
          if (!a)
            return page(lang, after, say(lang, "Public alert"),
                        "<h1>" + html_escape(say(lang, "No such alert.")) + "</h1>", 404);
          auto text = a->texts.find(lang);
          for (const char* other : {"ru", "kk", "en"})
            if (text == a->texts.end()) text = a->texts.find(other);
          const std::string shown = text->first;
          const Texts& t = text->second;
          std::string body;
          if (auto mark = status_mark(a->status, shown); !mark.empty())
            body += "<p class=\"mark\">" + html_escape(mark) + "</p>";
          if (!a->active(core::now_us()))
            body += "<p class=\"ended\" role=\"status\">" +
                    html_escape(say(lang, "This alert is no longer in force.")) + "</p>";
          body += fmt::format("<article lang=\"{}\"><h1>{}</h1>", shown, html_escape(t.headline));
          if (!t.instruction.empty())
            body += "<h2>" + html_escape(say(lang, "What to do")) +
                    "</h2><p class=\"instruction\">" + html_escape(t.instruction) + "</p>";
          if (!t.description.empty()) body += "<p>" + html_escape(t.description) + "</p>";
          body += "</article><dl>";
          std::string regions;
          for (const auto& r : a->area.regions) {
            const std::string& n = lang == "kk" ? r.name_kk : lang == "ru" ? r.name_ru : r.name_en;
            regions += (regions.empty() ? "" : ", ") + html_escape(n.empty() ? r.code : n);
          }
          if (!regions.empty())
            body += "<dt>" + html_escape(say(lang, "Area")) + "</dt><dd>" + regions + "</dd>";
          if (a->approved_at)
            body += "<dt>" + html_escape(say(lang, "Sent")) + "</dt><dd>" +
                    html_escape(view::format_time(*a->approved_at, time_zone)) + "</dd>";
          if (a->onset)
            body += "<dt>" + html_escape(say(lang, "From")) + "</dt><dd>" +
                    html_escape(view::format_time(*a->onset, time_zone)) + "</dd>";
          body += "<dt>" + html_escape(say(lang, "In force until")) + "</dt><dd>" +
                  html_escape(view::format_time(a->expires, time_zone)) + "</dd>";
          std::string from =
              a->sender_name.empty() ? alerts.settings().sender_name : a->sender_name;
          body += "<dt>" + html_escape(say(lang, "From whom")) + "</dt><dd>" + html_escape(from) +
                  "</dd>";
          if (!a->contact.empty())
            body += "<dt>" + html_escape(say(lang, "Contact")) + "</dt><dd>" +
                    html_escape(a->contact) + "</dd>";
          body += "</dl>";
          body += area_svg(a->area, say(lang, "Map of the area"));
          if (auto shelters = alerts.shelters(*a); !shelters.empty()) {
            body += "<section class=\"shelters\"><h2>" +
                    html_escape(say(lang, "Shelters in the area")) + "</h2><ul>";
            for (const auto& s : shelters)
              body += fmt::format("<li><strong>{}</strong>{}{}</li>", html_escape(s.name),
                                  s.address ? ", " + html_escape(*s.address) : std::string(),
                                  s.shelter_capacity
                                      ? fmt::format(" — {}: {}", html_escape(say(lang, "places")),
                                                    *s.shelter_capacity)
                                      : std::string());
            body += "</ul></section>";
          }
          body += "<ul>";
          if (!a->evacuation_plan_url.empty())
            body +=
                fmt::format("<li><a href=\"{}\">{}</a></li>", html_escape(a->evacuation_plan_url),
                            html_escape(say(lang, "Evacuation plan and routes")));
          body += fmt::format("<li><a href=\"/{}/search?q={}\">{}</a></li>", lang,
                              core::url_encode(lang == "en"   ? "shelter"
                                               : lang == "ru" ? "укрытие"
                                                              : "баспана"),
                              html_escape(say(lang, "Shelters and evacuation on the portal")));
          body += fmt::format("<li><a href=\"{}\">{}</a></li></ul>", cap_path(*a),
                              html_escape(say(lang, "The signed CAP message")));
          return page(lang, after, t.headline, body, 200);
        });
  }
}

}  // namespace qorgan::alerts
