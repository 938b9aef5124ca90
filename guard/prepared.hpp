#pragma once
// What both solvers share: skills interned, shifts expanded, each person's schedule and the
// rule checks on it, and the reasons of unfilled slots. Internal to guard/.
#include <vector>

#include "guard/model.hpp"
#include "guard/solver.hpp"

namespace qorgan::guard::detail {

enum class Fit { ok, conflict, weekly };

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
  // Would the person keep the rest and weekly rules with `shift` added to `schedule`?
  // `ignore_start`: shifts of the schedule starting at this instant are left out.
  Fit fits(const std::vector<std::size_t>& schedule, std::size_t shift,
           Timestamp ignore_start = -1) const;
  double km(std::size_t person, std::size_t shift) const {
    return distance.km(in.people[person].home, in.posts[shifts[shift].post].location);
  }
  // Fills roster.unfilled from roster.guards, with each slot's reason.
  void explain(Roster& roster, const std::vector<std::vector<std::size_t>>& schedules) const;

 private:
  std::vector<std::vector<int>> post_skills_;                          // per post: skill ids
  std::vector<std::vector<std::vector<std::pair<Day, Day>>>> grants_;  // per person, per skill id
};

core::Result<Roster> solve_exact(const Prepared& p, const SolveOptions& opt, bool* optimal);

}  // namespace qorgan::guard::detail
