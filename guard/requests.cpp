// Guarding: what people ask for themselves. A sick report marks its person unavailable on its
// days (rosters made afterwards leave them out, and each published shift it touches is shown to
// those who change the person's rosters, whose replacements keep every rule); a swap request
// gives one's own shift for another person's, and becomes a new version of the roster when the
// other person, or someone who changes rosters for them, approves it. Each step is audited.
// Filing a sick report and ending it early (withdrawn by its author, cancelled by someone who
// changes the person's rosters) each tell the commanders of the person's units through the
// outbox, in the commander's language, in the transaction that stores the step.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "guard/access.hpp"
#include "guard/duties.hpp"
#include "guard/duty_json.hpp"
#include "guard/duty_store.hpp"
#include "guard/words.hpp"
#include "notify/outbox.hpp"

namespace qorgan::guard {

using core::Error;
using core::fail;
using core::Json;

namespace {

constexpr int kLongestSickReport = 92;  // days; longer absences are the registry's to record

Error no_person() {
  return Error::forbidden("Your account is not linked to a person.");
}

Error request_not_found(std::int64_t id) {
  return Error::not_found("No swap request has id " + std::to_string(id) + ".");
}

Error report_not_found(std::int64_t id) {
  return Error::not_found("No sick report has id " + std::to_string(id) + ".");
}

// What a commander is told of a sick report's step (kFiled, kWithdrawn, kCancelled), in their
// language: kk, ru or en, all three when they chose none. `by`: who cancelled it.
std::pair<std::string, std::string> sick_words(const std::string& language, const SickReport& r,
                                               const std::string& step, const std::string& by) {
  auto one = [&](std::string_view lang) {
    const char* text = step == kFiled ? "Qorgan: sick report — {0}, {1} – {2}."
                       : step == kWithdrawn
                           ? "Qorgan: sick report withdrawn — {0}, {1} – {2}."
                           : "Qorgan: sick report cancelled ({3}) — {0}, {1} – {2}.";
    std::string out = sayf(lang, text, r.name, r.from_date, r.to_date, by);
    if (step == kFiled && !r.note.empty()) out += " " + r.note;
    if (step != kFiled)
      out += " " + say(lang, "Replacements already made stay; new rosters count the person again.");
    return std::pair<std::string, std::string>{say(lang, "Sick report") + ": " + r.name, out};
  };
  if (view::is_language(language)) return one(language);
  std::pair<std::string, std::string> all;
  for (const char* l : {"kk", "ru", "en"}) {
    auto [subject, text] = one(l);
    all.first += (all.first.empty() ? "" : " / ") + subject;
    all.second += (all.second.empty() ? "" : "\n") + text;
  }
  return all;
}

// A commander to tell, and the message for them (e-mail, else SMS, else for printing).
struct Notice {
  std::int64_t commander_id = 0;
  std::string step;
  notify::NewMessage message;
};

// The notices of a sick report's step to the commanders of the person's current units (not the
// person themselves), as the registry has them now. Looked up before the write transaction.
std::vector<Notice> sick_notices(registry::Registry& registry, const SickReport& r,
                                 const std::string& step, const std::string& by) {
  const auto system = auth::system_principal("guard");
  std::vector<Notice> out;
  auto memberships = registry.people.memberships(system, r.person_id);
  if (!memberships) return out;
  std::set<std::int64_t> told;
  for (const auto& m : *memberships) {
    if (!m.current) continue;
    auto unit = registry.units.get(system, m.unit_id);
    if (!unit || !unit->commander_id || *unit->commander_id == r.person_id ||
        !told.insert(*unit->commander_id).second)
      continue;
    auto c = registry.people.get(system, *unit->commander_id);
    if (!c) continue;
    auto [subject, text] = sick_words(c->language.value_or(""), r, step, by);
    notify::NewMessage msg{.subject = subject, .text = text, .reference = "guard:sick"};
    const std::pair<const char*, std::optional<std::string>> ways[] = {
        {"email", c->email}, {"sms", c->phone}, {"print", c->family_name + " " + c->given_name}};
    for (const auto& [channel, to] : ways) {
      if (!to || to->empty()) continue;
      msg.channel = channel;
      msg.recipient = *to;
      if (notify::validate(msg)) break;
      msg.channel.clear();
    }
    if (!msg.channel.empty()) out.push_back({c->id, step, std::move(msg)});
  }
  return out;
}

// Enqueues the notices in the caller's transaction; what the audit entry records of them.
core::Result<Json> enqueue_notices(storage::Tx& tx, std::vector<Notice>& notices,
                                   std::int64_t report_id) {
  Json out = Json::array();
  for (auto& n : notices) {
    // The report's id is known only once it is stored.
    n.message.reference = fmt::format("guard:sick:{}:{}:{}", report_id, n.step, n.commander_id);
    auto id = notify::enqueue(tx, n.message);
    if (!id) return fail(id.error());
    out.push_back(
        {{"commander_id", n.commander_id}, {"channel", n.message.channel}, {"message_id", *id}});
  }
  return out;
}

}  // namespace

std::vector<registry::DutyPerson> Duties::duty_pool(Day from, int days) {
  const std::string first = core::format_date(date_of(from - 1));
  const std::string last = core::format_date(date_of(from + days));
  auto people = registry_.people.duty_pool(first, last);
  auto reports = db_.read([&](storage::Tx& tx) {
    return duty_store::sick_reports(tx, {}, first, std::numeric_limits<int>::max(), true);
  });
  std::map<std::int64_t, std::vector<const SickReport*>> by_person;
  for (const auto& r : reports)
    if (r.from_date <= last) by_person[r.person_id].push_back(&r);
  for (auto& p : people)
    if (auto it = by_person.find(p.id); it != by_person.end())
      for (const auto* r : it->second)
        p.unavailable.push_back({r->from_date, r->to_date, std::string("sick")});
  return people;
}

core::Result<SickReport> Duties::report_sick(const auth::Principal& who, const auth::Actor& actor,
                                             const Json& body) {
  if (!who.in(kPeople)) return fail(Error::forbidden("Your role has no duties."));
  if (!who.person_id) return fail(no_person());
  SickReport r;
  r.person_id = *who.person_id;
  core::JsonFields f(body);
  auto from = f.str("from", true, 10);
  auto to = f.str("to", true, 10);
  std::optional<core::Date> a, b;
  if (from && !(a = core::parse_date(*from))) f.add("from", "must be a date YYYY-MM-DD");
  if (to && !(b = core::parse_date(*to))) f.add("to", "must be a date YYYY-MM-DD");
  if (a && b && day_of(*b) < day_of(*a)) f.add("to", "must not be before from");
  if (a && b && day_of(*b) - day_of(*a) >= kLongestSickReport)
    f.add("to", fmt::format("at most {} days after from", kLongestSickReport - 1));
  if (auto v = f.str("note", false, 500)) r.note = core::trim(*v);
  if (auto s = f.finish("The sick report"); !s) return fail(s.error());
  r.from_date = *from;
  r.to_date = *to;
  r.created_by = actor.login;
  r.created_at = core::now_us();
  r.name = person_name(r.person_id);
  auto notices = sick_notices(registry_, r, kFiled, actor.login);
  auto stored = db_.write([&](storage::Tx& tx) -> core::Result<SickReport> {
    r.id = duty_store::insert_sick_report(tx, r);
    auto told = enqueue_notices(tx, notices, r.id);
    if (!told) return fail(told.error());
    auth::audit(tx, actor, "guard_sick.report", "person", std::to_string(r.person_id), nullptr,
                {{"id", r.id}, {"from", r.from_date}, {"to", r.to_date}, {"notices", *told}});
    return r;
  });
  if (!stored) return stored;
  fill(*stored);
  return stored;
}

void Duties::fill(SickReport& r) {
  r.name = person_name(r.person_id);
  if (r.status != kFiled) return;  // its shifts no longer want a replacement
  const Day first = day_of(*core::parse_date(r.from_date));
  const Day last = day_of(*core::parse_date(r.to_date));
  const Timestamp from = local_instant(settings_.zone, first, 0);
  const Timestamp to = local_instant(settings_.zone, last + 1, 0);
  r.duties = db_.read(
      [&](storage::Tx& tx) { return duty_store::duties(tx, r.person_id, from, to, false); });
}

core::Result<std::vector<SickReport>> Duties::sick_reports(const auth::Principal& who,
                                                           const std::string& ends_from) {
  if (!core::parse_date(ends_from))
    return fail(Error::invalid("The date is not valid.", {{"from", "must be a date YYYY-MM-DD"}}));
  std::vector<SickReport> out;
  if (who.in(kReaders)) {
    // Those of the people the caller sees in the registry: a commander's own unit's people.
    auto all =
        db_.read([&](storage::Tx& tx) { return duty_store::sick_reports(tx, {}, ends_from, 500); });
    for (auto& r : all)
      if ((who.person_id && r.person_id == *who.person_id) ||
          registry_.people.get(who, r.person_id))
        out.push_back(std::move(r));
  } else if (who.in(kPeople)) {
    if (!who.person_id) return fail(no_person());
    out = db_.read([&](storage::Tx& tx) {
      return duty_store::sick_reports(tx, {*who.person_id}, ends_from, 100);
    });
  } else {
    return fail(Error::forbidden("Your role has no duties."));
  }
  for (auto& r : out) fill(r);
  return out;
}

core::Result<SickReport> Duties::close_sick(const auth::Principal& who, const auth::Actor& actor,
                                            std::int64_t id, const Json& body) {
  if (!who.in(kPeople)) return fail(Error::forbidden("Your role has no duties."));
  core::JsonFields f(body);
  std::optional<std::string> note;
  if (auto v = f.str("note", false, 500)) note = core::trim(*v);
  if (auto s = f.finish("The withdrawal"); !s) return fail(s.error());
  auto r = db_.read([&](storage::Tx& tx) { return duty_store::sick_report(tx, id); });
  if (!r) return fail(report_not_found(id));
  const bool author = who.person_id && *who.person_id == r->person_id;
  const bool seen = !author && who.in(kReaders) && registry_.people.get(who, r->person_id);
  if (!author && !seen) return fail(report_not_found(id));
  if (!author && !who.in(kChangers))
    return fail(Error::forbidden("Only its author or their commander ends a sick report."));
  if (r->status != kFiled)
    return fail(Error::conflict(r->status == kWithdrawn ? "The sick report is already withdrawn."
                                                        : "The sick report is already cancelled."));
  const std::string today = format_local(core::now_us(), settings_.zone).substr(0, 10);
  if (r->to_date < today)
    return fail(Error::conflict("The sick report has ended (" + r->to_date + ")."));
  const std::string status = author ? kWithdrawn : kCancelled;
  r->name = person_name(r->person_id);
  auto notices = sick_notices(registry_, *r, status, actor.login);
  auto done = db_.write([&](storage::Tx& tx) -> core::Status {
    if (!duty_store::close_sick_report(tx, id, status, actor.login, core::now_us(), note))
      return fail(Error::conflict("The sick report was ended meanwhile."));
    auto told = enqueue_notices(tx, notices, id);
    if (!told) return fail(told.error());
    auth::audit(tx, actor, author ? "guard_sick.withdraw" : "guard_sick.cancel", "person",
                std::to_string(r->person_id), {{"id", id}, {"status", kFiled}},
                {{"id", id},
                 {"status", status},
                 {"note", note ? Json(*note) : Json()},
                 {"notices", *told}});
    return {};
  });
  if (!done) return fail(done.error());
  auto out = db_.read([&](storage::Tx& tx) { return duty_store::sick_report(tx, id); });
  fill(*out);
  return *out;
}

namespace {

// Whether `who` may approve or decline a request on the second person's behalf: that person,
// or someone who changes rosters and sees them in the registry, other than the one who asked.
bool approver(const auth::Principal& who, const SwapRequest& q, registry::Registry& registry) {
  if (who.person_id && *who.person_id == q.first_person_id) return false;
  if (who.person_id && *who.person_id == q.second_person_id) return true;
  return who.in(kChangers) && registry.people.get(who, q.second_person_id).has_value();
}

}  // namespace

core::Result<SwapRequest> Duties::request_swap(const auth::Principal& who, const auth::Actor& actor,
                                               const Json& body) {
  if (!who.in(kPeople)) return fail(Error::forbidden("Your role has no duties."));
  if (!who.person_id) return fail(no_person());
  SwapRequest q;
  q.first_person_id = *who.person_id;
  core::JsonFields f(body);
  if (auto v = f.i64("roster_id", true, 1)) q.roster_id = *v;
  if (auto v = f.i64("shift_id", true, 1)) q.first_shift_id = *v;
  if (const Json* other = f.object("other", true)) {
    core::JsonFields g(*other);
    if (auto v = g.i64("shift_id", true, 1)) q.second_shift_id = *v;
    if (auto v = g.i64("person_id", true, 1)) q.second_person_id = *v;
    f.absorb(g, "other");
  }
  if (auto v = f.str("reason", true, 500)) q.reason = core::trim(*v);
  if (q.second_person_id && q.second_person_id == q.first_person_id)
    f.add("other.person_id", "must be someone else");
  if (q.second_shift_id && q.second_shift_id == q.first_shift_id)
    f.add("other.shift_id", "must be another shift");
  if (auto s = f.finish("The swap request"); !s) return fail(s.error());

  // Only one's own shift of a published roster; the other shift and person must be in it too.
  auto run = db_.read([&](storage::Tx& tx) { return duty_store::roster(tx, q.roster_id); });
  if (!run || run->status != kDone || run->state != "published")
    return fail(Error::invalid("No published roster has this id.",
                               {{"roster_id", "not a published roster"}}));
  auto mine = db_.read([&](storage::Tx& tx) {
    return duty_store::shift(tx, q.roster_id, q.first_shift_id, run->version);
  });
  if (!mine || std::ranges::find(mine->guards, q.first_person_id) == mine->guards.end())
    return fail(Error::invalid("You are not on this shift.", {{"shift_id", "not your shift"}}));
  auto theirs = db_.read([&](storage::Tx& tx) {
    return duty_store::shift(tx, q.roster_id, q.second_shift_id, run->version);
  });
  if (!theirs || std::ranges::find(theirs->guards, q.second_person_id) == theirs->guards.end())
    return fail(Error::invalid("The other person is not on that shift.",
                               {{"other.shift_id", "not their shift"}}));
  // Refused now rather than after someone approves it.
  const std::vector<std::pair<std::int64_t, std::int64_t>> removed{
      {q.first_shift_id, q.first_person_id}, {q.second_shift_id, q.second_person_id}};
  const std::vector<std::pair<std::int64_t, std::int64_t>> added{
      {q.first_shift_id, q.second_person_id}, {q.second_shift_id, q.first_person_id}};
  if (auto c = check_change(*run, "swap", removed, added, q.reason); !c) {
    core::Error e = c.error();
    for (auto& field : e.fields)
      if (field.field == "swap" || field.field == "person_id" || field.field == "shift_id")
        field.field = "other";
    return fail(e);
  }
  q.requested_by = actor.login;
  q.created_at = core::now_us();
  auto stored = db_.write([&](storage::Tx& tx) -> core::Result<SwapRequest> {
    if (duty_store::pending_swap_for(tx, q.first_shift_id, q.first_person_id) ||
        duty_store::pending_swap_for(tx, q.second_shift_id, q.second_person_id))
      return fail(
          Error::conflict("A swap of one of these shifts is already waiting for approval."));
    q.id = duty_store::insert_swap_request(tx, q);
    auth::audit(tx, actor, "guard_swap.request", "guard_swap_request", std::to_string(q.id),
                nullptr, to_json(q, settings_.zone));
    return *duty_store::swap_request(tx, q.id);
  });
  if (!stored) return stored;
  stored->first_name = person_name(stored->first_person_id);
  stored->second_name = person_name(stored->second_person_id);
  return stored;
}

core::Result<std::vector<SwapRequest>> Duties::swap_requests(const auth::Principal& who,
                                                             const std::string& status) {
  if (!who.in(kPeople)) return fail(Error::forbidden("Your role has no duties."));
  if (!status.empty() && status != kPending && status != kApproved && status != kDeclined &&
      status != kWithdrawn)
    return fail(
        Error::invalid("The status is not valid.",
                       {{"status", "must be one of: pending, approved, declined, withdrawn"}}));
  auto all = db_.read([&](storage::Tx& tx) { return duty_store::swap_requests(tx, status, 500); });
  std::vector<SwapRequest> out;
  for (auto& q : all) {
    const bool mine = who.person_id &&
                      (*who.person_id == q.first_person_id || *who.person_id == q.second_person_id);
    // Readers (auditors, headquarters, commanders) see those of the people they see.
    if (mine || approver(who, q, registry_) ||
        (who.in(kReaders) && registry_.people.get(who, q.first_person_id))) {
      q.first_name = person_name(q.first_person_id);
      q.second_name = person_name(q.second_person_id);
      out.push_back(std::move(q));
    }
  }
  return out;
}

core::Result<SwapRequest> Duties::decide_swap(const auth::Principal& who, const auth::Actor& actor,
                                              std::int64_t id, bool approve, const Json& body) {
  if (!who.in(kPeople)) return fail(Error::forbidden("Your role has no duties."));
  core::JsonFields f(body);
  std::optional<std::string> note;
  if (auto v = f.str("note", false, 500)) note = core::trim(*v);
  if (auto s = f.finish("The decision"); !s) return fail(s.error());
  auto q = db_.read([&](storage::Tx& tx) { return duty_store::swap_request(tx, id); });
  const bool asker = q && who.person_id && *who.person_id == q->first_person_id;
  if (!q || !(asker || approver(who, *q, registry_) ||
              (who.in(kReaders) && registry_.people.get(who, q->first_person_id))))
    return fail(request_not_found(id));
  if (q->status != kPending)
    return fail(Error::conflict("The swap request is already " + q->status + "."));
  // The one who asked may withdraw it; only the other person or their commander decides it.
  if (!approver(who, *q, registry_) && !(asker && !approve))
    return fail(Error::forbidden(asker ? "Someone else approves your swap request."
                                       : "Only the other person or their commander decides."));
  const std::string status = approve ? kApproved : asker ? kWithdrawn : kDeclined;
  auto decided = [&](storage::Tx& tx, std::optional<int> version) -> core::Status {
    if (!duty_store::decide_swap_request(tx, id, status, actor.login, core::now_us(), note,
                                         version))
      return fail(Error::conflict("The swap request was decided meanwhile."));
    auth::audit(tx, actor,
                "guard_swap." + std::string(approve ? "approve"
                                            : asker ? "withdraw"
                                                    : "decline"),
                "guard_swap_request", std::to_string(id), {{"status", kPending}},
                {{"status", status},
                 {"note", note ? Json(*note) : Json()},
                 {"version", version ? Json(*version) : Json()}});
    return {};
  };
  if (!approve) {
    auto done =
        db_.write([&](storage::Tx& tx) -> core::Status { return decided(tx, std::nullopt); });
    if (!done) return fail(done.error());
  } else {
    // The approval is the change: checked again on the roster as it is now, stored as a new
    // version with the request's decision in the same transaction. The approver may be the
    // other person, who does not read rosters: the roster is reached on the request's account.
    auto changed =
        change(auth::system_principal("guard"), actor, q->roster_id, "swap",
               {{q->first_shift_id, q->first_person_id}, {q->second_shift_id, q->second_person_id}},
               {{q->first_shift_id, q->second_person_id}, {q->second_shift_id, q->first_person_id}},
               q->reason, [&](storage::Tx& tx, int version) { return decided(tx, version); });
    if (!changed) return fail(changed.error());
  }
  auto out = db_.read([&](storage::Tx& tx) { return duty_store::swap_request(tx, id); });
  out->first_name = person_name(out->first_person_id);
  out->second_name = person_name(out->second_person_id);
  return *out;
}

core::Result<std::vector<SwapChoice>> Duties::swap_choices(const auth::Principal& who,
                                                           std::int64_t roster_id,
                                                           std::int64_t shift_id) {
  if (!who.in(kPeople)) return fail(Error::forbidden("Your role has no duties."));
  if (!who.person_id) return fail(no_person());
  auto run = db_.read([&](storage::Tx& tx) { return duty_store::roster(tx, roster_id); });
  if (!run || run->status != kDone || run->state != "published")
    return fail(Error::not_found("No published roster has id " + std::to_string(roster_id) + "."));
  auto shifts = db_.read([&](storage::Tx& tx) {
    auto all = duty_store::shifts(tx, roster_id, run->version);
    std::map<std::int64_t, std::string> posts;
    for (const auto& s : all)
      if (!posts.contains(s.post_id))
        if (auto p = duty_store::post(tx, s.post_id)) posts[s.post_id] = p->name;
    return std::pair{all, posts};
  });
  auto mine = std::ranges::find(shifts.first, shift_id, &RosterShift::id);
  if (mine == shifts.first.end() ||
      std::ranges::find(mine->guards, *who.person_id) == mine->guards.end())
    return fail(Error::not_found("You are not on this shift."));
  std::vector<SwapChoice> out;
  for (const auto& s : shifts.first)
    if (s.id != shift_id && std::abs(s.starts_at - mine->starts_at) <= 7 * 24 * kHour)
      for (auto p : s.guards)
        if (p != *who.person_id)
          out.push_back({s.id, p, shifts.second[s.post_id], s.starts_at, person_name(p)});
  return out;
}

}  // namespace qorgan::guard
