#include "evac/plan/shorten_mean.hpp"

#include <algorithm>
#include <bit>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "evac/graph/bucket_queue.hpp"
#include "evac/graph/in_arcs.hpp"
#include "evac/graph/shortest_paths.hpp"

namespace qorgan::evac {

namespace {

// The pass's work is counted whole, in units (a count added or read, an arc looked at): building
// its counts, its searches and cutting the flow into groups again. Its searches stop after the
// least of: kWorkPerStep units per step of the plan's groups; kWorkPerPersonJunction units per
// person evacuated and junction, at least kWorkAtLeast; kWork. The building and the cut are
// counted beside that limit: both grow with the plan's steps and waits, so the cut is foreseen
// from the plan's own groups before any search (see Pass::cut_), and where the two would take
// more than kWork the pass does nothing. Counts, not a time, so that the plan does not depend
// on the machine's load.
// - Per step: on a large network with a short plan (Heidelberg-Mannheim by car, 10,000 people
//   to 40 shelters: 36 steps, 2.7e5 steps of groups) kWork alone took 20 s more for a mean of
//   15.7 against 16.1 within 2.7e7 (before failed searches were remembered). 100 per step left
//   Almaty by car with 10^5 people (105 steps, 2.5e5 steps of groups) at 13.5 against CCRP's
//   12.8; 400 (1e8 units, about 3 s) gives 12.7 where CCRP takes 13 s of processor time.
// - Per person and junction: what CCRP costs grows with people x junctions (a search of the
//   network per group booked; kAlwaysCcrpBelow in qorgan_planner.cpp), at about 70-80 ns each
//   on this machine (Monaco and Almaty by car with 30,000 people); a unit here costs 50-80 ns,
//   so the pass takes at most about 0.4 of CCRP's time on the input, what the exact planner
//   leaves where it is far quicker than CCRP. Almaty by car to 5 shelters with 30,000 people
//   (2.4e8 people x junctions) ends by itself at 1.2e8 units with mean 210.8; within 0.4 (9.5e7)
//   212.3, within 0.2 214.4 (CCRP 214.2). Monaco (5.2e7) ends by itself at 6.9e6; Malta
//   (5.6e8) reaches 173.5 within kWork, as CCRP (177.0 before failed searches were remembered).
//   People evacuated, not all: CCRP books no one once the shelters are full (Almaty by car,
//   20,000 people, shelters for 80 %: CCRP 6.6 s, about 42 ns per person and junction of the
//   population, 52 per person evacuated).
constexpr std::uint64_t kWork = 200'000'000;
constexpr std::uint64_t kWorkPerStep = 400;
constexpr double kWorkPerPersonJunction = 0.4;
// ... but never below this (some tens of milliseconds), where both are small.
constexpr double kWorkAtLeast = 1e6;
// On qorgan's exact thread the exact planner's max-flows and the pass share one budget, in the
// pass's units: the least of kThreadWork and kThreadWorkPerPersonJunction per person evacuated
// and junction (about half to nine tenths of what CCRP costs on the input, as above). The pass may
// take what the exact planner left of it, where that is more than its own limit above (never less:
// its means do not grow where the exact planner spent much), still within kWorkPerStep. An exact
// unit (an arc looked at by a max-flow) took 16-24 ns of processor time and a pass's unit 48-78
// on Monaco and Portland by car with 10^5 people, 17 against 110 on Heidelberg-Mannheim by car:
// kExactUnitsPerUnit of them count as one. Portland by car with 10^5 people, where the exact
// planner spent 3.6e8 of them (0.9e8 here) on 5.3e8 people x junctions, is then given 3.6e8
// where its own limit was 2e8, and ends by itself at 3.4e8 with a total of 5,747,448 steps
// (57.47; within its own limit 57.76; CCRP 5,748,263, 57.48); Monaco by car (3.9e8 on 1.7e8)
// keeps its own limit.
constexpr std::uint64_t kThreadWork = 450'000'000;
constexpr double kThreadWorkPerPersonJunction = 0.85;
constexpr std::uint64_t kExactUnitsPerUnit = 4;
// Travel times to each shelter are kept up to this many shelters x junctions (4 bytes each).
constexpr std::size_t kPerShelterEntries = 8'000'000;

// (step, people) sorted by step, without zero counts.
using Counts = std::vector<std::pair<Time, People>>;

// The first entry at step t or later (of a const or a changeable Counts). The searches ask most
// often past a count's last step or before its first (a road no one takes any more, or not yet):
// those are answered without the binary search, which was a quarter of the pass's samples.
template <typename C>
auto first_from(C& c, Time t) {
  if (c.empty() || c.back().first < t) return c.end();
  if (c.front().first >= t) return c.begin();
  return std::partition_point(c.begin(), c.end(), [t](const auto& e) { return e.first < t; });
}

// The count at t where it is above zero, else null.
People* positive_at(Counts& c, Time t) {
  const auto it = first_from(c, t);
  return it != c.end() && it->first == t && it->second > 0 ? &it->second : nullptr;
}

People count_at(const Counts& c, Time t) {
  const auto it = first_from(c, t);
  return it != c.end() && it->first == t ? it->second : 0;
}

void add(Counts& c, Time t, People n) {
  auto it = first_from(c, t);
  if (it != c.end() && it->first == t) {
    if ((it->second += n) == 0) c.erase(it);
  } else {
    c.insert(it, {t, n});
  }
}

// A count of many entries laid out by step (what the searches read a step of: a road's room, a
// junction's waits), beside the sorted counts, which stay the books: the binary searches of busy
// roads' hundreds of entries at every arc a search looked at were about a third of the pass's
// samples; laid out, the same work took 11-15 % less processor time (Almaty by car, 20,000
// people, shelters for 80 %). Counts are within limits.hpp's 10^9.
class ByStep {
 public:
  ByStep() = default;
  explicit ByStep(const Counts& c)
      : from_(c.front().first), n_(static_cast<std::size_t>(c.back().first - from_) + 1, 0) {
    for (const auto& [t, k] : c) n_[static_cast<std::size_t>(t - from_)] = static_cast<Stored>(k);
  }
  // Only counts with at least kFrom entries over at most kSpread times as many steps: below,
  // the binary search is short; above, the memory would grow with the horizon.
  static bool worth(const Counts& c) {
    return c.size() >= kFrom &&
           static_cast<std::size_t>(c.back().first - c.front().first) < kSpread * c.size();
  }
  bool empty() const { return n_.empty(); }
  People at(Time t) const {
    const std::int64_t i = static_cast<std::int64_t>(t) - from_;
    return i >= 0 && i < std::ssize(n_) ? n_[static_cast<std::size_t>(i)] : 0;
  }
  void add(Time t, People k) {
    if (t < from_) {
      n_.insert(n_.begin(), static_cast<std::size_t>(from_ - t), 0);
      from_ = t;
    } else if (static_cast<std::size_t>(t - from_) >= n_.size()) {
      n_.resize(static_cast<std::size_t>(t - from_) + 1, 0);
    }
    n_[static_cast<std::size_t>(t - from_)] += static_cast<Stored>(k);
  }

