// Public alerts in the console (/console/alerts): the history of alerts with a form to compose
// one (from a template, regions by KATO code and/or polygons and circles drawn or typed as
// coordinates),
// the same form prefilled from a published alert to compose its update, and each alert's review
// page showing exactly what approving publishes — the portal banner,
// the SMS text with its length, encoding and segments per language, and the CAP XML — with the
// approve button for someone other than its authors and the one-step cancel, and, once
// published, its delivery to subscribers. Everything goes
// through alerts/alerts.hpp; its rules (two-person approval, scope, validation) are the same
// as the API's.
#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include <fmt/format.h>
#include <sstream>

#include "alerts/alerts.hpp"
#include "alerts/cap.hpp"
#include "alerts/templates.hpp"
#include "console/pages.hpp"
#include "core/text.hpp"

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using core::Json;
using http::Request;
using http::Response;
using view::Data;

namespace {

const std::vector<Role> kReaders{Role::admin, Role::auditor, Role::alert_officer};
const std::vector<Role> kWriters{Role::admin, Role::alert_officer};

std::string template_label(const std::string& key) {
  if (key == "air_raid") return tr("Air raid");
  if (key == "all_clear") return tr("All clear");
  if (key == "flood") return tr("Flood");
  if (key == "evacuation_order") return tr("Evacuation order");
  if (key == "shelter_in_place") return tr("Shelter in place");
  return key;
}

std::string status_label(alerts::Status s) {
  switch (s) {
    case alerts::Status::actual:
      return tr("Actual");
    case alerts::Status::exercise:
      return tr("Exercise");
    case alerts::Status::test:
      return tr("Test");
  }
  return "";
}

std::string state_label(alerts::State s) {
  switch (s) {
    case alerts::State::draft:
      return tr("Draft");
    case alerts::State::published:
      return tr("Published");
    case alerts::State::cancelled:
      return tr("Cancelled");
    case alerts::State::superseded:
      return tr("Replaced by an update");
    case alerts::State::expired:
      return tr("Expired");
    case alerts::State::discarded:
      return tr("Discarded");
  }
  return "";
}

std::string msg_type_label(alerts::MsgType t) {
  switch (t) {
    case alerts::MsgType::alert:
      return tr("Alert");
    case alerts::MsgType::update:
      return tr("Update");
    case alerts::MsgType::cancel:
      return tr("Cancellation");
  }
  return "";
}

// The alert's headline in the page's language, else in another one.
std::string headline(const alerts::Alert& a) {
  auto it = a.texts.find(language());
  if (it == a.texts.end()) it = a.texts.begin();
  return it == a.texts.end() ? std::string() : it->second.headline;
}

// The lines of a shape field, trimmed; ';' separates lines too.
std::vector<std::string> field_lines(const std::string& text) {
  std::vector<std::string> out;
  std::string normalized = text;
  std::ranges::replace(normalized, ';', '\n');
  std::istringstream lines(normalized);
  for (std::string line; std::getline(lines, line);) out.push_back(core::trim(line));
  return out;
}

// Exactly `count` comma-separated numbers; nullopt otherwise.
std::optional<std::vector<double>> numbers(const std::string& line, std::size_t count) {
  std::vector<double> out;
  std::istringstream fields(line);
  for (std::string field; std::getline(fields, field, ',');) {
    field = core::trim(field);
    if (out.size() == count || field.empty()) return std::nullopt;
    try {
      size_t used = 0;
      out.push_back(std::stod(field, &used));
      if (used != field.size()) return std::nullopt;
    } catch (...) {
      return std::nullopt;
    }
  }
  if (out.size() != count) return std::nullopt;
  return out;
}

// "lat,lon" pairs, one a line (or separated by ';'), into [[lat, lon], …] rings, an empty line
// between two; nullopt when a line is not two numbers.
std::optional<Json> parse_rings(const std::string& text) {
  Json rings = Json::array();
  Json ring = Json::array();
  for (const auto& line : field_lines(text)) {
    if (line.empty()) {
      if (!ring.empty()) rings.push_back(std::move(ring));
      ring = Json::array();
      continue;
    }
    auto v = numbers(line, 2);
    if (!v) return std::nullopt;
    ring.push_back({(*v)[0], (*v)[1]});
  }
  if (!ring.empty()) rings.push_back(std::move(ring));
  return rings;
}

// The polygon field's text of `rings` (parse_rings reads it back).
std::string rings_text(const std::vector<std::vector<alerts::LatLon>>& rings) {
  std::string out;
  for (const auto& ring : rings) {
    if (!out.empty()) out += "\n";
    for (const auto& p : ring) out += fmt::format("{}, {}\n", p.lat, p.lon);
  }
  return out;
}

// "lat, lon, radius_km", one circle a line (or separated by ';'), into [{lat, lon, radius_km}, …];
// nullopt when a line is not three numbers.
std::optional<Json> parse_circles(const std::string& text) {
  Json circles = Json::array();
  for (const auto& line : field_lines(text)) {
    if (line.empty()) continue;
    auto v = numbers(line, 3);
    if (!v) return std::nullopt;
    circles.push_back({{"lat", (*v)[0]}, {"lon", (*v)[1]}, {"radius_km", (*v)[2]}});
  }
  return circles;
}

// The circles field's text of `circles` (parse_circles reads it back).
std::string circles_text(const std::vector<alerts::Circle>& circles) {
  std::string out;
  for (const auto& c : circles)
    out += fmt::format("{}, {}, {}\n", c.centre.lat, c.centre.lon, c.radius_km);
  return out;
}

// The API body the compose form stands for; problems of the form itself go to `errors`.
Json body_of(const Form& form, std::vector<core::FieldError>& errors) {
  Json body = Json::object();
  auto tpl_key = form_value(form, "template");
  const alerts::Template* tpl = alerts::find_template(tpl_key);
  if (tpl) body["template"] = tpl->key;
  body["status"] = form_value(form, "status");
  if (!tpl) {
    body["categories"] = Json::array({form_value(form, "category")});
    body["urgency"] = form_value(form, "urgency");
    body["severity"] = form_value(form, "severity");
    // An update keeps the certainty and response types of the alert it replaces.
    auto certainty = core::trim(form_value(form, "certainty"));
    body["certainty"] = certainty.empty() ? "Observed" : certainty;
    std::istringstream types(form_value(form, "response_types"));
    Json list = Json::array();
    for (std::string type; types >> type;) list.push_back(type);
    if (!list.empty()) body["response_types"] = list;
  }
  auto hours = core::trim(form_value(form, "hours"));
  if (!hours.empty()) {
    try {
      double h = std::stod(hours);
      if (h <= 0 || h > 31 * 24) throw std::out_of_range("hours");
      body["expires"] = core::format_rfc3339(core::now_us() + std::int64_t(h * 3600e6));
    } catch (...) {
      errors.push_back({"hours", tr("must be a number of hours from 1 to 744")});
    }
  } else if (!tpl) {
    errors.push_back({"hours", tr("is required")});
  }
  Json texts = Json::object();
  for (const auto& lang : alerts::kLanguages) {
    auto head = core::trim(form_value(form, "headline_" + lang));
    auto instruction = core::trim(form_value(form, "instruction_" + lang));
    auto description = core::trim(form_value(form, "description_" + lang));
    auto event = core::trim(form_value(form, "event_" + lang));
    if (head.empty() && instruction.empty() && description.empty()) continue;
    alerts::Texts t;
    if (tpl) t = tpl->texts.at(lang);
    if (!head.empty()) t.headline = head, t.event = tpl ? t.event : head;
    if (!instruction.empty()) t.instruction = instruction;
    if (!description.empty()) t.description = description;
    if (!event.empty()) t.event = event;
    if (t.event.empty()) t.event = t.headline;
    texts[lang] = {{"event", t.event},
                   {"headline", t.headline},
                   {"description", t.description},
                   {"instruction", t.instruction}};
  }
  if (!texts.empty()) body["texts"] = texts;
  Json area = Json::object();
  Json codes = Json::array();
  std::string regions = form_value(form, "regions");
  for (char& ch : regions)
    if (ch == ',' || ch == ';' || ch == '\n' || ch == '\r') ch = ' ';
  std::istringstream words(regions);
  for (std::string code; words >> code;) codes.push_back(code);
  // Regions ticked in the list, then codes typed; each once.
  auto [from, to] = form.equal_range("region");
  for (auto it = from; it != to; ++it)
    if (std::ranges::find(codes, Json(it->second)) == codes.end()) codes.push_back(it->second);
  if (!codes.empty()) area["regions"] = codes;
  auto polygon = core::trim(form_value(form, "polygon"));
  if (!polygon.empty()) {
    if (auto rings = parse_rings(polygon))
      area["polygons"] = *rings;
    else
      errors.push_back({"polygon", tr("Write one point a line as latitude, longitude.")});
  }
  auto circles = core::trim(form_value(form, "circles"));
  if (!circles.empty()) {
    if (auto list = parse_circles(circles))
      area["circles"] = *list;
    else
      errors.push_back(
          {"circles", tr("Write one circle a line as latitude, longitude, radius in km.")});
  }
  body["area"] = area;
  auto plan = core::trim(form_value(form, "evacuation_plan_url"));
  if (!plan.empty()) body["evacuation_plan_url"] = plan;
  return body;
}

Data options(const std::vector<std::pair<std::string, std::string>>& values,
             const std::string& chosen) {
  Data list{Data::type::list};
  for (const auto& [value, label] : values) {
    Data o{Data::type::object};
    o.set("value", value);
    o.set("label", label);
    o.set("selected", value == chosen);
    list.push_back(o);
  }
  return list;
}

// The compose form's fields: what `typed` holds (a form sent back with its errors, or an
// update's prefill), else the defaults of a new alert.
void form_data(Context& c, Data& d, const Principal& who, const Form* typed,
               const std::vector<core::FieldError>& errors) {
  auto value = [&](const std::string& name, const std::string& fallback = {}) {
    return typed ? form_value(*typed, name) : fallback;
  };
  std::vector<std::pair<std::string, std::string>> tpls{{"", tr("None: write it all")}};
  for (const auto& t : alerts::templates()) tpls.push_back({t.key, template_label(t.key)});
  d.set("templates", options(tpls, value("template", "air_raid")));
  d.set("statuses",
        options({{"Actual", tr("Actual")}, {"Exercise", tr("Exercise")}, {"Test", tr("Test")}},
                value("status", "Exercise")));
  std::vector<std::pair<std::string, std::string>> categories{
      {"Security", tr("Security")}, {"Safety", tr("Safety")},
      {"Met", tr("Weather")},       {"Geo", tr("Geophysical")},
      {"Fire", tr("Fire")},         {"CBRNE", tr("Chemical, biological, radiological")},
      {"Other", tr("Other")}};
  // An update of an alert in a category the form does not offer keeps it.
  auto category = value("category", "Safety");
  if (std::ranges::find(categories, category, &std::pair<std::string, std::string>::first) ==
      categories.end())
    categories.push_back({category, category});
  d.set("categories", options(categories, category));
  d.set("urgencies", options({{"Immediate", tr("Immediate")},
                              {"Expected", tr("Expected")},
                              {"Future", tr("Future")}},
                             value("urgency", "Immediate")));
  d.set("severities", options({{"Extreme", tr("Extreme")},
                               {"Severe", tr("Severe")},
                               {"Moderate", tr("Moderate")},
                               {"Minor", tr("Minor")}},
                              value("severity", "Severe")));
  for (const char* name : {"regions", "hours", "polygon", "circles", "evacuation_plan_url",
                           "certainty", "response_types"})
    d.set(std::string("v_") + name, value(name, std::string(name) == "hours" ? "2" : ""));
  // The regions the caller may name (their own region's subtree), to tick.
  std::set<std::string> ticked;
  if (typed) {
    auto [from, to] = typed->equal_range("region");
    for (auto it = from; it != to; ++it) ticked.insert(it->second);
  }
  Data regions{Data::type::list};
  auto list = c.registry.regions.list(who, {}, core::ListParams::first(registry::Regions::sorts()));
  const std::string scope = who.region_path;
  if (list)
    for (const auto& r : list->items) {
      if (!r.path.starts_with(scope)) continue;
      Data o{Data::type::object};
      o.set("code", r.code);
      o.set("name", region_name(r));
      o.set("checked", ticked.contains(r.code));
      // The region's centre, for the drawing map.
      if (r.lat && r.lon) {
        o.set("lat", fmt::format("{:.5f}", *r.lat));
        o.set("lon", fmt::format("{:.5f}", *r.lon));
      }
      regions.push_back(o);
      ticked.erase(r.code);
    }
  // Regions to tick that the list does not show (an update's, beyond the list's length) stay
  // as typed codes.
  std::string typed_codes = value("regions");
  for (const auto& code : ticked) typed_codes += (typed_codes.empty() ? "" : " ") + code;
  d.set("v_regions", typed_codes);
  // The streets under the drawing come from the evacuation planner's road networks.
  d.set("street_maps", c.evac != nullptr);
  d.set("has_region_choices", !regions.is_empty_list());
  d.set("region_choices", regions);
  Data text_langs{Data::type::list};
  for (const auto& lang : alerts::kLanguages) {
    Data o{Data::type::object};
    o.set("code", lang);
    o.set("name", view::language_name(lang));
    o.set("event", value("event_" + lang));
    o.set("headline", value("headline_" + lang));
    o.set("description", value("description_" + lang));
    o.set("instruction", value("instruction_" + lang));
    text_langs.push_back(o);
  }
  d.set("text_langs", text_langs);
  if (!errors.empty()) {
    Data list{Data::type::list};
    for (const auto& e : errors) {
      Data o{Data::type::object};
      o.set("field", e.field);
      o.set("message", tr_message(e.message));
      list.push_back(o);
    }
    d.set("errors", list);
    d.set("has_errors", true);
  }
}

Response list_page(Context& c, alerts::Alerts& service, const Request& req, const Principal& who,
                   const Form* typed, const std::vector<core::FieldError>& errors) {
  auto d = base_data(c, req, &who, tr("Public alerts"), "alerts");
  d.set("can_compose", who.in(kWriters));
  d.set("form_action", std::string("/console/alerts"));
  form_data(c, d, who, typed, errors);
  std::vector<core::FieldError> query_errors;
  auto cursor = http::query_id(req, "cursor", query_errors);
  auto page = service.list(who, std::nullopt, cursor, 50);
  if (!page) return error_page(c, req, who, page.error());
  Data rows{Data::type::list};
  for (const auto& a : page->items) {
    Data r{Data::type::object};
    r.set("id", std::to_string(a.id));
    r.set("identifier", a.identifier);
    r.set("mark", a.status == alerts::Status::actual ? std::string() : status_label(a.status));
    r.set("type", msg_type_label(a.msg_type));
    r.set("state", state_label(a.state));
    r.set("state_code", std::string(alerts::to_string(a.state)));
    r.set("headline", headline(a));
    r.set("composed_by", a.composed_by);
    r.set("approved_by", a.approved_by.value_or(""));
    r.set("sent", a.approved_at ? local_time(c, *a.approved_at) : "");
    r.set("expires", local_time(c, a.expires));
    rows.push_back(r);
  }
  d.set("alerts", rows);
  d.set("empty", page->items.empty());
  if (page->next_cursor) d.set("next_href", "/console/alerts?cursor=" + *page->next_cursor);
  return render(c, "console/alerts", d, errors.empty() ? 200 : 422);
}

// The compose form filled from a published alert, to write its update: the same kind, texts,
// whole area (its regions, every polygon and every circle) and instructions, in force for the
// hours it has left.
Form update_prefill(const alerts::Alert& a) {
  Form f;
  f.emplace("category", a.categories.empty() ? std::string("Safety") : a.categories.front());
  f.emplace("urgency", a.urgency);
  f.emplace("severity", a.severity);
  f.emplace("certainty", a.certainty);
  std::string types;
  for (const auto& t : a.response_types) types += (types.empty() ? "" : " ") + t;
  f.emplace("response_types", types);
  auto left = a.expires - core::now_us();
  f.emplace("hours",
            std::to_string(std::max<std::int64_t>(1, (left + 3600000000LL - 1) / 3600000000LL)));
  // Ticked in the list of regions (form_data types those the list does not show).
  for (const auto& r : a.area.regions) f.emplace("region", r.code);
  f.emplace("polygon", rings_text(a.area.polygons));
  f.emplace("circles", circles_text(a.area.circles));
  f.emplace("evacuation_plan_url", a.evacuation_plan_url);
  for (const auto& [lang, t] : a.texts) {
    f.emplace("event_" + lang, t.event);
    f.emplace("headline_" + lang, t.headline);
    f.emplace("description_" + lang, t.description);
    f.emplace("instruction_" + lang, t.instruction);
  }
  return f;
}

// Whether `a` can be updated: a published alert or update still in force.
bool updatable(const alerts::Alert& a) {
  return a.active(core::now_us()) && a.msg_type != alerts::MsgType::cancel;
}

Response update_page(Context& c, const Request& req, const Principal& who,
                     const alerts::Alert& original, const Form* typed,
                     const std::vector<core::FieldError>& errors) {
  auto d = base_data(c, req, &who, tr("Update of the alert"), "alerts");
  d.set("id", std::to_string(original.id));
  d.set("identifier", original.identifier);
  d.set("headline", headline(original));
  d.set("mark",
        original.status == alerts::Status::actual ? std::string() : status_label(original.status));
  d.set("is_update", true);
  d.set("form_action", "/console/alerts/" + std::to_string(original.id) + "/update");
  Form prefill = update_prefill(original);
  form_data(c, d, who, typed ? typed : &prefill, errors);
  return render(c, "console/alert_update", d, errors.empty() ? 200 : 422);
}

// A message status of the outbox with its count, in the page's language.
std::string message_count(const std::string& status, std::int64_t n) {
  if (status == "queued") return trf("{} queued", n);
  if (status == "sending") return trf("{} being sent", n);
  if (status == "sent") return trf("{} sent", n);
  if (status == "delivered") return trf("{} delivered", n);
  if (status == "failed") return trf("{} failed", n);
  if (status == "cancelled") return trf("{} cancelled", n);
  return status + " " + std::to_string(n);
}

// The delivery of a published alert to its subscribers (its fan-out and the outbox messages by
// channel and status), for watching it go out: the page is reloaded to follow it.
void delivery_data(Context& c, Data& d, const Principal& who, const alerts::Alert& a) {
  auto deliveries = c.alert_fan_out->deliveries(who, a.id);
  if (!deliveries) return;
  d.set("shows_delivery", true);
  Data rows{Data::type::list};
  for (const auto& j : *deliveries) {
    Data r{Data::type::object};
    r.set("type", msg_type_label(alerts::parse_msg_type(j.msg_type).value_or(a.msg_type)));
    r.set("state_code", j.state);
    r.set("state", j.state == "done" ? tr("Every subscriber's message is queued")
                                     : tr("Queuing the subscribers' messages"));
    r.set("enqueued", std::to_string(j.enqueued));
    Data channels{Data::type::list};
    for (const auto& [channel, by_status] : j.messages) {
      Data ch{Data::type::object};
      ch.set("channel", channel == "sms" ? std::string("SMS") : tr("E-mail"));
      std::string counts;
      for (const auto& [status, n] : by_status)
        counts += (counts.empty() ? "" : ", ") + message_count(status, n);
      ch.set("counts", counts);
      channels.push_back(ch);
    }
    r.set("channels", channels);
    r.set("started", local_time(c, j.created_at));
    rows.push_back(r);
  }
  d.set("deliveries", rows);
  d.set("no_delivery", deliveries->empty());
}

Response review_page(Context& c, alerts::Alerts& service, const Request& req, const Principal& who,
                     const std::string& notice = {}) {
  auto a = service.get(who, req.id());
  if (!a) return error_page(c, req, who, a.error());
  auto preview = service.preview(who, req.id());
  if (!preview) return error_page(c, req, who, preview.error());
  auto d = base_data(c, req, &who, headline(*a), "alerts");
  d.set("id", std::to_string(a->id));
  d.set("identifier", a->identifier);
  d.set("headline", headline(*a));
  d.set("mark", a->status == alerts::Status::actual ? std::string() : status_label(a->status));
  d.set("status", status_label(a->status));
  d.set("type", msg_type_label(a->msg_type));
  d.set("state", state_label(a->state));
  d.set("state_code", std::string(alerts::to_string(a->state)));
  d.set("composed_by", a->composed_by);
  d.set("approved_by", a->approved_by.value_or(""));
  d.set("sent", a->approved_at ? local_time(c, *a->approved_at) : "");
  d.set("expires", local_time(c, a->expires));
  d.set("notice", notice);
  std::string regions;
  for (const auto& r : a->area.regions) regions += (regions.empty() ? "" : ", ") + r.code;
  d.set("regions", regions);
  d.set("shapes", std::to_string(a->area.polygons.size() + a->area.circles.size()));
  std::string covered;
  for (const auto& r : a->area.covered)
    covered += (covered.empty() ? "" : ", ") +
               (language() == "kk"   ? r.name_kk
                : language() == "ru" ? r.name_ru
                                     : r.name_en) +
               " (" + r.code + ")";
  d.set("covered", covered);
  Data refs{Data::type::list};
  for (auto ref : a->references) {
    Data o{Data::type::object};
    o.set("id", std::to_string(ref));
    refs.push_back(o);
  }
  d.set("references", refs);
  d.set("has_references", !a->references.empty());
  Data langs{Data::type::list};
  for (const auto& lang : alerts::kLanguages) {
    Data o{Data::type::object};
    o.set("lang", lang);
    o.set("language", view::language_name(lang));
    auto it = preview->languages.find(lang);
    o.set("missing", it == preview->languages.end());
    if (it != preview->languages.end()) {
      o.set("banner", it->second.banner);
      o.set("sms", it->second.sms);
      o.set("sms_length", std::to_string(it->second.sms_size.length));
      o.set("sms_encoding", it->second.sms_size.gsm7 ? "GSM-7" : "UCS-2");
      o.set("sms_segments", std::to_string(it->second.sms_size.segments));
    }
    langs.push_back(o);
  }
  d.set("languages_preview", langs);
  d.set("cap_xml", preview->cap_xml);
  const bool writer = who.in(kWriters);
  const bool author = std::ranges::find(a->authors, who.account_id) != a->authors.end();
  const bool draft = a->state == alerts::State::draft;
  d.set("is_draft", draft);
  d.set("can_approve", writer && draft && !author);
  d.set("own_draft", writer && draft && author);
  d.set("can_discard", writer && draft);
  d.set("can_cancel", writer && a->active(core::now_us()) &&
                          (author || a->approved_by_id == who.account_id || who.is(Role::admin)));
  d.set("can_update", writer && updatable(*a));
  d.set("public_url",
        a->approved_at && a->state != alerts::State::draft ? alerts::cap_path(*a) : std::string());
  if (a->approved_at && c.alert_fan_out) delivery_data(c, d, who, *a);
  return render(c, "console/alert", d);
}

}  // namespace

