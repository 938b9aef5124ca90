#include "activation/muster_points.hpp"

#include <cctype>
#include <map>
#include <set>

#include "activation/access.hpp"
#include "activation/activation_store.hpp"
#include "activation/check_in_log_store.hpp"
#include "activation/notice_code.hpp"
#include "auth/audit.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "storage/snapshot.hpp"

namespace qorgan::activation {

using core::Error;
using core::fail;
using core::Json;

namespace {

// A batch item as the page sent it, once it passed the checks of form.
struct Queued {
  std::string client_id;
  core::Timestamp at = 0;
  std::optional<std::string> code, token;
  std::optional<TokenClaims> claims;  // a token whose signature its activation's key verifies
};

bool valid_client_id(const std::string& s) {
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == ':'))
      return false;
  return !s.empty();
}

std::optional<Outcome> outcome_from(std::string_view s) {
  for (auto o : {Outcome::recorded, Outcome::elsewhere, Outcome::already, Outcome::conflict,
                 Outcome::rejected})
    if (to_string(o) == s) return o;
  return std::nullopt;
}

std::optional<Refusal> refusal_from(std::string_view s) {
  for (auto r : {Refusal::unknown_code, Refusal::invalid_token, Refusal::not_approved,
                 Refusal::cancelled, Refusal::before_activation, Refusal::after_close,
                 Refusal::future_time, Refusal::client_id_reused})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

Json audit_view(const Notice& n) {
  Json j{{"person_id", n.person_id}, {"status", std::string(to_string(n.muster.status))}};
  if (n.muster.arrived_at) j["arrived_at"] = core::format_rfc3339(*n.muster.arrived_at);
  if (n.arrived_facility_id) j["arrived_facility_id"] = *n.arrived_facility_id;
  return j;
}

// Whose people the caller checks in: headquarters and admins those of the activations under
// their region; a commander those of the units of their subtree, in activations of any region.
struct Caller {
  std::string region_prefix;
  bool commander = false;
};

core::Result<Caller> caller_of(const auth::Principal& who) {
  if (who.is(auth::Role::commander)) {
    if (auth::scope_of(who).kind != auth::Scope::Kind::unit)
      return fail(Error::forbidden("Your account names no unit."));
    return Caller{"", true};
  }
  if (!who.in(kWriters)) return fail(Error::forbidden("You may not check people in."));
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see activations."));
  return Caller{*prefix, false};
}

}  // namespace

std::string code_digest(std::int64_t activation_id, const std::string& code) {
  return core::sha256_hex(std::to_string(activation_id) + ":" + code);
}

// The point's download reads each activation's counts and its people in separate statements,
// then units: one snapshot keeps the counts and the people of one moment on PostgreSQL too (a
// check-in lands wholly before or after), as for readiness and the muster.
core::Result<MusterPoint> MusterPoints::expected(const auth::Principal& who,
                                                 std::int64_t facility_id) {
  return storage::in_snapshot(db_, [&] { return expected_now(who, facility_id); });
}

core::Result<MusterPoint> MusterPoints::expected_now(const auth::Principal& who,
                                                     std::int64_t facility_id) {
  auto caller = caller_of(who);
  if (!caller) return fail(caller.error());
  auto facility = registry_.facilities.get(who, facility_id);
  if (!facility) return fail(facility.error());
  MusterPoint point;
  point.facility_id = facility->id;
  point.facility_name = facility->name;
  point.address = facility->address;
  db_.read([&](storage::Tx& tx) {
    for (auto& a : activation_store::active_at(tx, facility_id, caller->region_prefix)) {
      PointActivation pa;
      pa.activation = a;
      pa.activation.counts = activation_store::counts(tx, a.id);
      for (auto& n : activation_store::notices_at(tx, a.id, facility_id))
        pa.people.push_back({std::move(n), {}, {}});
      point.activations.push_back(std::move(pa));
    }
  });
  const auto now = core::now_us();
  // A unit's name, or nothing when the caller does not see the unit.
  std::map<std::int64_t, std::optional<std::string>> unit_names;
  for (auto& pa : point.activations) {
    pa.public_key_hex = activations_.token_key(pa.activation.id);
    const bool late = pa.activation.deadline_at && now >= *pa.activation.deadline_at;
    std::vector<ExpectedPerson> seen;
    for (auto& p : pa.people) {
      auto [it, fresh] = unit_names.try_emplace(p.notice.unit_id);
      if (fresh) {
        auto unit = registry_.units.get(who, p.notice.unit_id);
        if (unit)
          it->second = unit->name;
        else if (!caller->commander)
          it->second = "#" + std::to_string(p.notice.unit_id);
      }
      if (!it->second) continue;  // a commander's view holds their units' people only
      if (late) p.notice.muster = at_deadline(p.notice.muster);
      p.code_sha256 = code_digest(pa.activation.id, p.notice.code);
      p.unit_name = *it->second;
      seen.push_back(std::move(p));
    }
    pa.people = std::move(seen);
    if (caller->commander) {
      pa.activation.counts.clear();
      for (const auto& p : pa.people)
        ++pa.activation.counts[std::string(to_string(p.notice.muster.status))];
    }
  }
  if (caller->commander)
    std::erase_if(point.activations, [](const PointActivation& pa) { return pa.people.empty(); });
  return point;
}