 private:
  using Stored = std::int32_t;
  static constexpr std::size_t kFrom = 8, kSpread = 4;
  Time from_ = 0;
  std::vector<Stored> n_;
};

// Where each step's entry of a count lies, for the cut into groups (Pass::groups): its walks read
// the count of every road out, of the junction's waits and of its shelters' arrivals at every
// step of every group, and the binary searches of busy counts' hundreds of entries were four
// fifths of the cut's samples (Monaco by car with 10^5 people, 82,000 groups). Only counts
// worth laying out (as ByStep): the rest are short or sparse, and searched as before. The walks
// take people off in place and erase no entry, so the positions hold while they run.
class StepPositions {
 public:
  explicit StepPositions(Counts& c) : c_(&c) {
    if (!ByStep::worth(c)) return;
    from_ = c.front().first;
    at_.assign(static_cast<std::size_t>(c.back().first - from_) + 1, kNone);
    for (std::size_t i = 0; i < c.size(); ++i)
      at_[static_cast<std::size_t>(c[i].first - from_)] = static_cast<std::uint32_t>(i);
  }
  // Whether reads go by position, not by binary search.
  bool laid_out() const { return !at_.empty(); }
  // As positive_at(c, t).
  People* positive_at(Time t) const {
    if (at_.empty()) return evac::positive_at(*c_, t);
    const std::int64_t i = static_cast<std::int64_t>(t) - from_;
    if (i < 0 || i >= std::ssize(at_) || at_[static_cast<std::size_t>(i)] == kNone) return nullptr;
    People& n = (*c_)[at_[static_cast<std::size_t>(i)]].second;
    return n > 0 ? &n : nullptr;
  }

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  Counts* c_;
  Time from_ = 0;
  std::vector<std::uint32_t> at_;
};

// The plan as a flow in the time-expanded network.
struct Flow {
  std::vector<Counts> arc;     // people entering the arc per step
  std::vector<Counts> wait;    // people waiting at the junction from step t to t + 1 (not at home)
  std::vector<Counts> depart;  // per source: people entering their first arc per step
  std::vector<Counts> arrive;  // per shelter: people arriving per step
  std::vector<People> left;    // per shelter: places left
};

// What one step of a residual path did to reach its copy (see the header).
enum class Move : std::uint8_t {
  kStart,    // an arrival at the start shelter taken off
  kForward,  // waited at the junction before, then entered arc `what` at `at`
  kBack,     // waited at the junction before, then undid a passage of arc `what` entered at `at`
  kUnwait,   // undid waits at the same junction, back to the label
  kHome,     // waited, then undid a departure of source `what` at `at`: it leaves at its earliest
};

// A junction reached at `label` (and so at every later step: junctions searched have no
// holding bound); records are kept in order, so a path is followed back through `pred`.
struct Record {
  NodeIndex node = 0;
  Time label = 0;
  std::uint32_t pred = 0;
  Move move = Move::kStart;
  std::uint32_t what = 0;
  Time at = 0;
};

class Pass {
 public:
  Pass(const Problem& problem, const Plan& plan, ShelterDistances& dist)
      : p_(problem),
        net_(problem.network),
        in_(problem.network),
        dist_(dist),
        nearest_(dist.nearest()) {
    const std::size_t n = net_.node_count();
    flow_.arc.resize(net_.arc_count());
    flow_.wait.resize(n);
    flow_.depart.resize(problem.sources.size());
    flow_.arrive.resize(problem.shelters.size());
    flow_.left.resize(problem.shelters.size());
    for (std::size_t h = 0; h < problem.shelters.size(); ++h)
      flow_.left[h] = problem.shelters[h].capacity;
    shelters_at_.resize(n);
    for (std::uint32_t h = 0; h < problem.shelters.size(); ++h)
      shelters_at_[problem.shelters[h].node].push_back(h);
    // A wait is added as its first and last step, then swept per junction, instead of each of
    // its steps inserted in order (Monaco by car with 10^5 people: the counts built in
    // 0.68-0.77 instead of 1.02-1.04 s).
    std::vector<Counts> waits(n);
    for (const Group& g : plan.groups) {
      flow_.left[g.shelter] -= g.count;
      evacuated_ += g.count;
      if (g.route.empty()) {
        fixed_.push_back(g);
        continue;
      }
      add(flow_.depart[g.source], g.route.front().enter, g.count);
      steps_ += g.route.size();
      work_ += g.route.size();
      Time free_from = -1;
      for (const Step& s : g.route) {
        const NodeIndex v = net_.tail[s.arc];
        if (free_from >= 0 && free_from < s.enter) {
          waits[v].emplace_back(free_from, g.count);
          waits[v].emplace_back(s.enter, -g.count);
          const auto steps = static_cast<std::uint64_t>(s.enter - free_from);
          work_ += steps;
          cut_ += steps * (shelters_at(v) + net_.out_end(v) - net_.out_begin(v) + 1);
        }
        cut_ += shelters_at(v) + s.arc - net_.out_begin(v) + 1;
        add(flow_.arc[s.arc], s.enter, g.count);
        free_from = s.enter + net_.travel_time[s.arc];
      }
      cut_ += shelters_at(net_.head[g.route.back().arc]);
      add(flow_.arrive[g.shelter], free_from, g.count);
    }
    if (work_ + reserve() > kWork) {
      skip_ = true;
      return;
    }
    for (std::size_t v = 0; v < n; ++v) {
      Counts& changes = waits[v];
      std::ranges::sort(changes);
      People waiting = 0;
      for (std::size_t i = 0; i < changes.size(); ++i) {
        waiting += changes[i].second;
        if (waiting > 0)
          for (Time t = changes[i].first; t < changes[i + 1].first; ++t)
            flow_.wait[v].emplace_back(t, waiting);
      }
      Counts().swap(changes);
    }
    sources_at_.resize(n);
    for (std::uint32_t s = 0; s < problem.sources.size(); ++s)
      sources_at_[problem.sources[s].node].push_back(s);
    toward_goals_ = problem.shelters.size() * n <= kPerShelterEntries;
    open_.resize(problem.shelters.size());
    label_.assign(n, kUnreachable);
    at_record_.assign(n, 0);
    dead_.resize(problem.shelters.size());
    arc_by_step_.resize(flow_.arc.size());
    for (std::size_t a = 0; a < flow_.arc.size(); ++a)
      if (ByStep::worth(flow_.arc[a])) arc_by_step_[a] = ByStep(flow_.arc[a]);
    wait_by_step_.resize(n);
    for (std::size_t v = 0; v < n; ++v)
      if (ByStep::worth(flow_.wait[v])) wait_by_step_[v] = ByStep(flow_.wait[v]);
  }