void mount_alert_pages(http::Router& router, Context& c, alerts::Alerts& service) {
  router.add("GET", "/console/alerts",
             page(c, kReaders, [&c, &service](Request& req, const Principal& who, const Form&) {
               return list_page(c, service, req, who, nullptr, {});
             }));
  router.add(
      "POST", "/console/alerts",
      page(c, kWriters, [&c, &service](Request& req, const Principal& who, const Form& form) {
        std::vector<core::FieldError> errors;
        auto body = body_of(form, errors);
        if (!errors.empty()) return list_page(c, service, req, who, &form, errors);
        auto made = service.compose(who, auth::actor(req, who), body);
        if (!made) {
          auto e = made.error();
          if (e.fields.empty()) e.fields.push_back({"", e.message});
          if (e.code == core::ErrorCode::invalid)
            return list_page(c, service, req, who, &form, e.fields);
          return error_page(c, req, who, made.error());
        }
        return Response::redirect("/console/alerts/" + std::to_string(made->id));
      }));
  router.add("GET", "/console/alerts/{id:id}",
             page(c, kReaders, [&c, &service](Request& req, const Principal& who, const Form&) {
               std::string notice;
               if (req.query_param("approved")) notice = tr("The alert is published.");
               if (req.query_param("cancelled")) notice = tr("The alert is cancelled.");
               return review_page(c, service, req, who, notice);
             }));
  router.add("GET", "/console/alerts/{id:id}/update",
             page(c, kWriters, [&c, &service](Request& req, const Principal& who, const Form&) {
               auto a = service.get(who, req.id());
               if (!a) return error_page(c, req, who, a.error());
               if (!updatable(*a))
                 return error_page(
                     c, req, who,
                     core::Error::conflict("Only a published alert in force can be updated."));
               return update_page(c, req, who, *a, nullptr, {});
             }));
  router.add(
      "POST", "/console/alerts/{id:id}/update",
      page(c, kWriters, [&c, &service](Request& req, const Principal& who, const Form& form) {
        auto a = service.get(who, req.id());
        if (!a) return error_page(c, req, who, a.error());
        std::vector<core::FieldError> errors;
        auto body = body_of(form, errors);
        if (!errors.empty()) return update_page(c, req, who, *a, &form, errors);
        // The same kind as the alert it replaces, which it names (CAP references).
        body["status"] = std::string(alerts::to_string(a->status));
        body["msg_type"] = "Update";
        body["references"] = Json::array({a->id});
        auto made = service.compose(who, auth::actor(req, who), body);
        if (!made) {
          auto e = made.error();
          if (e.fields.empty()) e.fields.push_back({"", e.message});
          if (e.code == core::ErrorCode::invalid)
            return update_page(c, req, who, *a, &form, e.fields);
          return error_page(c, req, who, made.error());
        }
        return Response::redirect("/console/alerts/" + std::to_string(made->id));
      }));
  router.add(
      "POST", "/console/alerts/{id:id}/approve",
      page(c, kWriters, [&c, &service](Request& req, const Principal& who, const Form&) {
        auto r = service.approve(who, auth::actor(req, who), req.id());
        if (!r) return error_page(c, req, who, r.error());
        return Response::redirect("/console/alerts/" + std::to_string(r->id) + "?approved=1");
      }));
  router.add(
      "POST", "/console/alerts/{id:id}/cancel",
      page(c, kWriters, [&c, &service](Request& req, const Principal& who, const Form& form) {
        Json body = Json::object();
        if (form_value(form, "confirm") == "yes") body["confirm"] = true;
        auto r = service.cancel(who, auth::actor(req, who), req.id(), body);
        if (!r) return error_page(c, req, who, r.error());
        return Response::redirect("/console/alerts/" + std::to_string(req.id()) + "?cancelled=1");
      }));
}

}  // namespace qorgan::console
