#pragma once
// What both solvers share: skills interned, shifts expanded, each person's schedule and the
// rule checks on it, and the reasons of unfilled slots. Internal to guard/.
#include <cstdint>
#include <vector>

#include "guard/model.hpp"
#include "guard/solver.hpp"

namespace qorgan::guard::detail {

enum class Fit { ok, conflict, weekly };

// One person's shifts as [start, end) intervals sorted by start, held by value: the rules are
// checked on a few contiguous entries instead of on indices into the shared shift table, whose
// loads were a third of the rule checks' time at country scale.
class Schedule {
 public:
  struct Entry {
    Timestamp start = 0, end = 0;
    std::uint32_t shift = 0;
  };
  void add(const PostShift& sh, std::size_t shift);
  void remove(std::size_t shift);
  const std::vector<Entry>& entries() const { return entries_; }
  void prefetch() const { __builtin_prefetch(entries_.data()); }
  // At least the longest entry ever added: no entry starting before t - longest() reaches t.
  Timestamp longest() const { return longest_; }

 private:
  std::vector<Entry> entries_;
  Timestamp longest_ = 0;
};

class Prepared {
 public:
  Prepared(const Instance& in, Day from, int days, const Distance& distance);

  const Instance& in;
  const Distance& distance;
  std::vector<PostShift> shifts;

  // Skills (valid on the date), sex and age.
  bool qualified(std::size_t person, std::size_t shift) const;
  // Sex and each required skill held at some date: the people worth looking at for a post.
  bool could_qualify(std::size_t person, std::size_t post) const;
  bool available(std::size_t person, std::size_t shift) const;
  // qualified() and available() hold for every shift of the post in the run. False may also
  // mean "not known without asking shift by shift" (skills covered by several grants, any
  // absence): it only spares those questions.
  bool qualified_throughout(std::size_t person, std::size_t post) const;
  // Would the person keep the rest and weekly rules with `shift` added to `schedule`?
  // `ignore_start`: shifts of the schedule starting at this instant are left out. Conflict
  // (overlap or rest) is reported before weekly hours.
  Fit fits(const Schedule& schedule, std::size_t shift, Timestamp ignore_start = -1) const;
  double km(std::size_t person, std::size_t shift) const {
    return distance.km(in.people[person].home, in.posts[shifts[shift].post].location);
  }
  // Fills roster.unfilled from roster.guards, with each slot's reason.
  void explain(Roster& roster, const std::vector<Schedule>& schedules) const;

 private:
  Day first_day_, last_day_;
  std::vector<std::vector<int>> post_skills_;                          // per post: skill ids
  std::vector<std::vector<std::vector<std::pair<Day, Day>>>> grants_;  // per person, per skill id
};

core::Result<Roster> solve_exact(const Prepared& p, const SolveOptions& opt, bool* optimal);

}  // namespace qorgan::guard::detail