  // Cancels cycles, latest arrivals first, round after round, until a round finds none or the
  // work or `control` ends it. Each round asks for cycles that bring an arrival at least gain_
  // steps sooner, halved from round to round down to 1, so the work goes first to the cycles that
  // gain most, and its searches prune copies that cannot give so much. Within the same work:
  // Monaco by car with 10^5 people (6.9e7 units) mean 228.5 where every round asked for 1, 224.3
  // so; Almaty by car with 10^5 people, given 10^8 units, 12.95 and 12.69. First towards the
  // shelters' copies a search may take (to_goal); when a round finds none so, again with the
  // nearest shelter, full or not, as the estimate, which prunes less (its cycles may pass copies
  // that the first estimate left out).
  void run(const RunControl* control, const MeanPassWork& thread) {
    const double person_junctions =
        static_cast<double>(evacuated_) * static_cast<double>(net_.node_count());
    std::uint64_t searches =
        std::min(kWork, static_cast<std::uint64_t>(
                            std::max(kWorkAtLeast, kWorkPerPersonJunction * person_junctions)));
    if (thread.thread > 0) {
      const std::uint64_t left = std::max(thread.thread, thread.exact) - thread.exact;
      searches = std::max(searches, std::max(left, work_ + reserve()) - work_ - reserve());
    }
    limit_ = work_ + reserve() + std::min(kWorkPerStep * steps_, searches);
    auto stop = [&] { return work_ + reserve() > limit_ || (control && control->cancelled()); };
    Time gain = first_gain();
    for (bool found = true; found && !stop();) {
      found = false;
      gain_ = gain;
      std::vector<std::pair<Time, std::uint32_t>> late;
      for (std::uint32_t h = 0; h < flow_.arrive.size(); ++h)
        for (const auto& [t, c] : flow_.arrive[h]) late.emplace_back(t, h);
      std::sort(late.begin(), late.end(), std::greater<>());
      // What a pass learnt holds for its later (earlier) arrivals only.
      for (auto& d : dead_) d.clear();
      open_goals();
      for (const auto& [t1, h1] : late)
        while (!stop() && count_at(flow_.arrive[h1], t1) > 0 && cancel_one(h1, t1)) found = true;
      if (gain_ > 1)
        gain /= 2, found = true;
      else if (!found && toward_goals_)
        toward_goals_ = false, found = true;
    }
  }