core::Result<std::vector<QueuedResult>> MusterPoints::check_in(const auth::Principal& who,
                                                               const auth::Actor& actor,
                                                               std::int64_t facility_id,
                                                               const Json& body) {
  auto caller = caller_of(who);
  if (!caller) return fail(caller.error());
  const std::string& prefix = caller->region_prefix;
  if (!body.is_object())
    return fail(Error::invalid("The batch of check-ins has invalid fields.",
                               {{"items", "The body is an object: {\"items\": […]}."}}));
  core::JsonFields f(body);
  std::vector<Queued> batch;
  if (const Json* items = f.array("items", true)) {
    if (items->empty()) f.add("items", "must hold at least one check-in");
    if (items->size() > kMaxBatch)
      f.add("items", "at most " + std::to_string(kMaxBatch) + " check-ins in one batch");
    std::set<std::string> client_ids;
    for (std::size_t i = 0; i < items->size() && i < kMaxBatch; ++i) {
      const Json& item = (*items)[i];
      const std::string at = "items[" + std::to_string(i) + "]";
      if (!item.is_object()) {
        f.add(at, "must be an object with these fields: client_id, at, and code or token");
        continue;
      }
      core::JsonFields in(item);
      Queued q;
      auto client = in.str("client_id", true, 64);
      if (client && !valid_client_id(*client))
        in.add("client_id", "Letters, digits and - _ . : only.");
      else if (client && !client_ids.insert(*client).second)
        in.add("client_id", "appears twice in the batch");
      auto when = in.str("at", true, 40);
      std::optional<core::Timestamp> t;
      if (when && !(t = core::parse_rfc3339(*when)))
        in.add("at", "must be an RFC 3339 time with its offset, like 2026-12-04T14:32:05+05:00");
      q.token = in.str("token", false, 400);
      if (auto typed = in.str("code", false, 40)) {
        q.code = canonical_short_code(*typed);
        if (!q.code)
          in.add("code", "A code is 8 letters and digits, like ABCD-EFGH.");
        else if (q.token)
          in.add("code", "Give either the short code or the QR token, not both.");
      } else if (!q.token) {
        in.add("code", "Give either the short code or the QR token.");
      }
      q.client_id = client.value_or("");
      q.at = t.value_or(0);
      f.absorb(in, at);
      batch.push_back(std::move(q));
    }
  }
  if (auto s = f.finish("The batch of check-ins"); !s) return fail(s.error());
  auto facility = registry_.facilities.get(who, facility_id);
  if (!facility) return fail(facility.error());

  // Signatures are checked before the transaction: the keys are derived, nothing is read.
  std::map<std::int64_t, std::string> keys;
  for (auto& q : batch) {
    if (!q.token) continue;
    auto activation_id = token_activation(*q.token);
    if (!activation_id) continue;
    auto [it, fresh] = keys.try_emplace(*activation_id);
    if (fresh) it->second = activations_.token_key(*activation_id);
    q.claims = verify_token(*q.token, it->second);
  }
  // A commander's check-in of someone outside their units reads as an unknown code. A notice's
  // unit never changes, so this is judged before the transaction.
  std::set<std::int64_t> foreign_notices;
  if (caller->commander) {
    std::map<std::int64_t, std::int64_t> unit_of;  // notice → unit
    db_.read([&](storage::Tx& tx) {
      for (const auto& q : batch) {
        std::optional<Notice> n;
        if (q.code) {
          if (auto id = activation_store::activation_with_code(tx, *q.code, prefix, facility_id))
            n = activation_store::notice_by_code(tx, *id, *q.code);
        } else if (q.claims) {
          n = activation_store::notice(tx, q.claims->activation_id, q.claims->notice_id);
        }
        if (n) unit_of[n->id] = n->unit_id;
      }
    });
    std::map<std::int64_t, bool> mine;
    for (const auto& [notice, unit] : unit_of) {
      auto [it, fresh] = mine.try_emplace(unit);
      if (fresh) it->second = registry_.units.get(who, unit).has_value();
      if (!it->second) foreign_notices.insert(notice);
    }
  }

  return db_.write([&](storage::Tx& tx) -> core::Result<std::vector<QueuedResult>> {
    const auto now = core::now_us();
    std::vector<QueuedResult> out;
    std::map<std::string, std::int64_t> outcomes;
    for (const auto& q : batch) {
      QueuedResult r;
      r.client_id = q.client_id;
      r.at = q.at;
      const std::string credential =
          core::sha256_hex(q.code ? "code:" + *q.code : "token:" + *q.token);
      check_in_log_store::Entry entry{q.client_id,  facility_id, credential, std::nullopt,
                                      std::nullopt, q.at,        "pending",  "",
                                      who.login,    now};
      if (!check_in_log_store::claim(tx, entry)) {
        auto prior = check_in_log_store::get(tx, q.client_id);
        r.replayed = true;
        if (!prior || prior->facility_id != facility_id || prior->credential_sha256 != credential) {
          r.refusal = Refusal::client_id_reused;
        } else {
          r.outcome = outcome_from(prior->outcome).value_or(Outcome::rejected);
          r.refusal = refusal_from(prior->reason);
          r.at = prior->at;
          if (prior->activation_id && prior->notice_id && r.outcome != Outcome::rejected)
            r.notice = activation_store::notice(tx, *prior->activation_id, *prior->notice_id);
        }
        ++outcomes["replayed"];
        out.push_back(std::move(r));
        continue;
      }

      std::optional<Activation> a;
      std::optional<Notice> n;
      std::optional<Refusal> refusal;
      if (q.code) {
        if (auto id = activation_store::activation_with_code(tx, *q.code, prefix, facility_id)) {
          a = activation_store::get(tx, *id);
          n = activation_store::notice_by_code(tx, *id, *q.code);
        }
        if (!a || !n) refusal = Refusal::unknown_code;
      } else if (!q.claims) {
        refusal = Refusal::invalid_token;
      } else {
        a = activation_store::get(tx, q.claims->activation_id);
        if (a && a->region_path.starts_with(prefix))
          n = activation_store::notice(tx, a->id, q.claims->notice_id);
        if (!n || n->code != q.claims->code) refusal = Refusal::unknown_code;
      }
      if (n && foreign_notices.contains(n->id)) refusal = Refusal::unknown_code;

      Judgement j;
      j.refusal = refusal;
      // A second round only when another transaction recorded the arrival in between: then it is
      // judged again, as already here or a conflict.
      for (int round = 0; !refusal && round < 2; ++round) {
        j = judge_queued_check_in({a->phase, a->activated_at, a->ended_at},
                                  {n->muster, n->assembly_facility_id, n->arrived_facility_id},
                                  facility_id, q.at, now);
        if (j.outcome != Outcome::recorded && j.outcome != Outcome::elsewhere) break;
        Notice after = *n;
        after.muster = j.after;
        after.arrived_facility_id = facility_id;
        after.checked_in_by = who.login;
        if (!activation_store::arrive(tx, after)) {
          n = activation_store::notice(tx, a->id, n->id);
          continue;
        }
        Json view = audit_view(after);
        view["client_id"] = q.client_id;
        view["queued"] = true;
        auth::audit(tx, actor, "activation_notice.check_in", "activation_notice",
                    std::to_string(n->id), audit_view(*n), view);
        n = after;
        break;
      }
      r.outcome = j.outcome;
      r.refusal = j.refusal;
      if (n && !refusal) r.notice = n;
      if (j.outcome == Outcome::conflict) {
        auth::audit(tx, actor, "activation_notice.check_in_conflict", "activation_notice",
                    std::to_string(n->id), audit_view(*n),
                    {{"facility_id", facility_id},
                     {"at", core::format_rfc3339(q.at)},
                     {"client_id", q.client_id}});
      }
      if (!refusal) {
        entry.activation_id = a->id;
        entry.notice_id = n->id;
      }
      entry.outcome = std::string(to_string(j.outcome));
      entry.reason = j.refusal ? std::string(to_string(*j.refusal)) : std::string();
      check_in_log_store::settle(tx, entry);
      ++outcomes[std::string(to_string(j.outcome))];
      out.push_back(std::move(r));
    }
    Json counts = Json::object();
    for (const auto& [k, v] : outcomes) counts[k] = v;
    auth::audit(tx, actor, "activation.muster_batch", "facility", std::to_string(facility_id),
                nullptr, {{"items", batch.size()}, {"outcomes", counts}});
    return out;
  });
}

}  // namespace qorgan::activation
