#include "activation/activations.hpp"
#include "activation/access.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "activation/activation_store.hpp"
#include "activation/notice_code.hpp"
#include "activation/notice_text.hpp"
#include "activation/plan_store.hpp"
#include "auth/audit.hpp"
#include "core/time.hpp"
#include "notify/outbox.hpp"
#include "registry/facility_check.hpp"
#include "registry/members.hpp"
#include "view/time.hpp"

namespace qorgan::activation {

using core::Error;
using core::fail;
using core::Json;

namespace {

Error not_found(std::int64_t id) {
  return Error::not_found("No activation has id " + std::to_string(id) + ".");
}

// Past the deadline of an active activation, whoever neither arrived nor declined is overdue:
// reads show it at once; closing the activation stores it.
bool past_deadline(const Activation& a) {
  return a.phase == Phase::active && a.deadline_at && core::now_us() >= *a.deadline_at;
}

void show_deadline(const Activation& a, Notice& n) {
  if (past_deadline(a)) n.muster = at_deadline(n.muster);
}

// Deriving an activation's signing key from the master key costs as much as a signature, and
// every notice answered (a check-in, each notice of a page of them) signs its token: the signers
// are kept, one per master key and activation, and dropped all at once when many pile up.
std::shared_ptr<const TokenSigner> signer_for(const core::MasterKey& key,
                                              std::int64_t activation_id) {
  static std::mutex mutex;
  static std::map<std::pair<std::array<unsigned char, 32>, std::int64_t>,
                  std::shared_ptr<const TokenSigner>>
      kept;
  std::lock_guard lock(mutex);
  auto it = kept.find({key.bytes, activation_id});
  if (it != kept.end()) return it->second;
  if (kept.size() >= 256) kept.clear();
  auto signer = std::make_shared<const TokenSigner>(key, activation_id);
  kept.emplace(std::pair{key.bytes, activation_id}, signer);
  return signer;
}

std::string reference_of(std::int64_t activation_id) {
  return "activation:" + std::to_string(activation_id) + ":";
}

// The outbox message of a notice: SMS, else e-mail, else print (an address the outbox refuses
// falls back to print, so that nobody is left without a notice); nothing when no channel takes
// it. `text` is the notice's or a reminder's; `by_hand` says whether print is acceptable (a
// reminder is not printed).
std::optional<notify::NewMessage> notice_message(const Activation& a, const Notice& n,
                                                 std::string text, std::string reference,
                                                 bool by_hand) {
  notify::NewMessage m;
  m.text = std::move(text);
  m.reference = std::move(reference);
  m.kind = a.kind == Kind::exercise ? "exercise" : "real";
  m.subject = notice_subject(n);
  auto takes = [&](const char* channel, const std::optional<std::string>& to) {
    if (!to || to->empty()) return false;
    m.channel = channel;
    m.recipient = *to;
    return notify::validate(m).has_value();
  };
  if (takes("sms", n.phone) || takes("email", n.email)) return m;
  if (by_hand && takes("print", n.person_name)) return m;
  return std::nullopt;
}

Json audit_view(const Activation& a) {
  return {{"plan_id", a.plan_id},
          {"kind", std::string(to_string(a.kind))},
          {"phase", std::string(to_string(a.phase))}};
}

Json audit_view(const Notice& n) {
  Json j{{"person_id", n.person_id}, {"status", std::string(to_string(n.muster.status))}};
  if (n.muster.reason) j["reason"] = std::string(to_string(*n.muster.reason));
  if (n.arrived_facility_id) j["arrived_facility_id"] = *n.arrived_facility_id;
  return j;
}

}  // namespace

core::Result<Activation> Activations::visible(const auth::Principal& who, std::int64_t id,
                                              bool writing) {
  if (writing && !who.in(kWriters))
    return fail(Error::forbidden("You may not act on activations."));
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see activations."));
  auto a = db_.read([&](storage::Tx& tx) { return activation_store::get(tx, id); });
  if (!a || !a->region_path.starts_with(*prefix)) return fail(not_found(id));
  return *a;
}

core::Result<Activation> Activations::propose(const auth::Principal& who, const auth::Actor& actor,
                                              std::int64_t plan_id, const Json& body) {
  if (!who.in(kWriters)) return fail(Error::forbidden("You may not propose activations."));
  core::JsonFields f(body);
  auto kind = f.choice("kind", true, {"real", "exercise"});
  if (auto s = f.finish("The activation"); !s) return fail(s.error());
  auto plan = plans_.get(who, plan_id);
  if (!plan) return fail(plan.error());
  Activation a;
  a.plan_id = plan->id;
  a.kind = *kind_from(*kind);
  a.phase = Phase::proposed;
  a.region_path = plan->region_path;
  a.deadline_minutes = plan->deadline_minutes;
  a.proposed_by = who.login;
  a.proposed_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Activation> {
    if (!plan_store::get(tx, plan_id))
      return fail(Error::not_found("No activation plan has id " + std::to_string(plan_id) + "."));
    a.id = activation_store::insert(tx, a);
    auth::audit(tx, actor, "activation.propose", "activation", std::to_string(a.id), nullptr,
                audit_view(a));
    return a;
  });
}