  // The plan made again from the flow; false where the flow's books do not add up.
  bool groups(std::vector<Group>& out);
  // Where building the counts and the cut would take more than kWork, nothing more is done.
  bool skipped() const { return skip_; }
  // Units of work so far, and the most the pass may take (once run).
  std::uint64_t work() const { return work_; }
  std::uint64_t limit() const { return limit_; }
  // Reads of a count by binary search in groups().
  std::uint64_t cut_searches() const { return cut_searches_; }

 private:
  bool bounded(NodeIndex v) const { return net_.holding[v] != kUnlimited; }
  std::uint64_t shelters_at(NodeIndex v) const { return shelters_at_[v].size(); }
  // The first round's least gain: the largest power of two up to a quarter of the latest arrival
  // (Monaco by car, 10^5 people, 636 steps: 128; starting at 64 the same work gained 0.7 times
  // as much; Almaty by car, 10^5 people, 105 steps: 16, where 32 gained less within 2.5e7 units).
  Time first_gain() const {
    Time latest = 0;
    for (const Counts& c : flow_.arrive)
      if (!c.empty()) latest = std::max(latest, c.back().first);
    return static_cast<Time>(
        std::bit_floor(static_cast<std::uint32_t>(std::max<Time>(1, latest / 4))));
  }
  // The least travel time from v to a shelter the search from h1_ may end at (its own, or one
  // with places), kUnreachable if none: A*'s estimate and the bound that prunes the search.
  // Estimated by the nearest shelter, full or not, the copies near full shelters look closer to an
  // earlier arrival than they are, and the searches passed most of them first (Almaty by car,
  // 20,000 people, shelters for 80 %: mean 108.9 within the pass's work, 99.0 estimated so).
  Time to_goal(NodeIndex v) const {
    return toward_goals_ ? std::min((*to_h1_)[v], to_open_[v]) : nearest_[v];
  }
  // Counts shelter h among those with places (from when a cycle gives it one back until the
  // round ends: the estimate stays a lower bound).
  void open(std::uint32_t h) {
    if (!toward_goals_ || open_[h]) return;
    open_[h] = 1;
    const auto& d = dist_.to(h);
    for (std::size_t v = 0; v < d.size(); ++v) to_open_[v] = std::min(to_open_[v], d[v]);
  }
  void open_goals() {
    if (!toward_goals_) return;
    to_open_.assign(net_.node_count(), kUnreachable);
    std::ranges::fill(open_, 0);
    for (std::uint32_t h = 0; h < flow_.left.size(); ++h)
      if (flow_.left[h] > 0) open(h);
  }

