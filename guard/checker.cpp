#include "guard/checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace qorgan::guard {

namespace {
bool has_skill(const Person& p, const std::string& skill, Day d) {
  return std::any_of(p.skills.begin(), p.skills.end(), [&](const SkillGrant& g) {
    return g.skill == skill && g.from <= d && d <= g.to;
  });
}
std::string hours(Timestamp t) {
  return fmt::format("{:.1f} h", double(t) / double(kHour));
}
}  // namespace

CheckReport check(const Instance& in, Day from, int days, const Roster& r) {
  CheckReport rep;
  auto say = [&](std::string s) { rep.violations.push_back(std::move(s)); };
  auto expected = expand_shifts(in, from, days);
  if (expected.size() != r.shifts.size()) {
    say(fmt::format("the roster has {} shifts, the instance {}", r.shifts.size(), expected.size()));
    return rep;
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto &a = expected[i], &b = r.shifts[i];
    if (a.post != b.post || a.start != b.start || a.end != b.end || a.day != b.day) {
      say(fmt::format("shift {} is not post \"{}\" at {}", i, in.posts[a.post].id,
                      format_local(a.start, in.zone)));
      return rep;
    }
  }
  if (r.guards.size() != r.shifts.size()) {
    say(fmt::format("guards are given for {} shifts of {}", r.guards.size(), r.shifts.size()));
    return rep;
  }
  auto where = [&](std::size_t s) {
    return fmt::format("post \"{}\" at {}", in.posts[r.shifts[s].post].id,
                       format_local(r.shifts[s].start, in.zone));
  };

  std::vector<std::vector<std::size_t>> by_person(in.people.size());
  for (std::size_t s = 0; s < r.shifts.size(); ++s) {
    const auto& sh = r.shifts[s];
    const auto& post = in.posts[sh.post];
    auto g = r.guards[s];
    if (int(g.size()) > post.target_guards)
      say(fmt::format("{}: {} guards, more than the target {}", where(s), g.size(),
                      post.target_guards));
    std::sort(g.begin(), g.end());
    for (std::size_t k = 0; k < g.size(); ++k) {
      if (g[k] >= in.people.size()) {
        say(fmt::format("{}: unknown person index {}", where(s), g[k]));
        continue;
      }
      if (k > 0 && g[k] == g[k - 1]) {
        say(fmt::format("{}: person \"{}\" listed twice", where(s), in.people[g[k]].id));
        continue;
      }
      const auto& p = in.people[g[k]];
      by_person[g[k]].push_back(s);
      for (const auto& skill : post.skills)
        if (!has_skill(p, skill, sh.day))
          say(fmt::format("person \"{}\" at {}: skill \"{}\" not valid on that date", p.id,
                          where(s), skill));
      if (post.sex != Sex::any && p.sex != post.sex)
        say(fmt::format("person \"{}\" at {}: the post requires sex {}", p.id, where(s),
                        char(post.sex)));
      if (post.min_age && (!p.birth || age_on(*p.birth, sh.day) < *post.min_age))
        say(fmt::format("person \"{}\" at {}: younger than {} or no birth date", p.id, where(s),
                        *post.min_age));
      for (const auto& a : p.absences)
        if (a.from < sh.end && sh.start < a.to)
          say(fmt::format("person \"{}\" at {}: absent from {} to {}", p.id, where(s),
                          format_local(a.from, in.zone), format_local(a.to, in.zone)));
    }
  }

  for (std::size_t i = 0; i < by_person.size(); ++i) {
    auto& list = by_person[i];
    if (list.empty()) continue;
    const auto& p = in.people[i];
    std::sort(list.begin(), list.end(),
              [&](std::size_t a, std::size_t b) { return r.shifts[a].start < r.shifts[b].start; });
    Timestamp last_end = r.shifts[list[0]].end;
    std::size_t last = list[0];
    for (std::size_t k = 1; k < list.size(); ++k) {
      const auto& sh = r.shifts[list[k]];
      if (sh.start < last_end)
        say(fmt::format("person \"{}\": {} overlaps {}", p.id, where(list[k]), where(last)));
      else if (sh.start - last_end < in.rules.min_rest)
        say(fmt::format("person \"{}\": only {} rest before {} (minimum {})", p.id,
                        hours(sh.start - last_end), where(list[k]), hours(in.rules.min_rest)));
      if (sh.end > last_end) last_end = sh.end, last = list[k];
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
      Timestamp window_end = r.shifts[list[k]].start + 7 * 24 * kHour, sum = 0;
      for (std::size_t j = k; j < list.size() && r.shifts[list[j]].start < window_end; ++j)
        sum += r.shifts[list[j]].end - r.shifts[list[j]].start;
      if (sum > in.rules.max_per_7_days)
        say(fmt::format("person \"{}\": {} in the 7 days from {} (maximum {})", p.id, hours(sum),
                        format_local(r.shifts[list[k]].start, in.zone),
                        hours(in.rules.max_per_7_days)));
    }
  }

  std::map<std::size_t, const Unfilled*> reported;
  for (const auto& u : r.unfilled) {
    if (u.shift >= r.shifts.size()) {
      say(fmt::format("an unfilled slot names shift {} of {}", u.shift, r.shifts.size()));
      continue;
    }
    if (!reported.emplace(u.shift, &u).second)
      say(fmt::format("{}: reported unfilled twice", where(u.shift)));
  }
  for (std::size_t s = 0; s < r.shifts.size(); ++s) {
    const auto& post = in.posts[r.shifts[s].post];
    int n = int(r.guards[s].size());
    int missing_target = std::max(0, post.target_guards - n),
        missing_min = std::max(0, post.min_guards - n);
    auto it = reported.find(s);
    if (missing_target == 0) {
      if (it != reported.end())
        say(fmt::format("{}: reported unfilled but has {} guards", where(s), n));
    } else if (it == reported.end()) {
      say(fmt::format("{}: {} of {} guards and not reported unfilled", where(s), n,
                      post.target_guards));
    } else if (it->second->missing_target != missing_target ||
               it->second->missing_min != missing_min) {
      say(fmt::format("{}: reported missing {}/{} (min/target), actually {}/{}", where(s),
                      it->second->missing_min, it->second->missing_target, missing_min,
                      missing_target));
    }
  }
  return rep;
}

}  // namespace qorgan::guard