core::Result<Activation> Activations::approve(const auth::Principal& who, const auth::Actor& actor,
                                              std::int64_t id) {
  auto a = visible(who, id, true);
  if (!a) return fail(a.error());
  // visible() keeps hq_staff to activations under their region: the same or a parent region.
  Approval approval{a->proposed_by, who.login, who.in(kWriters)};
  if (auto s = may_approve(a->phase, a->kind, approval); !s) return fail(s.error());
  auto plan = plans_.get(who, a->plan_id);
  if (!plan) return fail(Error::conflict("The activation's plan no longer exists."));

  std::vector<core::FieldError> missing;
  std::vector<std::int64_t> unit_ids;
  std::map<std::int64_t, std::int64_t> point_of;  // unit id -> assembly facility id
  for (size_t i = 0; i < plan->units.size(); ++i) {
    const PlanUnit& u = plan->units[i];
    std::string at = "units[" + std::to_string(i) + "]";
    if (!registry_.units.get(who, u.unit_id))
      missing.push_back({at + ".unit_id", "The unit no longer exists."});
    if (!registry_.facilities.get(who, u.assembly_facility_id))
      missing.push_back({at + ".assembly_facility_id", "The assembly point no longer exists."});
    unit_ids.push_back(u.unit_id);
    point_of.emplace(u.unit_id, u.assembly_facility_id);
  }
  if (!missing.empty())
    return fail(Error{core::ErrorCode::conflict,
                      "The plan refers to units or assembly points that no longer exist; change "
                      "the plan first.",
                      missing});

  // Who is called up: the current members of each unit's subtree, each person once (under the
  // first of the plan's units they belong to).
  auto members = registry::current_members(registry_, who, unit_ids);
  if (!members) return fail(members.error());
  std::vector<Notice> called;
  called.reserve(members->size());
  std::set<std::int64_t> seen;
  for (auto& m : *members)
    if (seen.insert(m.person_id).second) {
      Notice n;
      n.person_id = m.person_id;
      n.unit_id = m.unit_id;
      n.assembly_facility_id = point_of.at(m.unit_id);
      n.person_name = m.family_name + " " + m.given_name;
      n.phone = std::move(m.phone);
      n.email = std::move(m.email);
      n.language = m.language.value_or("kk");
      called.push_back(std::move(n));
    }

  return db_.write([&](storage::Tx& tx) -> core::Result<Activation> {
    auto current = activation_store::get(tx, id);
    if (!current) return fail(not_found(id));
    if (auto s = may_approve(current->phase, current->kind, approval); !s) return fail(s.error());
    Activation after = *current;
    const auto now = core::now_us();
    after.phase = Phase::active;
    after.approved_by = who.login;
    after.activated_at = now;
    after.deadline_at = now + after.deadline_minutes * 60'000'000;
    std::set<std::string> codes = activation_store::active_codes(tx);
    const auto link_origin = origin();
    for (auto& n : called) {
      do n.code = new_short_code();
      while (!codes.insert(n.code).second);
      n.activation_id = id;
    }
    activation_store::insert_notices(tx, called);
    std::vector<notify::NewMessage> messages;
    messages.reserve(called.size());
    for (const auto& n : called)
      if (auto m = notice_message(
              after, n, notice_text(*plan, n, *after.deadline_at, time_zone_, link_origin),
              reference_of(id) + "notice:" + std::to_string(n.id), true))
        messages.push_back(std::move(*m));
    if (auto ids = notify::enqueue_many(tx, messages); !ids) return fail(ids.error());
    activation_store::update(tx, after);
    Json view = audit_view(after);
    view["notices"] = called.size();
    auth::audit(tx, actor, "activation.approve", "activation", std::to_string(id),
                audit_view(*current), view);
    after.counts = activation_store::counts(tx, id);
    return after;
  });
}

