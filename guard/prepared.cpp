#include "guard/prepared.hpp"

#include <algorithm>
#include <map>

namespace qorgan::guard::detail {

Prepared::Prepared(const Instance& in_, Day from, int days, const Distance& d)
    : in(in_),
      distance(d),
      shifts(expand_shifts(in_, from, days)),
      first_day_(from),
      last_day_(from + days - 1) {
  std::map<std::string, int> ids;
  for (const auto& post : in.posts) {
    std::vector<int> s;
    for (const auto& name : post.skills)
      s.push_back(ids.emplace(name, int(ids.size())).first->second);
    post_skills_.push_back(std::move(s));
  }
  grants_.resize(in.people.size());
  for (std::size_t i = 0; i < in.people.size(); ++i) {
    grants_[i].resize(ids.size());
    for (const auto& g : in.people[i].skills)
      if (auto it = ids.find(g.skill); it != ids.end())
        grants_[i][it->second].emplace_back(g.from, g.to);
  }
}

bool Prepared::qualified(std::size_t person, std::size_t shift) const {
  const auto& sh = shifts[shift];
  const auto& post = in.posts[sh.post];
  const auto& p = in.people[person];
  if (post.sex != Sex::any && p.sex != post.sex) return false;
  if (post.min_age && (!p.birth || age_on(*p.birth, sh.day) < *post.min_age)) return false;
  for (int s : post_skills_[sh.post]) {
    const auto& g = grants_[person][s];
    if (!std::any_of(g.begin(), g.end(),
                     [&](auto r) { return r.first <= sh.day && sh.day <= r.second; }))
      return false;
  }
  return true;
}

bool Prepared::could_qualify(std::size_t person, std::size_t post) const {
  if (in.posts[post].sex != Sex::any && in.people[person].sex != in.posts[post].sex) return false;
  for (int s : post_skills_[post])
    if (grants_[person][s].empty()) return false;
  return true;
}

bool Prepared::available(std::size_t person, std::size_t shift) const {
  const auto& sh = shifts[shift];
  for (const auto& a : in.people[person].absences)
    if (a.from < sh.end && sh.start < a.to) return false;
  return true;
}

void Schedule::add(const PostShift& sh, std::size_t shift) {
  auto at = std::partition_point(entries_.begin(), entries_.end(),
                                 [&](const Entry& e) { return e.start <= sh.start; });
  entries_.insert(at, {sh.start, sh.end, std::uint32_t(shift)});
  longest_ = std::max(longest_, sh.end - sh.start);
}

void Schedule::remove(std::size_t shift) {
  std::erase_if(entries_, [&](const Entry& e) { return e.shift == shift; });
}

bool Prepared::qualified_throughout(std::size_t person, std::size_t post_index) const {
  const auto& post = in.posts[post_index];
  const auto& p = in.people[person];
  if (!p.absences.empty()) return false;
  if (post.sex != Sex::any && p.sex != post.sex) return false;
  // Age only grows: old enough on the first day is old enough on every day.
  if (post.min_age && (!p.birth || age_on(*p.birth, first_day_) < *post.min_age)) return false;
  for (int s : post_skills_[post_index]) {
    const auto& g = grants_[person][s];
    if (!std::any_of(g.begin(), g.end(),
                     [&](auto r) { return r.first <= first_day_ && last_day_ <= r.second; }))
      return false;
  }
  return true;
}

Fit Prepared::fits(const Schedule& schedule, std::size_t shift, Timestamp ignore_start) const {
  const auto& x = shifts[shift];
  const auto& e = schedule.entries();
  const Timestamp rest = in.rules.min_rest, week = 7 * 24 * kHour;
  // Overlap or rest: [start, end + rest) intervals meet. Only entries starting within
  // longest() + rest before x can reach it.
  auto it = std::partition_point(e.begin(), e.end(), [&](const Schedule::Entry& s) {
    return s.start + schedule.longest() + rest <= x.start;
  });
  for (; it != e.end() && it->start < x.end + rest; ++it)
    if (it->start != ignore_start && x.start < it->end + rest) return Fit::conflict;
  // Weekly hours: the windows that contain x are anchored at the starts in (x.start - 7 d,
  // x.start] and at x.start itself. One sweep: `sum` holds the hours of entries in [i, hi).
  const Timestamp len = x.end - x.start, cap = in.rules.max_per_7_days;
  auto hours = [&](auto s) { return s->start == ignore_start ? 0 : s->end - s->start; };
  auto i = std::partition_point(
      e.begin(), e.end(), [&](const Schedule::Entry& s) { return s.start <= x.start - week; });
  auto hi = i;
  Timestamp sum = 0;
  for (; i != e.end() && i->start <= x.start; ++i) {
    for (; hi != e.end() && hi->start < i->start + week; ++hi) sum += hours(hi);
    // Of entries starting together, the first one's window holds them all.
    if (i->start != ignore_start && sum + len > cap) return Fit::weekly;
    sum -= hours(i);
  }
  for (; hi != e.end() && hi->start < x.start + week; ++hi) sum += hours(hi);
  return sum + len > cap ? Fit::weekly : Fit::ok;
}

void Prepared::explain(Roster& roster, const std::vector<Schedule>& schedules) const {
  roster.unfilled.clear();
  // The furthest stage of the funnel one person reaches for shift s.
  auto stage = [&](std::size_t p, std::size_t s) {
    if (!qualified(p, s)) return 0;
    if (!available(p, s)) return 1;
    Fit f = fits(schedules[p], s, shifts[s].start);
    return f == Fit::conflict ? 2 : f == Fit::weekly ? 3 : 4;
  };
  // People who reached the last stage for an earlier slot, tried first: the reason is the
  // furthest stage anybody reaches, whoever is asked first, and one such person ends the search
  // that would otherwise ask everyone.
  std::vector<std::size_t> witnesses;
  constexpr std::size_t kWitnesses = 16;
  for (std::size_t s = 0; s < shifts.size(); ++s) {
    const auto& post = in.posts[shifts[s].post];
    int n = int(roster.guards[s].size());
    if (n >= post.target_guards) continue;
    int best = 0;
    for (std::size_t i = 0; i < witnesses.size() && best < 4; ++i)
      if (stage(witnesses[i], s) == 4) {
        best = 4;
        std::rotate(witnesses.begin(), witnesses.begin() + std::ptrdiff_t(i),
                    witnesses.begin() + std::ptrdiff_t(i) + 1);
      }
    for (std::size_t p = 0; p < in.people.size() && best < 4; ++p) {
      best = std::max(best, stage(p, s));
      if (best == 4) {
        witnesses.insert(witnesses.begin(), p);
        if (witnesses.size() > kWitnesses) witnesses.pop_back();
      }
    }
    static constexpr Reason kByStage[] = {Reason::no_skill, Reason::nobody_available,
                                          Reason::rest_limit, Reason::weekly_hours_limit,
                                          Reason::all_assigned};
    roster.unfilled.push_back(
        {s, std::max(0, post.min_guards - n), post.target_guards - n, kByStage[best]});
  }
}

}  // namespace qorgan::guard::detail