  // Searches for a residual path from the arrival at shelter h1 at t1 to a shelter's copy
  // before t1 and pushes as many people along it as it takes. False if none was found.
  bool cancel_one(std::uint32_t h1, Time t1);
  void reach(NodeIndex v, Time label, const Record& r);
  bool augment(std::uint32_t from_record, std::uint32_t h1, Time t1, std::uint32_t h0);

  const Problem& p_;
  const Network& net_;
  Flow flow_;
  std::vector<ByStep> arc_by_step_, wait_by_step_;  // of flow_.arc and flow_.wait, where worth it
  std::vector<Group> fixed_;  // groups without steps: their origin is their shelter's junction
  InArcs in_;
  std::vector<std::vector<std::uint32_t>> shelters_at_, sources_at_;
  ShelterDistances& dist_;
  const std::vector<Time>& nearest_;
  // While searches go towards the shelters they may end at (the first rounds, where shelters x
  // junctions stay within kPerShelterEntries): per shelter (dist_, made when first needed) the
  // travel times to it, to the shelters with places (open_), and to the one searched from;
  // after, nearest_ (the nearest shelter, full or not) is the estimate.
  bool toward_goals_ = false;
  std::vector<Time> to_open_;
  std::vector<char> open_;
  const std::vector<Time>* to_h1_ = nullptr;
  std::uint64_t work_ = 0, limit_ = 0, cut_searches_ = 0;
  bool skip_ = false;
  std::uint64_t steps_ = 0;  // of the plan's groups
  // What cutting the plan's own groups out of its flow takes (the units groups() counts where
  // its walks follow them). The walks of the flow the cycles left took within 3 % of it (Monaco
  // and Portland by car with 10^5 people: 0.03 % and 2.5 % more), so the searches leave the cut
  // a sixteenth more than that.
  std::uint64_t cut_ = 0;
  std::uint64_t reserve() const { return cut_ + cut_ / 16; }
  People evacuated_ = 0;
  // The search's state.
  std::vector<Time> label_;
  // Per shelter searched from, per junction: the step from which its copies are known to reach
  // no shelter's copy by the arrival being moved less the round's gain_ (kUnreachable: not
  // known). A search that
  // finds nothing marks every copy it reached: with waiting free, a junction reached at e
  // reaches from there all that it reaches at any later step, and later searches of the pass
  // move earlier arrivals, so they need an earlier shelter's copy still. A cancelled cycle only
  // adds residual arcs out of its own path's copies, which no marked copy reached, so the marks
  // stay; only a full shelter given a place back by it may be missed as a goal until the round
  // ends (a cycle found later, never a wrong one). They are per shelter searched from, as its own
  // shelter is one its search may reach when full.
  std::vector<std::vector<Time>> dead_;
  std::vector<Time>* dead_now_ = nullptr;
  Time t1_ = 0;
  // The least gain (steps sooner per person) a cycle of this round must give; see run().
  Time gain_ = 1;
  std::uint32_t h1_ = 0;
  // The record of the first shelter's copy the search reached before t1_ (kNoGoal: none yet).
  static constexpr std::uint32_t kNoGoal = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t goal_ = kNoGoal, goal_shelter_ = 0;
  std::vector<std::uint32_t> at_record_;
  std::vector<NodeIndex> touched_;
  std::vector<Record> records_;
  // Keys are whole steps from 0 to t1_, and a copy reached backwards may have a key below the
  // last taken out (the bucket queue's cursor goes back to it).
  BucketQueue queue_;
};

// A copy reached forward must still be able to reach a shelter by t1_ - gain_ (the arrival being
// moved, sooner by the round's least gain) going forward, one reached backwards (an undone
// passage, wait or departure) by t1_ at the latest, as every copy on the path of that arrival can
// (from there the search may go back further).
void Pass::reach(NodeIndex v, Time label, const Record& r) {
  const bool forward = r.move == Move::kForward;
  const Time to = to_goal(v);
  if (bounded(v) || label >= label_[v] || label >= (*dead_now_)[v] || to == kUnreachable ||
      static_cast<std::int64_t>(label) + to >= (forward ? t1_ - gain_ : t1_) + 1)
    return;
  if (label_[v] == kUnreachable) touched_.push_back(v);
  label_[v] = label;
  at_record_[v] = static_cast<std::uint32_t>(records_.size());
  records_.push_back(r);
  records_.back().node = v;
  records_.back().label = label;
  queue_.push(label + to, v);
  if (goal_ == kNoGoal && label <= t1_ - gain_)
    for (std::uint32_t h : shelters_at_[v])
      if (h == h1_ || flow_.left[h] > 0) {
        goal_ = static_cast<std::uint32_t>(records_.size() - 1);
        goal_shelter_ = h;
        break;
      }
}

bool Pass::cancel_one(std::uint32_t h1, Time t1) {
  const NodeIndex start = p_.shelters[h1].node;
  if (bounded(start)) return false;
  std::vector<Time>& dead = dead_[h1];
  if (dead.empty()) dead.assign(net_.node_count(), kUnreachable);
  if (t1 >= dead[start]) return false;
  dead_now_ = &dead;
  if (toward_goals_) to_h1_ = &dist_.to(h1);
  for (NodeIndex v : touched_) label_[v] = kUnreachable;
  touched_.clear();
  records_.clear();
  queue_.clear();
  records_.push_back({.node = start, .label = t1});
  label_[start] = t1;
  at_record_[start] = 0;
  touched_.push_back(start);
  queue_.push(t1, start);
  t1_ = t1;
  h1_ = h1;
  goal_ = kNoGoal;
  // Copies in order of the earliest arrival they could give going forward, so that the first
  // shelter's copy reached is mostly among the earliest the search finds: it is taken at once.
  while (goal_ == kNoGoal && !queue_.empty() && work_ + reserve() <= limit_) {
    const std::int64_t key = queue_.top_key();
    const NodeIndex v = queue_.pop();
    const Time e = label_[v];
    if (key != e + to_goal(v)) continue;
    const std::uint32_t ri = at_record_[v];
    // Forward: each arc at its first step with room.
    for (ArcIndex a = net_.out_begin(v); a < net_.out_end(v); ++a) {
      ++work_;
      const NodeIndex u = net_.head[a];
      if (bounded(u) || to_goal(u) == kUnreachable) continue;
      const Counts& c = flow_.arc[a];
      Time t = e;
      if (const ByStep& d = arc_by_step_[a]; !d.empty())
        for (; d.at(t) >= net_.capacity[a]; ++t) ++work_;
      else
        for (auto it = first_from(c, t);
             it != c.end() && it->first == t && it->second >= net_.capacity[a]; ++it, ++t)
          ++work_;
      reach(u, t + net_.travel_time[a], {.pred = ri, .move = Move::kForward, .what = a, .at = t});
    }
    // Back: the earliest passage of each arc in that arrives here at e or later.
    for (const ArcIndex a : in_.into(v)) {
      ++work_;
      const Time from = e - net_.travel_time[a];
      if (arc_by_step_[a].at(from) > 0) {
        reach(net_.tail[a], from, {.pred = ri, .move = Move::kBack, .what = a, .at = from});
        continue;
      }
      const auto it = first_from(flow_.arc[a], from);
      if (it != flow_.arc[a].end())
        reach(net_.tail[a], it->first,
              {.pred = ri, .move = Move::kBack, .what = a, .at = it->first});
    }
    // Unwait: back over the steps people wait here just before e.
    {
      const Counts& w = flow_.wait[v];
      Time lo = e;
      if (const ByStep& d = wait_by_step_[v]; !d.empty())
        for (; d.at(lo - 1) > 0; --lo) ++work_;
      else
        for (auto it = first_from(w, e); it != w.begin() && std::prev(it)->first == lo - 1; --it) {
          ++work_;
          --lo;
        }
      if (lo < e) reach(v, lo, {.pred = ri, .move = Move::kUnwait});
    }
    // Home: an origin here whose people leave at e or later may send one at its earliest.
    for (std::uint32_t s : sources_at_[v]) {
      ++work_;
      const Time earliest = p_.sources[s].earliest_departure;
      const auto it = first_from(flow_.depart[s], e);
      if (earliest < e && it != flow_.depart[s].end())
        reach(v, earliest, {.pred = ri, .move = Move::kHome, .what = s, .at = it->first});
    }
  }
  if (goal_ != kNoGoal) return augment(goal_, h1, t1, goal_shelter_);
  if (work_ + reserve() <= limit_)
    for (NodeIndex v : touched_) dead[v] = std::min(dead[v], label_[v]);
  return false;
}

bool Pass::augment(std::uint32_t from_record, std::uint32_t h1, Time t1, std::uint32_t h0) {
  // What one person along the path changes, per (kind, index, step): 0 arc, 1 wait, 2
  // departure, 3 arrival.
  std::map<std::tuple<int, std::uint32_t, Time>, People> change;
  auto wait = [&](NodeIndex v, Time from, Time to, People n) {
    for (Time t = from; t < to; ++t) change[{1, v, t}] += n;
  };
  const Time t0 = records_[from_record].label;
  change[{3, h0, t0}] += 1;
  for (std::uint32_t ri = from_record; records_[ri].move != Move::kStart;) {
    const Record& r = records_[ri];
    const Record& p = records_[r.pred];
    switch (r.move) {
      case Move::kForward:
        wait(p.node, p.label, r.at, 1);
        change[{0, r.what, r.at}] += 1;
        break;
      case Move::kBack:
        wait(p.node, p.label, r.at + net_.travel_time[r.what], 1);
        change[{0, r.what, r.at}] -= 1;
        break;
      case Move::kUnwait:
        wait(p.node, r.label, p.label, -1);
        break;
      case Move::kHome:
        wait(p.node, p.label, r.at, 1);
        change[{2, r.what, r.at}] -= 1;
        change[{2, r.what, r.label}] += 1;
        break;
      case Move::kStart:
        break;
    }
    ri = r.pred;
  }
  change[{3, h1, t1}] -= 1;
  // As many people as every count allows.
  People delta = count_at(flow_.arrive[h1], t1);
  if (h0 != h1) delta = std::min(delta, flow_.left[h0]);
  auto counts = [&](int kind, std::uint32_t i) -> Counts& {
    switch (kind) {
      case 0:
        return flow_.arc[i];
      case 1:
        return flow_.wait[i];
      case 2:
        return flow_.depart[i];
      default:
        return flow_.arrive[i];
    }
  };
  for (const auto& [key, n] : change) {
    const auto& [kind, i, t] = key;
    const People now = count_at(counts(kind, i), t);
    if (n < 0) delta = std::min(delta, now / -n);
    if (n > 0 && kind == 0) delta = std::min(delta, (net_.capacity[i] - now) / n);
  }
  if (delta < 1) return false;
  for (const auto& [key, n] : change)
    if (n != 0) {
      const auto& [kind, i, t] = key;
      add(counts(kind, i), t, n * delta);
      if (ByStep* d = kind == 0   ? &arc_by_step_[i]
                      : kind == 1 ? &wait_by_step_[i]
                                  : nullptr;
          d && !d->empty())
        d->add(t, n * delta);
    }
  flow_.left[h1] += delta;
  flow_.left[h0] -= delta;
  if (flow_.left[h1] > 0) open(h1);
  return true;
}

bool Pass::groups(std::vector<Group>& out) {
  out = fixed_;
  const std::size_t n = net_.node_count();
  // Junctions passed in the current step, and where on the route: a cycle of roads of zero
  // steps carries people round and back, and is taken off the flow where the walk meets one.
  std::vector<std::size_t> pos(n, 0);
  std::vector<char> now(n, 0);
  std::vector<NodeIndex> passed;
  // The walk's steps, and the counts each one uses (taken off in place, zeros left: the walks
  // only read counts, and erasing would move the rest of a count's steps each time).
  std::vector<Step> route;
  std::vector<People*> on_route, waits;
  // The counts laid out by step for the searches are not read here: their memory goes to the
  // positions instead.
  std::vector<ByStep>().swap(arc_by_step_);
  std::vector<ByStep>().swap(wait_by_step_);
  auto positions = [](std::vector<Counts>& counts) {
    std::vector<StepPositions> out;
    out.reserve(counts.size());
    for (Counts& c : counts) out.emplace_back(c);
    return out;
  };
  const auto arcs = positions(flow_.arc), waiting = positions(flow_.wait),
             arrivals = positions(flow_.arrive);
  auto read = [&](const StepPositions& c, Time t) {
    if (!c.laid_out()) ++cut_searches_;
    return c.positive_at(t);
  };
  for (std::uint32_t s = 0; s < p_.sources.size(); ++s) {
    const Counts departures = flow_.depart[s];
    for (auto [t, left] : departures) {
      while (left > 0) {
        route.clear();
        on_route.clear();
        waits.clear();
        for (NodeIndex v : passed) now[v] = 0;
        passed.clear();
        NodeIndex v = p_.sources[s].node;
        Time at = t;
        now[v] = 1;
        pos[v] = 0;
        passed.push_back(v);
        std::uint32_t shelter = 0;
        People* arrival = nullptr;
        while (!arrival) {
          if (at > std::numeric_limits<Time>::max() - 1) return false;
          for (std::uint32_t h : shelters_at_[v])
            if (++work_, !arrival && (arrival = read(arrivals[h], at))) shelter = h;
          if (arrival) break;
          ArcIndex next = kNoArc;
          People* used = nullptr;
          for (ArcIndex a = net_.out_begin(v); a < net_.out_end(v) && next == kNoArc; ++a)
            if (++work_, (used = read(arcs[a], at))) next = a;
          if (next == kNoArc) {
            ++work_;
            People* waited = read(waiting[v], at++);
            if (!waited) return false;
            waits.push_back(waited);
            for (NodeIndex u : passed) now[u] = 0;
            passed.clear();
            now[v] = 1;
            pos[v] = route.size();
            passed.push_back(v);
            continue;
          }
          const NodeIndex u = net_.head[next];
          if (net_.travel_time[next] == 0 && now[u]) {
            // A cycle in this step: take it off, and go on from u.
            on_route.push_back(used);
            People least = kUnlimited;
            for (std::size_t i = pos[u]; i < on_route.size(); ++i)
              least = std::min(least, *on_route[i]);
            for (std::size_t i = pos[u]; i < on_route.size(); ++i) *on_route[i] -= least;
            route.resize(pos[u]);
            on_route.resize(pos[u]);
            while (passed.back() != u) now[passed.back()] = 0, passed.pop_back();
            v = u;
            continue;
          }
          route.push_back({next, at});
          on_route.push_back(used);
          at += net_.travel_time[next];
          if (net_.travel_time[next] > 0) {
            for (NodeIndex w : passed) now[w] = 0;
            passed.clear();
          }
          v = u;
          now[v] = 1;
          pos[v] = route.size();
          passed.push_back(v);
        }
        People take = std::min(left, *arrival);
        for (const People* c : on_route) take = std::min(take, *c);
        for (const People* c : waits) take = std::min(take, *c);
        if (take <= 0) return false;
        for (People* c : on_route) *c -= take;
        for (People* c : waits) *c -= take;
        *arrival -= take;
        left -= take;
        out.push_back({.source = s, .count = take, .route = route, .shelter = shelter});
      }
    }
  }
  return std::ranges::all_of(flow_.arrive, [](const Counts& c) {
    return std::ranges::all_of(c, [](const auto& e) { return e.second == 0; });
  });
}

}  // namespace

MeanPassWork shorten_mean(const Problem& problem, Plan& plan, const RunControl* control,
                          ShelterDistances* distances, std::optional<std::uint64_t> exact_work) {
  MeanPassWork thread;
  if (exact_work) {
    const double person_junctions =
        static_cast<double>(plan.evacuated) * static_cast<double>(problem.network.node_count());
    thread.exact = *exact_work / kExactUnitsPerUnit;
    thread.thread = std::min(
        kThreadWork, static_cast<std::uint64_t>(kThreadWorkPerPersonJunction * person_junctions));
  }
  ShelterDistances made_here(problem);
  Pass pass(problem, plan, distances ? *distances : made_here);
  if (pass.skipped())
    return {.units = pass.work(), .limit = kWork, .exact = thread.exact, .thread = thread.thread};
  pass.run(control, thread);
  std::vector<Group> groups;
  const bool made = pass.groups(groups);
  const MeanPassWork work{.units = pass.work(),
                          .limit = pass.limit(),
                          .cut_searches = pass.cut_searches(),
                          .exact = thread.exact,
                          .thread = thread.thread};
  if (!made) return work;
  Plan shorter = plan;
  shorter.groups = std::move(groups);
  finish_plan(problem, shorter);
  if (shorter.evacuated == plan.evacuated && shorter.egress_time <= plan.egress_time &&
      shorter.total_evacuation_time < plan.total_evacuation_time)
    plan = std::move(shorter);
  return work;
}

}  // namespace qorgan::evac