core::Result<Activation> Activations::end(const auth::Principal& who, const auth::Actor& actor,
                                          std::int64_t id, Phase to) {
  auto a = visible(who, id, true);
  if (!a) return fail(a.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Activation> {
    auto current = activation_store::get(tx, id);
    if (!current) return fail(not_found(id));
    auto allowed = to == Phase::cancelled ? may_cancel(current->phase) : may_close(current->phase);
    if (!allowed) return fail(allowed.error());
    Activation after = *current;
    after.phase = to;
    after.ended_by = who.login;
    after.ended_at = core::now_us();
    if (to == Phase::closed && current->deadline_at && *after.ended_at >= *current->deadline_at)
      activation_store::mark_overdue(tx, id);
    if (to == Phase::cancelled) notify::cancel_queued(tx, {reference_of(id), true});
    activation_store::update(tx, after);
    auth::audit(tx, actor, to == Phase::cancelled ? "activation.cancel" : "activation.close",
                "activation", std::to_string(id), audit_view(*current), audit_view(after));
    after.counts = activation_store::counts(tx, id);
    return after;
  });
}

core::Result<Activation> Activations::cancel(const auth::Principal& who, const auth::Actor& actor,
                                             std::int64_t id) {
  return end(who, actor, id, Phase::cancelled);
}

core::Result<Activation> Activations::close(const auth::Principal& who, const auth::Actor& actor,
                                            std::int64_t id) {
  return end(who, actor, id, Phase::closed);
}

core::Result<Activation> Activations::get(const auth::Principal& who, std::int64_t id) {
  auto a = visible(who, id, false);
  if (!a) return fail(a.error());
  a->counts = db_.read([&](storage::Tx& tx) { return activation_store::counts(tx, id); });
  if (past_deadline(*a))
    for (const char* late : {"called", "reached", "confirmed"})
      if (auto it = a->counts.find(late); it != a->counts.end()) {
        a->counts["overdue"] += it->second;
        a->counts.erase(it);
      }
  return a;
}

core::Result<std::vector<Activation>> Activations::list(const auth::Principal& who) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see activations."));
  return db_.read([&](storage::Tx& tx) { return activation_store::list(tx, *prefix, 200); });
}

core::Result<core::Page<Notice>> Activations::notices(const auth::Principal& who, std::int64_t id,
                                                      std::optional<Muster> status,
                                                      std::optional<std::int64_t> after,
                                                      int limit) {
  auto a = visible(who, id, false);
  if (!a) return fail(a.error());
  // The stored statuses that show as `status`: past the deadline, the called, reached and
  // confirmed show as overdue (show_deadline), whether the sweep has stored that yet or not.
  std::vector<std::string> stored;
  if (status) {
    const bool late = past_deadline(*a);
    if (!late || *status == Muster::arrived || *status == Muster::declined) {
      stored.emplace_back(to_string(*status));
    } else if (*status == Muster::overdue) {
      for (auto m : {Muster::called, Muster::reached, Muster::confirmed, Muster::overdue})
        stored.emplace_back(to_string(m));
    } else {
      return core::Page<Notice>{};
    }
  }
  auto rows = db_.read([&](storage::Tx& tx) {
    return activation_store::notices(tx, id, stored, after.value_or(0), limit + 1);
  });
  core::Page<Notice> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  for (auto& n : rows) show_deadline(*a, n);
  page.items = std::move(rows);
  return page;
}

