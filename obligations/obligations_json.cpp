#include "obligations/obligations_json.hpp"

#include "core/time.hpp"

namespace qorgan::obligations {

using core::Json;

namespace {

template <typename T>
Json list(const std::vector<T>& xs) {
  Json out = Json::array();
  for (const auto& x : xs) out.push_back(to_json(x));
  return out;
}

Json opt(const std::optional<std::int64_t>& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json opt(const std::optional<std::string>& v) {
  return v ? Json(*v) : Json(nullptr);
}

}  // namespace

Json to_json(const Duty& d) {
  Json levels = Json::array();
  for (const auto& l : d.levels) levels.push_back(opt(l));
  return {{"id", d.id},
          {"code", d.code},
          {"name", {{"en", d.name_en}, {"ru", d.name_ru}, {"kk", d.name_kk}}},
          {"measure", d.measure},
          {"levels", levels},
          {"active", d.active},
          {"levels_from_config", d.overridden},
          {"position", d.position},
          {"version", d.version},
          {"updated_by", d.updated_by},
          {"updated_at", core::format_rfc3339(d.updated_at)}};
}

Json to_json(const CheckLine& l) {
  return {{"duty", l.duty},
          {"name", {{"en", l.name_en}, {"ru", l.name_ru}, {"kk", l.name_kk}}},
          {"measure", l.measure},
          {"required", l.required},
          {"observed", opt(l.observed)},
          {"met", l.met},
          {"comment", l.note}};
}

Json to_json(const Evidence& e) {
  return {{"id", e.id},
          {"assessment_id", e.assessment_id},
          {"name", e.name},
          {"mime", e.mime},
          {"bytes", e.bytes},
          {"href", "/api/v1/obligations/evidence/" + std::to_string(e.id)},
          {"uploaded_by", e.uploaded_by},
          {"uploaded_at", core::format_rfc3339(e.uploaded_at)}};
}

Json to_json(const Assessment& a) {
  return {{"id", a.id},
          {"facility_id", a.facility_id},
          {"organisation_id", a.organisation_id},
          {"region_id", a.region_id},
          {"criticality", a.criticality},
          {"assessed_on", a.assessed_on},
          {"workers", a.workers},
          {"answers", list(a.lines)},
          {"required", a.required},
          {"met", a.met},
          {"evidence", list(a.evidence)},
          {"submitted_by", a.submitted_by},
          {"submitted_at", core::format_rfc3339(a.submitted_at)}};
}

Json to_json(const Finding& f) {
  return {{"id", f.id},
          {"inspection_id", f.inspection_id},
          {"facility_id", f.facility_id},
          {"organisation_id", f.organisation_id},
          {"duty", opt(f.duty)},
          {"deficiency", f.deficiency},
          {"severity", f.severity},
          {"deadline", f.deadline},
          {"responsible", f.responsible},
          {"status", f.status},
          {"closing_note", opt(f.closing_note)},
          {"reminded_at", f.reminded_at ? Json(core::format_rfc3339(*f.reminded_at)) : Json()},
          {"created_at", core::format_rfc3339(f.created_at)},
          {"updated_at", core::format_rfc3339(f.updated_at)}};
}

Json to_json(const FindingEvent& e) {
  return {{"status", e.status},
          {"note", e.note},
          {"changed_by", e.changed_by},
          {"changed_at", core::format_rfc3339(e.changed_at)}};
}

Json to_json(const FindingFile& f) {
  Json j = to_json(f.finding);
  j["events"] = list(f.events);
  return j;
}

Json to_json(const Inspection& i) {
  return {{"id", i.id},
          {"facility_id", i.facility_id},
          {"organisation_id", i.organisation_id},
          {"region_id", i.region_id},
          {"criticality", i.criticality},
          {"inspected_on", i.inspected_on},
          {"inspector", i.inspector},
          {"checklist", list(i.lines)},
          {"required", i.required},
          {"met", i.met},
          {"notes", i.notes},
          {"findings", list(i.findings)},
          {"created_by", i.created_by},
          {"created_at", core::format_rfc3339(i.created_at)}};
}

Json to_json(const Standing& s) {
  Json j{{"status", s.status},
         {"score", s.score},
         {"open_findings", s.open_findings},
         {"overdue_findings", s.overdue_findings},
         {"basis", nullptr}};
  if (s.basis)
    j["basis"] = {{"kind", s.basis->kind},
                  {"id", s.basis->id},
                  {"on", s.basis->on},
                  {"required", s.basis->tally.required},
                  {"met", s.basis->tally.met}};
  return j;
}

Json to_json(const Summary& s) {
  Json by = Json::object();
  for (const auto& st : statuses()) by[st] = s.by_status.contains(st) ? s.by_status.at(st) : 0;
  return {{"facilities", s.facilities},
          {"assessed", s.assessed},
          {"score", s.score},
          {"by_status", by},
          {"open_findings", s.open_findings},
          {"overdue_findings", s.overdue_findings}};
}

Json to_json(const TrendPoint& p) {
  return {{"at", core::format_rfc3339(p.at)},
          {"facilities", p.facilities},
          {"compliant", p.compliant},
          {"score", p.score}};
}

Json to_json(const FacilityStanding& f) {
  Json j = to_json(f.standing);
  j["facility_id"] = f.facility_id;
  j["facility"] = f.facility;
  j["organisation_id"] = f.organisation_id;
  j["organisation"] = f.organisation;
  j["region_id"] = f.region_id;
  j["criticality"] = f.criticality;
  return j;
}

Json to_json(const Group& g) {
  Json j = to_json(g.summary);
  j["id"] = g.id;
  j["label"] = g.label;
  return j;
}

Json to_json(const Overview& o) {
  return {{"total", to_json(o.total)},
          {"facilities", list(o.facilities)},
          {"organisations", list(o.organisations)},
          {"regions", list(o.regions)},
          {"trend", list(o.trend)}};
}

Json to_json(const FacilityCompliance& c) {
  Json history = Json::array();
  for (const auto& s : c.history)
    history.push_back(
        {{"at", core::format_rfc3339(s.taken_at)}, {"status", s.status}, {"score", s.score}});
  Json j = to_json(c.facility);
  j["duties"] = list(c.duties);
  j["history"] = history;
  j["trend"] = list(c.trend);
  return j;
}

}  // namespace qorgan::obligations
