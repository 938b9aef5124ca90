#include "activation/activation_json.hpp"

#include "activation/notice_code.hpp"
#include "core/json_writer.hpp"
#include "core/rfc3339.hpp"
#include "core/time.hpp"

namespace qorgan::activation {

core::Json to_json(const Plan& p) {
  core::Json units = core::Json::array();
  for (const auto& u : p.units) {
    core::Json needs = core::Json::array();
    for (const auto& n : u.needs) needs.push_back({{"skill", n.skill}, {"count", n.count}});
    core::Json positions = core::Json::array();
    for (const auto& t : u.positions)
      positions.push_back({{"position", t.position}, {"target", t.target}});
    units.push_back({{"unit_id", u.unit_id},
                     {"target", u.target},
                     {"assembly_facility_id", u.assembly_facility_id},
                     {"needs", needs},
                     {"positions", positions}});
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

core::Json to_json(const Notice& n, const std::string* token) {
  core::Json j{{"id", n.id},
               {"activation_id", n.activation_id},
               {"person_id", n.person_id},
               {"person_name", n.person_name},
               {"unit_id", n.unit_id},
               {"assembly_facility_id", n.assembly_facility_id},
               {"code", printed_short_code(n.code)},
               {"status", std::string(to_string(n.muster.status))},
               {"reason", n.muster.reason ? core::Json(std::string(to_string(*n.muster.reason)))
                                          : core::Json(nullptr)},
               {"answered_at", time_or_null(n.answered_at)},
               {"arrived_at", time_or_null(n.muster.arrived_at)},
               {"arrived_facility_id",
                n.arrived_facility_id ? core::Json(*n.arrived_facility_id) : core::Json(nullptr)},
               {"checked_in_by", or_null(n.checked_in_by)},
               {"delivered_at", time_or_null(n.delivered_at)},
               {"language", n.language}};
  if (token) j["token"] = *token;
  return j;
}

std::string check_in_json(const CheckInResult& r) {
  const Notice& n = r.notice;
  std::string out;
  out.reserve(512);
  core::JsonWriter w(out);
  const auto time = [&](const std::optional<core::Timestamp>& t) -> core::JsonWriter& {
    if (!t) return w.value(nullptr);
    char at[core::kRfc3339Chars];
    core::write_rfc3339(at, *t);
    return w.value(std::string_view(at, sizeof at));
  };
  // Keys in the order core::Json prints them: sorted by bytes.
  w.begin_object();
  w.key("activation_id").value(n.activation_id);
  w.key("already_checked_in").value(r.already);
  w.key("answered_at");
  time(n.answered_at);
  w.key("arrived_at");
  time(n.muster.arrived_at);
  w.key("arrived_facility_id");
  n.arrived_facility_id ? w.value(*n.arrived_facility_id) : w.value(nullptr);
  w.key("assembly_facility_id").value(n.assembly_facility_id);
  w.key("checked_in_by").value(n.checked_in_by);
  w.key("code").value(printed_short_code(n.code));
  w.key("delivered_at");
  time(n.delivered_at);
  w.key("elsewhere").value(r.elsewhere);
  w.key("id").value(n.id);
  w.key("language").value(n.language);
  w.key("person_id").value(n.person_id);
  w.key("person_name").value(n.person_name);
  w.key("reason");
  n.muster.reason ? w.value(to_string(*n.muster.reason)) : w.value(nullptr);
  w.key("status").value(to_string(n.muster.status));
  w.key("unit_id").value(n.unit_id);
  w.end_object();
  return out;
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

namespace {

// Who a notice is and where it stands, for the muster page (no code, no token).
core::Json person_json(const Notice& n) {
  return {{"notice_id", n.id},
          {"activation_id", n.activation_id},
          {"person_name", n.person_name},
          {"unit_id", n.unit_id},
          {"assembly_facility_id", n.assembly_facility_id},
          {"status", std::string(to_string(n.muster.status))},
          {"arrived_at", time_or_null(n.muster.arrived_at)},
          {"arrived_facility_id",
           n.arrived_facility_id ? core::Json(*n.arrived_facility_id) : core::Json(nullptr)},
          {"checked_in_by", or_null(n.checked_in_by)}};
}

}  // namespace

core::Json to_json(const MusterPoint& p) {
  core::Json activations = core::Json::array();
  for (const auto& pa : p.activations) {
    core::Json people = core::Json::array();
    for (const auto& e : pa.people) {
      core::Json j = person_json(e.notice);
      j["unit_name"] = e.unit_name;
      j["code_sha256"] = e.code_sha256;
      people.push_back(std::move(j));
    }
    core::Json a = to_json(pa.activation);
    a["token_key"] = {{"algorithm", "Ed25519"}, {"public_key", pa.public_key_hex}};
    a["people"] = std::move(people);
    activations.push_back(std::move(a));
  }
  return {{"facility",
           {{"id", p.facility_id}, {"name", p.facility_name}, {"address", or_null(p.address)}}},
          {"code_digest", "sha256(activation_id + ':' + code without the dash, upper case)"},
          {"activations", std::move(activations)}};
}

namespace {

// Why an accepted check-in came to what it did, with when and by whom for an earlier one.
core::Json outcome_message(const QueuedResult& r) {
  if (r.refusal) return std::string(explain(*r.refusal));
  if (!r.notice) return nullptr;
  const Notice& n = *r.notice;
  auto earlier = [&n] {
    return (n.muster.arrived_at ? core::format_rfc3339(*n.muster.arrived_at) : "?") + " by " +
           n.checked_in_by.value_or("?");
  };
  switch (r.outcome) {
    case Outcome::elsewhere:
      return "Recorded and flagged: the person's assembly point is facility " +
             std::to_string(n.assembly_facility_id) + ".";
    case Outcome::already:
      return "Checked in here before, at " + earlier() + "; that check-in stands.";
    case Outcome::conflict:
      return "Checked in at another point (facility " +
             std::to_string(n.arrived_facility_id.value_or(0)) + ") at " + earlier() +
             "; that check-in stands.";
    default:
      return nullptr;
  }
}

}  // namespace

core::Json to_json(const QueuedResult& r) {
  core::Json j{
      {"client_id", r.client_id},
      {"outcome", std::string(to_string(r.outcome))},
      {"at", core::format_rfc3339(r.at)},
      {"replayed", r.replayed},
      {"reason", r.refusal ? core::Json(std::string(to_string(*r.refusal))) : core::Json(nullptr)},
      {"message", outcome_message(r)},
      {"notice", r.notice ? person_json(*r.notice) : core::Json(nullptr)}};
  return j;
}

}  // namespace qorgan::activation