core::Result<Notice> Activations::answer(const auth::Principal& who, const auth::Actor& actor,
                                         std::int64_t activation_id, std::int64_t notice_id,
                                         const Json& body) {
  const auto no_notice = [&] {
    return Error::not_found("No notice " + std::to_string(notice_id) + " in activation " +
                            std::to_string(activation_id) + ".");
  };
  if (who.is(auth::Role::commander)) {
    // A commander records the answers of the people of the units they command (a phone call),
    // and sees nothing of the activation beyond them.
    auto n = db_.read(
        [&](storage::Tx& tx) { return activation_store::notice(tx, activation_id, notice_id); });
    if (!n || !registry_.units.get(who, n->unit_id)) return fail(no_notice());
  } else if (auto a = visible(who, activation_id, true); !a) {
    return fail(a.error());
  }
  auto answer = read_answer(body);
  if (!answer) return fail(answer.error());
  auto stored = db_.write([&](storage::Tx& tx) {
    return record_answer(tx, actor, activation_id, notice_id, *answer, nullptr, no_notice());
  });
  if (!stored) return fail(stored.error());
  return std::move(stored->first);
}

void record_delivery(storage::Tx& tx, const std::string& reference, std::int64_t at) {
  // "activation:{activation}:notice:{notice}" or "activation:{activation}:reminder:{notice}"
  // (reference_of and the call-up and reminder messages).
  long long activation_id = 0, notice_id = 0;
  int used = 0;
  char what[16] = {};
  if (std::sscanf(reference.c_str(), "activation:%lld:%15[a-z]:%lld%n", &activation_id, what,
                  &notice_id, &used) != 3 ||
      std::size_t(used) != reference.size())
    return;
  if (std::string_view(what) != "notice" && std::string_view(what) != "reminder") return;
  activation_store::set_delivered(tx, activation_id, notice_id, at);
}

core::Result<Answer> read_answer(const Json& body) {
  core::JsonFields f(body);
  auto answer = f.choice("answer", true, {"confirm", "decline"});
  auto reason = f.choice("reason", false, {"ill", "abroad", "exempt", "other"});
  if (auto s = f.finish("The answer"); !s) return fail(s.error());
  return Answer{*answer == "confirm", reason ? decline_reason_from(*reason) : std::nullopt};
}

core::Result<std::pair<Notice, Activation>> record_answer(storage::Tx& tx, const auth::Actor& actor,
                                                          std::int64_t activation_id,
                                                          std::int64_t notice_id,
                                                          const Answer& answer, const char* via,
                                                          const Error& missing) {
  auto a = activation_store::get(tx, activation_id);
  auto n = activation_store::notice(tx, activation_id, notice_id, true);
  if (!a || !n) return fail(missing);
  Notice before = *n;
  auto m = on_answer(a->phase, n->muster, answer.confirm, answer.reason);
  if (!m) return fail(m.error());
  n->muster = *m;
  n->answered_at = core::now_us();
  activation_store::update_notice(tx, *n);
  Json after = audit_view(*n);
  if (via) after["via"] = via;
  auth::audit(tx, actor, "activation_notice.answer", "activation_notice", std::to_string(n->id),
              audit_view(before), after);
  return std::pair{std::move(*n), std::move(*a)};
}

core::Result<CheckInResult> Activations::check_in(const auth::Principal& who,
                                                  const auth::Actor& actor,
                                                  std::int64_t activation_id, const Json& body) {
  auto write = check_in_write(who, actor, activation_id, body);
  if (!write) return fail(write.error());
  return db_.write(*write);
}

