#include "auth/auth_json.hpp"

#include "core/time.hpp"

namespace qorgan::auth {

namespace {

core::Json id_or_null(const std::optional<std::int64_t>& v) {
  return v ? core::Json(*v) : nullptr;
}

// Accounts and principals carry the same role and scope fields.
template <typename T>
core::Json role_and_scope(const T& x) {
  return {{"role", to_string(x.role)},
          {"region_id", id_or_null(x.region_id)},
          {"unit_id", id_or_null(x.unit_id)},
          {"organisation_id", id_or_null(x.organisation_id)},
          {"person_id", id_or_null(x.person_id)}};
}

}  // namespace

core::Json to_json(const AccountView& a) {
  auto j = role_and_scope(a);
  j["id"] = a.id;
  j["login"] = a.login;
  j["disabled"] = a.disabled;
  j["language"] = a.language.empty() ? core::Json(nullptr) : core::Json(a.language);
  return j;
}

core::Json to_json(const Principal& p) {
  auto j = role_and_scope(p);
  j["id"] = p.account_id;
  j["login"] = p.login;
  j["language"] = p.language.empty() ? core::Json(nullptr) : core::Json(p.language);
  return j;
}

core::Json to_json(const AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", core::format_rfc3339(e.at)},
          {"actor_id", id_or_null(e.actor_id)},
          {"actor_login", e.actor_login},
          {"action", e.action},
          {"entity_type", e.entity_type},
          {"entity_id", e.entity_id},
          {"before", e.before},
          {"after", e.after},
          {"request_id", e.request_id},
          {"hash", e.hash}};
}

}  // namespace qorgan::auth
