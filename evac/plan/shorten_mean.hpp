#pragma once
// A pass over a finished plan that lowers its mean evacuation time at the same egress, as a
// min-cost flow does: the plan is a flow in the time-expanded network (a copy of every junction
// per step), an evacuee's cost is the step they arrive, and the flow has the least total time
// for its people and horizon exactly when its residual network has no cycle of negative cost.
// Such a cycle here is a way to take one arrival at step t1 off and give one at t0 < t1: from
// the copy where it arrived, back along arcs people used (undoing their passage), forward along
// arcs with room and through waits, back to an origin's home and out again at its earliest
// departure, to a shelter's copy at t0 with places left. Unlike retiming one group at a time
// (move_earlier.hpp), such a path may take another group's place on a full road and send that
// group on another way: Malta by car, 30,000 people to 5 shelters, where the exact plan's
// early room on the roads into the shelters is held by people who could have gone otherwise.

#include <cstdint>
#include <optional>

#include "evac/plan/planner.hpp"
#include "evac/plan/shelter_distances.hpp"

namespace qorgan::evac {

// Cancels such cycles, latest arrivals first and those that gain most in the first rounds (the
// least gain asked for halved from round to round), until none is found, after an amount of work
// bounded by the plan's steps and by its people x junctions (a count, so the plan does not
// depend on the machine's load), or when `control` is cancelled. What a search that found
// nothing reached is not searched again in that round of arrivals. Searches go towards the
// shelters they may end at (the arrival's own, or one with places), then, once a round finds
// nothing so, towards the nearest shelter, full or not. The search leaves out junctions
// with a holding bound (their copies and the arcs at them keep their flows) and copies that cannot
// reach a shelter before t1 going forward only, so the result may stay above the least mean. The
// flow is then cut into groups again. Arrivals only move earlier: the egress never grows, the mean
// never does, and every capacity is kept; where the groups cannot be made again (never, if the
// flow's books are right) the plan is kept as it was. Memory: the plan's steps once more, as sorted
// counts per arc, junction, origin and shelter (those of many entries also laid out by step), and
// the travel times to each shelter (up to 8·10⁶ shelters x junctions). `distances`, if given,
// is the problem's and shared with the passes before. Its work is counted whole (building the
// counts, the searches, the cut into groups) and returned with the most it allowed itself: the
// searches' limit and what building and cutting the plan's own groups take, the cut foreseen
// from them before any search; where building and cutting alone would take more than the
// searches' largest limit, the plan is left as it is (the units returned are then those
// foreseen, above the limit returned).
// On qorgan's exact thread, `exact_work` is what the exact planner did before (its units,
// optimal_from.hpp): the two share a budget of the thread (`thread`, in the pass's units, the
// exact planner's work counted as `exact` of them), and the pass may take what is left of it
// where that is more than its own limit (so exact + units stays within thread wherever the pass
// took more than its own limit). Without it (a plan of qorgan's schedules) both are 0.
struct MeanPassWork {
  std::uint64_t units = 0;
  std::uint64_t limit = 0;
  // Reads of a count by binary search while the flow is cut into groups again (the counts of
  // many entries are read by position; not a unit of their own: a read is one unit either way).
  std::uint64_t cut_searches = 0;
  std::uint64_t exact = 0;
  std::uint64_t thread = 0;
};
MeanPassWork shorten_mean(const Problem& problem, Plan& plan, const RunControl* control = nullptr,
                          ShelterDistances* distances = nullptr,
                          std::optional<std::uint64_t> exact_work = std::nullopt);

}  // namespace qorgan::evac