void Activations::check_in_later(const auth::Principal& who, const auth::Actor& actor,
                                 std::int64_t activation_id, const Json& body,
                                 std::function<void(CheckedIn)> done) {
  auto write = check_in_write(who, actor, activation_id, body);
  if (!write) return done(CheckedIn{fail(write.error()), nullptr});
  storage::write_later(db_, std::move(*write), std::move(done));
}

core::Result<Activations::CheckInWrite> Activations::check_in_write(const auth::Principal& who,
                                                                    const auth::Actor& actor,
                                                                    std::int64_t activation_id,
                                                                    const Json& body) {
  // A commander checks in the people of the units they command; headquarters anyone in the
  // activations they see. That sight is checked in the write below, which reads the activation
  // anyway (one read fewer a check-in); a refusal before it answers as visible() would first.
  const bool commander = who.is(auth::Role::commander);
  std::optional<std::string> prefix;
  if (!commander) {
    if (!who.in(kWriters)) return fail(Error::forbidden("You may not act on activations."));
    prefix = visible_prefix(who);
    if (!prefix) return fail(Error::forbidden("Your role does not see activations."));
  }
  const auto refuse = [&](Error e) -> core::Result<CheckInWrite> {
    if (!commander)
      if (auto a = visible(who, activation_id, true); !a) return fail(a.error());
    return fail(std::move(e));
  };
  core::JsonFields f(body);
  auto typed = f.str("code", false, 40);
  auto token = f.str("token", false, 400);
  auto facility = f.i64("facility_id", true, 1);
  if (typed.has_value() == token.has_value())
    f.add("code", "Give either the short code or the QR token.");
  std::optional<std::string> code;
  if (typed) {
    code = canonical_short_code(*typed);
    if (!code) f.add("code", "A code is 8 letters and digits, like ABCD-EFGH.");
  }
  std::optional<std::int64_t> token_notice;
  if (token) {
    auto claims = verify_token(*token, token_key(activation_id));
    if (!claims)
      f.add("token", "The QR code is not a valid notice of this activation.");
    else {
      code = claims->code;
      token_notice = claims->notice_id;
    }
  }
  if (auto s = f.finish("The check-in"); !s) return refuse(s.error());
  const auto no_code = [&] {
    return Error::not_found("No notice of this activation has the code " +
                            printed_short_code(*code) + ".");
  };
  if (commander) {
    auto n = db_.read([&](storage::Tx& tx) {
      return activation_store::notice_by_code(tx, activation_id, *code);
    });
    if (!n || !registry_.units.get(who, n->unit_id)) return fail(no_code());
  }
  // The write may run on another thread after this returns: it holds copies.
  return CheckInWrite([this, who, actor, activation_id, prefix = std::move(prefix),
                       facility = *facility, code = *code,
                       token_notice](storage::Tx& tx) -> core::Result<CheckInResult> {
    const auto no_code = [&] {
      return Error::not_found("No notice of this activation has the code " +
                              printed_short_code(code) + ".");
    };
    // The notice and its activation's phase and region in one read; the activation read alone
    // only when it has no such notice, to answer which of the two is missing.
    auto found = activation_store::notice_to_check_in(tx, activation_id, code);
    std::optional<Activation> alone;
    if (!found) alone = activation_store::get(tx, activation_id);
    if (!found && !alone) return fail(not_found(activation_id));
    const std::string& region = found ? found->region_path : alone->region_path;
    if (prefix && !region.starts_with(*prefix)) return fail(not_found(activation_id));
    // In the write, whose connection has the pages at hand, rather than in a read of its own.
    if (!registry::facility_visible(tx, who, facility))
      return fail(Error::invalid("The check-in refers to missing records.",
                                 {{"facility_id", "does not exist"}}));
    const Phase phase = found ? found->phase : alone->phase;
    if (auto s = may_record(phase); !s) return fail(s.error());
    // Locked: of two check-ins of the same code at once, the second reads the first's arrival
    // and answers "already checked in" instead of recording a second arrival.
    if (!found || (token_notice && found->notice.id != *token_notice)) return fail(no_code());
    Notice& n = found->notice;
    auto in = on_check_in(phase, n.muster, core::now_us());
    if (!in) return fail(in.error());
    if (in->already) {
      const bool elsewhere = n.arrived_facility_id != n.assembly_facility_id;
      return CheckInResult{std::move(n), true, elsewhere};
    }
    Json before = audit_view(n);
    n.muster = in->muster;
    n.arrived_facility_id = facility;
    n.checked_in_by = who.login;
    activation_store::update_notice(tx, n);
    auth::audit(tx, actor, "activation_notice.check_in", "activation_notice", std::to_string(n.id),
                std::move(before), audit_view(n));
    const bool elsewhere = facility != n.assembly_facility_id;
    return CheckInResult{std::move(n), false, elsewhere};
  });
}

