#include "activation/activation_json.hpp"

#include "activation/notice_code.hpp"
#include "core/time.hpp"

namespace qorgan::activation {

core::Json to_json(const Plan& p) {
  core::Json units = core::Json::array();
  for (const auto& u : p.units) {
    core::Json needs = core::Json::array();
    for (const auto& n : u.needs) needs.push_back({{"skill", n.skill}, {"count", n.count}});
    units.push_back({{"unit_id", u.unit_id},
                     {"target", u.target},
                     {"assembly_facility_id", u.assembly_facility_id},
                     {"needs", needs}});
  }
  return {{"id", p.id},
          {"name", p.name},
          {"region_id", p.region_id},
          {"deadline_minutes", p.deadline_minutes},
          {"messages", {{"kk", p.message_kk}, {"ru", p.message_ru}, {"en", p.message_en}}},
          {"units", units},
          {"created_by", p.created_by},
          {"created_at", core::format_rfc3339(p.created_at)},
          {"updated_at", core::format_rfc3339(p.updated_at)}};
}

namespace {
core::Json time_or_null(const std::optional<core::Timestamp>& t) {
  return t ? core::Json(core::format_rfc3339(*t)) : core::Json(nullptr);
}
core::Json or_null(const std::optional<std::string>& s) {
  return s ? core::Json(*s) : core::Json(nullptr);
}
}  // namespace

core::Json to_json(const Activation& a) {
  core::Json counts = core::Json::object();
  for (const auto& [status, n] : a.counts) counts[status] = n;
  return {{"id", a.id},
          {"plan_id", a.plan_id},
          {"kind", std::string(to_string(a.kind))},
          {"phase", std::string(to_string(a.phase))},
          {"deadline_minutes", a.deadline_minutes},
          {"proposed_by", a.proposed_by},
          {"proposed_at", core::format_rfc3339(a.proposed_at)},
          {"approved_by", or_null(a.approved_by)},
          {"activated_at", time_or_null(a.activated_at)},
          {"deadline_at", time_or_null(a.deadline_at)},
          {"ended_by", or_null(a.ended_by)},
          {"ended_at", time_or_null(a.ended_at)},
          {"counts", counts}};
}

core::Json to_json(const Notice& n, const std::string& token) {
  return {{"id", n.id},
          {"activation_id", n.activation_id},
          {"person_id", n.person_id},
          {"person_name", n.person_name},
          {"unit_id", n.unit_id},
          {"assembly_facility_id", n.assembly_facility_id},
          {"code", printed_short_code(n.code)},
          {"token", token},
          {"status", std::string(to_string(n.muster.status))},
          {"reason", n.muster.reason ? core::Json(std::string(to_string(*n.muster.reason)))
                                     : core::Json(nullptr)},
          {"answered_at", time_or_null(n.answered_at)},
          {"arrived_at", time_or_null(n.muster.arrived_at)},
          {"arrived_facility_id",
           n.arrived_facility_id ? core::Json(*n.arrived_facility_id) : core::Json(nullptr)},
          {"checked_in_by", or_null(n.checked_in_by)},
          {"language", n.language}};
}

core::Json to_json(const Reminder& r) {
  return {{"queued", r.queued}, {"by_hand", r.by_hand}, {"sent_at", core::format_rfc3339(r.at)}};
}

}  // namespace qorgan::activation

namespace qorgan::activation {

core::Json to_json(const OwnNotice& o, const std::string* token) {
  const auto& n = o.notice;
  const auto& a = o.activation;
  core::Json j{{"id", n.id},
               {"activation",
                {{"id", a.id},
                 {"kind", std::string(to_string(a.kind))},
                 {"phase", std::string(to_string(a.phase))},
                 {"deadline_at", time_or_null(a.deadline_at)}}},
               {"initials", o.initials},
               {"unit", {{"id", n.unit_id}, {"name", o.unit_name}}},
               {"assembly_point",
                {{"id", n.assembly_facility_id},
                 {"name", o.point_name},
                 {"address", or_null(o.point_address)}}},
               {"status", std::string(to_string(n.muster.status))},
               {"reason", n.muster.reason ? core::Json(std::string(to_string(*n.muster.reason)))
                                          : core::Json(nullptr)},
               {"answered_at", time_or_null(n.answered_at)},
               {"arrived_at", time_or_null(n.muster.arrived_at)},
               {"language", n.language}};
  if (token) {
    j["code"] = printed_short_code(n.code);
    j["token"] = *token;
  }
  return j;
}

}  // namespace qorgan::activation
