#include "notify/notify_json.hpp"

#include "core/time.hpp"

namespace qorgan::notify {

namespace {

core::Json time_or_null(const std::optional<std::int64_t>& t) {
  return t ? core::Json(core::format_rfc3339(*t)) : core::Json(nullptr);
}

}  // namespace

core::Json to_json(const Message& m) {
  return {
      {"id", m.id},
      {"channel", m.channel},
      {"recipient", m.recipient},
      {"subject", m.subject},
      {"text", m.text},
      {"html", m.html ? core::Json(*m.html) : core::Json(nullptr)},
      {"list_unsubscribe",
       m.list_unsubscribe ? core::Json(*m.list_unsubscribe) : core::Json(nullptr)},
      {"reference", m.reference},
      {"kind", m.kind},
      {"status", m.status},
      {"attempts", m.attempts},
      {"last_error", m.last_error ? core::Json(*m.last_error) : core::Json(nullptr)},
      {"next_attempt_at", m.status == "queued" ? core::Json(core::format_rfc3339(m.next_attempt_at))
                                               : core::Json(nullptr)},
      {"idempotency_key", std::to_string(m.id)},
      {"created_at", core::format_rfc3339(m.created_at)},
      {"updated_at", core::format_rfc3339(m.updated_at)},
      {"sent_at", time_or_null(m.sent_at)}};
}

core::Json counts_json(const std::map<std::string, std::int64_t>& counts) {
  core::Json out = core::Json::object();
  for (const auto& s : statuses()) {
    auto it = counts.find(s);
    out[s] = it == counts.end() ? 0 : it->second;
  }
  return out;
}

}  // namespace qorgan::notify