std::string Activations::token_key(std::int64_t activation_id) const {
  return signer_for(key_, activation_id)->public_key_hex();
}

std::string Activations::token(const Notice& n) const {
  return signer_for(key_, n.activation_id)->token(n.id, n.code);
}

void Activations::set_origin(std::string origin) {
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  std::lock_guard lock(origin_mutex_);
  origin_ = std::move(origin);
}

std::string Activations::origin() const {
  std::lock_guard lock(origin_mutex_);
  return origin_;
}

core::Result<PrintBatch> Activations::print_batch(const auth::Principal& who, std::int64_t id,
                                                  std::int64_t unit_id, bool all) {
  auto a = visible(who, id, false);
  if (!a) return fail(a.error());
  auto plan = db_.read([&](storage::Tx& tx) { return plan_store::get(tx, a->plan_id); });
  if (!plan) return fail(Error::conflict("The activation's plan no longer exists."));
  PrintBatch batch;
  batch.activation = *a;
  batch.message_kk = plan->message_kk;
  batch.message_ru = plan->message_ru;
  batch.message_en = plan->message_en;
  if (std::ranges::none_of(plan->units, [&](const PlanUnit& u) { return u.unit_id == unit_id; }))
    return fail(Error::invalid("The activation calls up no unit with this id.",
                               {{"unit", "is not a unit of the activation"}}));
  auto unit = registry_.units.get(who, unit_id);
  auto notices =
      db_.read([&](storage::Tx& tx) { return activation_store::notices_of_unit(tx, id, unit_id); });
  batch.unit_name = unit ? unit->name : "#" + std::to_string(unit_id);
  std::set<std::int64_t> by_hand;
  if (!all) {
    // The print messages still queued name their notice at the end of the reference.
    const std::string prefix = reference_of(id) + "notice:";
    for (const auto& m : notify::Outbox(db_).to_print({prefix, true}, 1'000'000))
      by_hand.insert(std::strtoll(m.reference.c_str() + prefix.size(), nullptr, 10));
  }
  std::map<std::int64_t, std::pair<std::string, std::optional<std::string>>> points;
  const auto signer = signer_for(key_, id);
  for (auto& n : notices) {
    if (!all && !by_hand.contains(n.id)) continue;
    show_deadline(*a, n);
    auto point = points.find(n.assembly_facility_id);
    if (point == points.end()) {
      auto f = registry_.facilities.get(who, n.assembly_facility_id);
      point = points
                  .emplace(n.assembly_facility_id,
                           f ? std::pair{f->name, f->address}
                             : std::pair{"#" + std::to_string(n.assembly_facility_id),
                                         std::optional<std::string>()})
                  .first;
    }
    PrintedNotice p;
    p.token = signer->token(n.id, n.code);
    p.point_name = point->second.first;
    p.point_address = point->second.second;
    p.notice = std::move(n);
    batch.notices.push_back(std::move(p));
  }
  return batch;
}

