#include "alerts/alert_json.hpp"

#include "alerts/cap.hpp"
#include "alerts/sms.hpp"
#include "core/time.hpp"

namespace qorgan::alerts {

using core::Json;

namespace {

Json time_or_null(const std::optional<core::Timestamp>& t) {
  return t ? Json(core::format_rfc3339(*t)) : Json(nullptr);
}

Json texts_json(const std::map<std::string, Texts>& texts) {
  Json out = Json::object();
  for (const auto& [lang, t] : texts)
    out[lang] = {{"event", t.event},
                 {"headline", t.headline},
                 {"description", t.description},
                 {"instruction", t.instruction}};
  return out;
}

Json regions_json(const std::vector<AreaRegion>& list) {
  Json regions = Json::array();
  for (const auto& r : list)
    regions.push_back(
        {{"code", r.code}, {"name", {{"kk", r.name_kk}, {"ru", r.name_ru}, {"en", r.name_en}}}});
  return regions;
}

Json area_json(const Area& area) {
  Json regions = regions_json(area.regions);
  Json polygons = Json::array();
  for (const auto& ring : area.polygons) {
    Json points = Json::array();
    for (const auto& p : ring) points.push_back({p.lat, p.lon});
    polygons.push_back(points);
  }
  Json circles = Json::array();
  for (const auto& c : area.circles)
    circles.push_back({{"lat", c.centre.lat}, {"lon", c.centre.lon}, {"radius_km", c.radius_km}});
  // covered_regions: where the drawn shapes lie, whose subscribers get the alert too.
  return {{"regions", regions},
          {"polygons", polygons},
          {"circles", circles},
          {"covered_regions", regions_json(area.covered)}};
}

}  // namespace

Json to_json(const Alert& a) {
  Json warnings = Json::array();
  for (const auto& lang : kLanguages)
    if (!a.texts.contains(lang))
      warnings.push_back({{"field", "texts." + lang},
                          {"message", "The alert is not written in " + lang +
                                          "; readers of that language see another language."}});
  Json out = {{"id", a.id},
              {"identifier", a.identifier},
              {"status", to_string(a.status)},
              {"msg_type", to_string(a.msg_type)},
              {"state", to_string(a.state)},
              {"active", a.active(core::now_us())},
              {"references", a.references},
              {"template", a.template_key.empty() ? Json(nullptr) : Json(a.template_key)},
              {"categories", a.categories},
              {"urgency", a.urgency},
              {"severity", a.severity},
              {"certainty", a.certainty},
              {"response_types", a.response_types},
              {"onset", time_or_null(a.onset)},
              {"expires", core::format_rfc3339(a.expires)},
              {"texts", texts_json(a.texts)},
              {"sender_name", a.sender_name},
              {"contact", a.contact},
              {"evacuation_plan_url", a.evacuation_plan_url},
              {"area", area_json(a.area)},
              {"composed_by", a.composed_by},
              {"approved_by", a.approved_by ? Json(*a.approved_by) : Json(nullptr)},
              {"approved_at", time_or_null(a.approved_at)},
              {"ended_by", a.ended_by ? Json(*a.ended_by) : Json(nullptr)},
              {"ended_at", time_or_null(a.ended_at)},
              {"replaced_by", a.replaced_by ? Json(*a.replaced_by) : Json(nullptr)},
              {"created_at", core::format_rfc3339(a.created_at)},
              {"updated_at", core::format_rfc3339(a.updated_at)},
              {"warnings", warnings}};
  if (a.approved_at) out["cap_url"] = cap_path(a);
  return out;
}

Json to_json(const Preview& p) {
  Json langs = Json::object();
  for (const auto& [lang, l] : p.languages)
    langs[lang] = {{"banner", l.banner},
                   {"sms",
                    {{"text", l.sms},
                     {"encoding", l.sms_size.gsm7 ? "GSM-7" : "UCS-2"},
                     {"length", l.sms_size.length},
                     {"segments", l.sms_size.segments}}}};
  return {{"cap_xml", p.cap_xml}, {"languages", langs}};
}

Json to_json(const Template& t) {
  return {
      {"key", t.key},           {"categories", t.categories},  {"urgency", t.urgency},
      {"severity", t.severity}, {"certainty", t.certainty},    {"response_types", t.response_types},
      {"hours", t.hours},       {"texts", texts_json(t.texts)}};
}

Json public_json(const Alert& a) {
  Json texts = Json::object();
  for (const auto& [lang, t] : a.texts) {
    auto mark = status_mark(a.status, lang);
    texts[lang] = {{"event", t.event},
                   {"headline", t.headline},
                   {"instruction", t.instruction},
                   {"mark", mark},
                   {"page", page_path(a, lang)}};
  }
  return {{"identifier", a.identifier},
          {"status", to_string(a.status)},
          {"msg_type", to_string(a.msg_type)},
          {"severity", a.severity},
          {"sent", time_or_null(a.approved_at)},
          {"expires", core::format_rfc3339(a.expires)},
          {"texts", texts},
          {"cap_url", cap_path(a)}};
}

}  // namespace qorgan::alerts
