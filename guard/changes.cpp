// Guarding: changes to a finished roster (a replacement, a swap), each re-checked against every
// hard rule on the whole roster and stored as a new version.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "auth/audit.hpp"
#include "core/time.hpp"
#include "guard/access.hpp"
#include "guard/checker.hpp"
#include "guard/duties.hpp"
#include "guard/duty_json.hpp"
#include "guard/duty_store.hpp"

namespace qorgan::guard {

using core::Error;
using core::fail;
using core::Json;
using Pair = std::pair<std::int64_t, std::int64_t>;  // shift id, person id

struct Duties::Current {
  RosterRun run;
  Day from = 0;
  DutyModel model;
  std::vector<RosterShift> stored;                // at the current version
  std::map<std::int64_t, std::size_t> shift_of;   // stored shift id → model shift index
  std::map<std::int64_t, std::size_t> person_of;  // person id → model person index
  Roster roster;

  // The roster with `removed` taken off and `added` put on (unknown people are left out).
  Roster with(const std::vector<Pair>& removed, const std::vector<Pair>& added) const {
    Roster r = roster;
    for (const auto& [shift, person] : removed) {
      auto s = shift_of.find(shift);
      auto p = person_of.find(person);
      if (s == shift_of.end() || p == person_of.end()) continue;
      std::erase(r.guards[s->second], p->second);
    }
    for (const auto& [shift, person] : added) {
      auto s = shift_of.find(shift);
      auto p = person_of.find(person);
      if (s == shift_of.end() || p == person_of.end()) continue;
      r.guards[s->second].push_back(p->second);
    }
    refill(r);
    return r;
  }
  // The checker wants every shift below target listed with its counts.
  void refill(Roster& r) const {
    r.unfilled.clear();
    for (std::size_t i = 0; i < r.shifts.size(); ++i) {
      const auto& post = model.instance.posts[r.shifts[i].post];
      const int n = int(r.guards[i].size());
      if (n < post.target_guards)
        r.unfilled.push_back(
            {i, std::max(0, post.min_guards - n), post.target_guards - n, Reason::all_assigned});
    }
  }
  std::set<std::string> violations(const Roster& r) const {
    auto v = check(model.instance, from, run.days, r).violations;
    return {v.begin(), v.end()};
  }
};

namespace {

// What a change breaks that the roster did not break before.
std::vector<std::string> new_violations(const std::set<std::string>& before,
                                        const std::set<std::string>& after) {
  std::vector<std::string> out;
  std::ranges::set_difference(after, before, std::back_inserter(out));
  return out;
}

// The checker's words with the solver's ids made readable: a post's id becomes its name, a
// person's id their name, the eligibility skill what it stands for. The console's catalogue
// translates each kind of line as a whole (console/i18n_messages.cpp, "the roster's rules").
std::string readable(std::string line, const std::map<std::string, std::string>& post_names,
                     const std::map<std::string, std::string>& person_names) {
  static const std::regex id(R"re(post-(\d+)/pattern-\d+|person "(\d+)")re");
  static const std::regex eligible(R"(skill "@eligible:\d+")");
  std::string out;
  auto at = line.cbegin();
  for (std::sregex_iterator m(line.begin(), line.end(), id), end; m != end; ++m) {
    out.append(at, (*m)[0].first);
    if ((*m)[1].matched) {
      auto name = post_names.find((*m)[1].str());
      out += name == post_names.end() ? (*m)[0].str() : name->second;
    } else {
      auto name = person_names.find((*m)[2].str());
      out += name == person_names.end() ? (*m)[0].str() : "person \"" + name->second + "\"";
    }
    at = (*m)[0].second;
  }
  out.append(at, line.cend());
  return std::regex_replace(out, eligible, "membership of a unit that guards the facility");
}

Error broken(const std::string& what, const std::vector<std::string>& v,
             const std::map<std::string, std::string>& post_names,
             const std::map<std::string, std::string>& person_names) {
  std::vector<core::FieldError> fields;
  for (std::size_t i = 0; i < v.size() && i < 10; ++i)
    fields.push_back({what, readable(v[i], post_names, person_names)});
  std::string first = "The change would break the roster's rules: ";
  first += readable(v.front(), post_names, person_names);
  return Error::invalid(std::move(first), std::move(fields));
}

}  // namespace

core::Result<Duties::Current> Duties::current(const RosterRun& run) {
  if (run.status != kDone)
    return fail(Error::conflict("The roster is " + run.status + "; only a finished one changes."));
  Current c;
  c.run = run;
  auto text = db_.read([&](storage::Tx& tx) { return duty_store::roster_posts(tx, run.id); });
  Json j = Json::parse(text.value_or("{}"), nullptr, false);
  if (j.is_discarded()) return fail(Error::internal("The roster's stored posts are not JSON."));
  DutyInput input;
  posts_from_json(j, input);
  c.from = input.from;
  input.people = duty_pool(c.from, input.days);
  c.model = build_model(input);
  for (std::size_t i = 0; i < c.model.person_ids.size(); ++i)
    c.person_of[c.model.person_ids[i]] = i;
  c.roster.shifts = expand_shifts(c.model.instance, c.from, run.days);
  c.roster.guards.resize(c.roster.shifts.size());
  std::map<std::pair<std::string, Timestamp>, std::size_t> by_key;
  for (std::size_t i = 0; i < c.roster.shifts.size(); ++i)
    by_key[{c.model.instance.posts[c.roster.shifts[i].post].id, c.roster.shifts[i].start}] = i;
  c.stored = db_.read([&](storage::Tx& tx) { return duty_store::shifts(tx, run.id, run.version); });
  for (const auto& s : c.stored) {
    auto it = by_key.find({s.model_post, s.starts_at});
    if (it == by_key.end()) continue;
    c.shift_of[s.id] = it->second;
    for (auto g : s.guards)
      if (auto p = c.person_of.find(g); p != c.person_of.end())
        c.roster.guards[it->second].push_back(p->second);
  }
  c.refill(c.roster);
  return c;
}

core::Result<std::vector<Candidate>> Duties::replacements(const auth::Principal& who,
                                                          std::int64_t id, std::int64_t shift_id,
                                                          std::int64_t person_id) {
  if (!who.in(kChangers)) return fail(Error::forbidden("Your role does not change rosters."));
  auto run = visible_roster(who, id);
  if (!run) return fail(run.error());
  if (!registry_.people.get(who, person_id))
    return fail(Error::invalid("The person is unknown or not one of your people.",
                               {{"person_id", "not in your scope"}}));
  auto c = current(*run);
  if (!c) return fail(c.error());
  auto stored = std::ranges::find(c->stored, shift_id, &RosterShift::id);
  if (stored == c->stored.end() || !c->shift_of.contains(shift_id))
    return fail(Error::invalid("The roster has no such shift.", {{"shift_id", "not in roster"}}));
  if (std::ranges::find(stored->guards, person_id) == stored->guards.end())
    return fail(
        Error::invalid("The person is not on this shift.", {{"person_id", "not on the shift"}}));
  const std::size_t mi = c->shift_of[shift_id];
  const auto& ms = c->roster.shifts[mi];
  const auto& post = c->model.instance.posts[ms.post];
  const auto before = c->violations(c->roster);
  // Nearest first (measured as the roster measured travel) among those who hold the post's
  // skills that day; each is checked on the whole roster, and the first ten that break nothing
  // are proposed.
  auto road = road_distance(*run, c->model.instance);
  if (!road) return fail(road.error());
  const StraightLine line;
  const Distance& distance = *road ? static_cast<const Distance&>(**road) : line;
  std::vector<std::pair<double, std::size_t>> near;
  for (std::size_t p = 0; p < c->model.instance.people.size(); ++p) {
    const auto& person = c->model.instance.people[p];
    if (std::ranges::find(c->roster.guards[mi], p) != c->roster.guards[mi].end()) continue;
    bool skilled = std::ranges::all_of(post.skills, [&](const std::string& skill) {
      return std::ranges::any_of(person.skills, [&](const SkillGrant& g) {
        return g.skill == skill && g.from <= ms.day && ms.day <= g.to;
      });
    });
    if (skilled) near.push_back({distance.km(person.home, post.location), p});
  }
  std::ranges::sort(near);
  std::vector<Candidate> out;
  for (const auto& [km, p] : near) {
    if (out.size() >= 10) break;
    const std::int64_t pid = c->model.person_ids[p];
    auto after = c->with({{shift_id, person_id}}, {{shift_id, pid}});
    if (!new_violations(before, c->violations(after)).empty()) continue;
    double hours = 0;
    for (std::size_t i = 0; i < after.shifts.size(); ++i)
      if (std::ranges::find(after.guards[i], p) != after.guards[i].end() &&
          std::abs(after.shifts[i].start - ms.start) < 84 * kHour)
        hours += double(after.shifts[i].end - after.shifts[i].start) / kHour;
    out.push_back({pid, person_name(pid), km, hours});
  }
  return out;
}

core::Result<RosterRun> Duties::replace(const auth::Principal& who, const auth::Actor& actor,
                                        std::int64_t id, const Json& body) {
  if (!who.in(kChangers)) return fail(Error::forbidden("Your role does not change rosters."));
  core::JsonFields f(body);
  auto shift = f.i64("shift_id", true, 1);
  auto person = f.i64("person_id", true, 1);
  auto replacement = f.i64("replacement_id", true, 1);
  auto reason = f.str("reason", true, 500);
  if (person && replacement && *person == *replacement)
    f.add("replacement_id", "must be someone else");
  if (auto s = f.finish("The replacement"); !s) return fail(s.error());
  for (auto [field, pid] : {std::pair{"person_id", *person}, {"replacement_id", *replacement}})
    if (!registry_.people.get(who, pid))
      return fail(Error::invalid("The person is unknown or not one of your people.",
                                 {{field, "not in your scope"}}));
  return change(who, actor, id, "replacement", {{*shift, *person}}, {{*shift, *replacement}},
                *reason);
}

core::Result<RosterRun> Duties::swap(const auth::Principal& who, const auth::Actor& actor,
                                     std::int64_t id, const Json& body) {
  if (!who.in(kChangers)) return fail(Error::forbidden("Your role does not change rosters."));
  core::JsonFields f(body);
  Pair a{0, 0}, b{0, 0};
  for (auto [name, into] : {std::pair{"first", &a}, {"second", &b}}) {
    if (const Json* side = f.object(name, true)) {
      core::JsonFields g(*side);
      if (auto v = g.i64("shift_id", true, 1)) into->first = *v;
      if (auto v = g.i64("person_id", true, 1)) into->second = *v;
      f.absorb(g, name);
    }
  }
  auto reason = f.str("reason", true, 500);
  if (a.second && a.second == b.second) f.add("second.person_id", "must be someone else");
  if (a.first && a.first == b.first) f.add("second.shift_id", "must be another shift");
  if (auto s = f.finish("The swap"); !s) return fail(s.error());
  for (auto [field, pid] : {std::pair{"first.person_id", a.second}, {"second.person_id", b.second}})
    if (!registry_.people.get(who, pid))
      return fail(Error::invalid("The person is unknown or not one of your people.",
                                 {{field, "not in your scope"}}));
  return change(who, actor, id, "swap", {a, b}, {{a.first, b.second}, {b.first, a.second}},
                *reason);
}

core::Result<Json> Duties::check_change(const RosterRun& run, const std::string& kind,
                                        const std::vector<Pair>& removed,
                                        const std::vector<Pair>& added, const std::string& reason) {
  auto c = current(run);
  if (!c) return fail(c.error());
  for (const auto& [shift, person] : removed) {
    auto s = std::ranges::find(c->stored, shift, &RosterShift::id);
    if (s == c->stored.end() || !c->shift_of.contains(shift))
      return fail(Error::invalid("The roster has no such shift.", {{"shift_id", "not in roster"}}));
    if (std::ranges::find(s->guards, person) == s->guards.end())
      return fail(
          Error::invalid("The person is not on this shift.", {{"person_id", "not on the shift"}}));
  }
  for (const auto& [shift, person] : added) {
    if (!c->person_of.contains(person))
      return fail(Error::invalid("The person may not stand at this roster's posts on these dates.",
                                 {{"person_id", "not eligible"}}));
    auto s = std::ranges::find(c->stored, shift, &RosterShift::id);
    if (std::ranges::find(s->guards, person) != s->guards.end() &&
        std::ranges::find(removed, Pair{shift, person}) == removed.end())
      return fail(Error::invalid("The person is already on this shift.",
                                 {{"person_id", "already on the shift"}}));
  }
  auto broke = new_violations(c->violations(c->roster), c->violations(c->with(removed, added)));
  if (!broke.empty()) {
    std::map<std::string, std::string> names;
    for (const auto& s : c->stored)
      if (!names.contains(std::to_string(s.post_id)))
        if (auto p = db_.read([&](storage::Tx& tx) { return duty_store::post(tx, s.post_id); }))
          names[std::to_string(s.post_id)] = p->name;
    std::map<std::string, std::string> people;
    for (const auto& [shift, person] : added) people[std::to_string(person)] = person_name(person);
    for (const auto& [shift, person] : removed)
      people[std::to_string(person)] = person_name(person);
    return fail(broken(kind, broke, names, people));
  }

  auto describe = [&](const std::vector<Pair>& pairs) {
    Json out = Json::array();
    for (const auto& [shift, person] : pairs) {
      auto s = std::ranges::find(c->stored, shift, &RosterShift::id);
      out.push_back({{"shift_id", shift},
                     {"person_id", person},
                     {"post_id", s->post_id},
                     {"starts_local", format_local(s->starts_at, settings_.zone)}});
    }
    return out;
  };
  return Json{{"removed", describe(removed)}, {"added", describe(added)}, {"reason", reason}};
}

core::Result<RosterRun> Duties::change(const auth::Principal& who, const auth::Actor& actor,
                                       std::int64_t id, const std::string& kind,
                                       const std::vector<Pair>& removed,
                                       const std::vector<Pair>& added, const std::string& reason,
                                       const std::function<core::Status(storage::Tx&, int)>& also) {
  auto run = visible_roster(who, id);
  if (!run) return fail(run.error());
  auto diff = check_change(*run, kind, removed, added, reason);
  if (!diff) return fail(diff.error());
  const int to = run->version + 1;
  return db_.write([&](storage::Tx& tx) -> core::Result<RosterRun> {
    if (!duty_store::bump_version(tx, id, run->version, to, core::now_us()))
      return fail(Error::conflict("The roster changed meanwhile; look again and retry."));
    for (const auto& [shift, person] : removed)
      if (!duty_store::end_assignment(tx, id, shift, person, to))
        return fail(Error::conflict("The roster changed meanwhile; look again and retry."));
    duty_store::insert_assignments(tx, id, to, added);
    duty_store::insert_version(tx, {id, to, kind, *diff, actor.login, core::now_us()});
    auth::audit(tx, actor, "guard_roster." + kind, "guard_roster", std::to_string(id),
                {{"version", run->version}}, {{"version", to}, {"change", *diff}});
    if (also)
      if (auto s = also(tx, to); !s) return fail(s.error());
    return *duty_store::roster(tx, id);
  });
}

}  // namespace qorgan::guard