core::Result<Reminder> Activations::remind(const auth::Principal& who, const auth::Actor& actor,
                                           std::int64_t id, const Json& body) {
  core::JsonFields f(body);
  auto unit = f.i64("unit_id", false, 1);
  if (who.is(auth::Role::commander) && !unit)
    f.add("unit_id", "A commander reminds the people of one of their units: name it.");
  if (auto s = f.finish("The reminder"); !s) return fail(s.error());
  std::optional<Activation> a;
  if (who.in(kWriters)) {
    auto v = visible(who, id, true);
    if (!v) return fail(v.error());
    a = *v;
  } else if (who.is(auth::Role::commander)) {
    // A commander sees no activation as such, only the units of their subtree in it.
    if (!registry_.units.get(who, *unit))
      return fail(Error::invalid("The reminder names a unit outside your command.",
                                 {{"unit_id", "is not a unit you command"}}));
    a = db_.read([&](storage::Tx& tx) { return activation_store::get(tx, id); });
    if (!a || db_.read([&](storage::Tx& tx) {
          return activation_store::notices_of_unit(tx, id, *unit).empty();
        }))
      return fail(not_found(id));
  } else {
    return fail(Error::forbidden("You may not send reminders."));
  }
  if (auto s = may_record(a->phase); !s)
    return fail(Error::conflict("Reminders go only while the activation is active."));
  if (unit) {
    auto plan = db_.read([&](storage::Tx& tx) { return plan_store::get(tx, a->plan_id); });
    if (!plan ||
        std::ranges::none_of(plan->units, [&](const PlanUnit& u) { return u.unit_id == *unit; }))
      return fail(Error::invalid("The reminder names a unit the activation does not call up.",
                                 {{"unit_id", "is not a unit of the activation"}}));
  }

  // Contacts as the registry has them now (a phone number may have been corrected since).
  auto pending =
      db_.read([&](storage::Tx& tx) { return activation_store::unanswered(tx, id, unit); });
  for (auto& n : pending)
    if (auto p = registry_.people.get(who, n.person_id)) {
      n.phone = p->phone;
      n.email = p->email;
    }
  return db_.write([&](storage::Tx& tx) -> core::Result<Reminder> {
    auto current = activation_store::get(tx, id);
    if (!current) return fail(not_found(id));
    if (auto s = may_record(current->phase); !s)
      return fail(Error::conflict("Reminders go only while the activation is active."));
    const auto now = core::now_us();
    if (auto last = activation_store::last_reminder(tx, id, unit);
        last && now - *last < kReminderPause) {
      Error e = Error::conflict("A reminder went to these people at " +
                                view::format_time(*last, time_zone_) + "; the next may go at " +
                                view::format_time(*last + kReminderPause, time_zone_) +
                                " (30 minutes apart).");
      e.retry_after = (*last + kReminderPause - now) / 1'000'000 + 1;
      return fail(e);
    }
    auto plan = plan_store::get(tx, current->plan_id);
    if (!plan) return fail(Error::conflict("The activation's plan no longer exists."));
    Reminder r;
    r.at = now;
    const auto link_origin = origin();
    std::vector<notify::NewMessage> messages;
    for (const auto& n : pending) {
      auto m = notice_message(
          *current, n,
          reminder_text(*plan, n, current->deadline_at.value_or(now), time_zone_, link_origin),
          reference_of(id) + "reminder:" + std::to_string(n.id), false);
      ++(m ? r.queued : r.by_hand);
      if (m) messages.push_back(std::move(*m));
    }
    if (auto ids = notify::enqueue_many(tx, messages); !ids) return fail(ids.error());
    activation_store::insert_reminder(tx, id, unit, who.login, now, r.queued);
    Json view{{"queued", r.queued}, {"by_hand", r.by_hand}};
    view["unit_id"] = unit ? Json(*unit) : Json(nullptr);
    auth::audit(tx, actor, "activation.remind", "activation", std::to_string(id), nullptr, view);
    return r;
  });
}

}  // namespace qorgan::activation
