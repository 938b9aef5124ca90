#include "evac/web/evac_json.hpp"

#include "core/time.hpp"

namespace qorgan::evac::web {

core::Json to_json(const NetworkInfo& n) {
  return {{"id", n.id},
          {"name", n.name},
          {"profile", n.profile},
          {"step_seconds", n.step_seconds},
          {"nodes", n.nodes},
          {"arcs", n.arcs},
          {"source_file", n.source_file},
          {"source_bytes", n.source_bytes},
          {"bbox", n.bbox ? core::Json(*n.bbox) : core::Json(nullptr)},
          {"attribution", n.osm ? core::Json(kOsmAttribution) : core::Json(nullptr)},
          {"stats", n.stats},
          {"created_by", n.created_by},
          {"created_at", core::format_rfc3339(n.created_at)}};
}

core::Json to_json(const PlanInfo& p) {
  const auto ts = [](std::optional<std::int64_t> t) {
    return t ? core::Json(core::format_rfc3339(*t)) : core::Json(nullptr);
  };
  return {{"id", p.id},
          {"name", p.name},
          {"region_id", p.region_id},
          {"network_id", p.network_id},
          {"planner", p.planner},
          {"with_optimum", p.with_optimum},
          {"status", p.status},
          {"progress", p.progress},
          {"error", p.error ? core::Json(*p.error) : core::Json(nullptr)},
          {"created_by", p.created_by},
          {"created_at", core::format_rfc3339(p.created_at)},
          {"started_at", ts(p.started_at)},
          {"finished_at", ts(p.finished_at)},
          {"input", p.input},
          {"summary", p.summary}};
}

core::Json to_json(const PlanInfo& p, std::string_view lang) {
  core::Json j = to_json(p);
  if (p.error && (lang == "kk" || lang == "ru"))
    j["error_translation"] = {
        {"lang", std::string(lang)},
        {"message", p.error_parts.empty() ? *p.error : render(p.error_parts, lang)}};
  return j;
}

}  // namespace qorgan::evac::web
