#include "guard/solver.hpp"

#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>
#include <nanoflann.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <tuple>

#include "guard/prepared.hpp"

namespace qorgan::guard {

namespace {

using detail::Fit;
using detail::Prepared;

// Flow costs, lexicographic by magnitude: a slot up to min_guards outweighs any number of
// slots above it, which outweigh any travel; travel (metres) outweighs the hours and
// continuity terms, which only break ties between equally near people.
constexpr long long kFillMin = 1'000'000'000'000'000LL;
constexpr long long kFillExtra = 1'000'000'000'000LL;
constexpr long long kPerMetre = 1000;
constexpr long long kPerHourWorked = 4;      // at most 4 x 168 < kPerMetre
constexpr long long kContinuityBonus = 200;  // same post the day before

class Fast {
 public:
  Fast(const Prepared& p, const SolveOptions& opt)
      : P(p),
        opt_(opt),
        schedules_(p.in.people.size()),
        taken_(p.in.people.size()),
        node_of_(p.in.people.size(), -1),
        guards_(p.shifts.size()),
        worked_(p.in.people.size(), 0),
        version_(p.in.people.size(), 0) {
    if (p.in.people.size() * p.in.posts.size() <= kKmRemembered)
      km_.assign(p.in.people.size() * p.in.posts.size(), std::numeric_limits<double>::quiet_NaN());
    if (p.in.people.size() * p.shifts.size() <= kAllowedRemembered) {
      allowed_.assign(p.in.people.size() * p.shifts.size(), 0);
      fit_memo_.assign(p.in.people.size() * p.shifts.size(), 0);
    }
  }

  // nullopt when cancelled.
  std::optional<Roster> run() {
    nearest_lists();
    // Min slots over the whole run first, so that a guard above min in the morning does not
    // take the person a later shift needs to reach its min; then the slots up to target.
    for (bool extra : {false, true})
      for (std::size_t g0 = 0; g0 < P.shifts.size();) {
        if (opt_.cancelled()) return std::nullopt;
        std::size_t g1 = g0;
        while (g1 < P.shifts.size() && P.shifts[g1].start == P.shifts[g0].start) ++g1;
        assign_group(g0, g1, extra);
        g0 = g1;
      }
    // Where no roster fills more (fill_bound()), the fill passes would only prove it.
    most_ = fill_bound();
    if (!at_bound()) repair(true);
    if (!at_bound()) repair(false);
    if (!at_bound()) improve();
    shorten();
    reflow();
    recombine();
    if (opt_.cancelled()) return std::nullopt;
    Roster r;
    r.shifts = P.shifts;
    r.guards = guards_;
    P.explain(r, schedules_);
    return r;
  }

 private:
  const Prepared& P;
  const SolveOptions& opt_;
  std::vector<detail::Schedule> schedules_;
  // Per person, shifts in the order they were taken: the order the repair pass tries to move
  // them in.
  std::vector<std::vector<std::uint32_t>> taken_;
  // Per person, their node in the flow of the group being built (-1: none): a hash map here
  // was a tenth of the country roster's time, in cache misses.
  std::vector<int> node_of_;
  std::vector<std::vector<std::size_t>> guards_;
  std::vector<Timestamp> worked_;
  // Per post: people who could qualify, nearest first; kAskDaily marks those for whom
  // qualified_throughout() does not hold.
  std::vector<std::vector<std::uint32_t>> nearest_;
  static constexpr std::uint32_t kAskDaily = 1u << 31;
  // Per post, the straight-line kilometres to each of nearest_: where rosters are too large to
  // remember km() (the city's), asking it again costs a sine and cosine each.
  std::vector<std::vector<double>> nearest_km_;
  static constexpr std::size_t kAhead = 8;
  std::vector<bool> nearest_complete_;
  long long budget_ = 20'000'000;  // rule checks the repair pass may spend
  // Rule checks one slot's refill may spend (chain()).
  long long slot_budget_ = 0;
  static constexpr long long kSlotBudget = 5'000;
  // While a chain is tried, every take and drop, so that a chain that fails is undone.
  struct Change {
    bool took;
    std::uint32_t person, shift;
    std::uint32_t version = 0;  // the person's before it (fits())
    // A drop's places in the shift's guards and in the person's taken_, where undo() puts them
    // back: the passes walk both in order, so an undone trial must leave no trace in it.
    std::uint32_t guard_at = 0, taken_at = 0;
  };
  std::vector<Change> log_;
  bool logging_ = false;
  long filled_min_ = 0, filled_ = 0;  // slots filled up to min_guards, and up to target_guards
  std::tuple<long, long> most_;       // the most of each any roster fills (fill_bound())
  bool at_bound() const { return std::tuple(filled_min_, filled_) == most_; }
  Timestamp hours_ = 0;  // of every guard's shifts
  long long improve_budget_ = 1'000'000;
  // Rule checks the travel pass may spend per guard on duty, and in all (shorten()): small
  // rosters run their rounds out; the cap keeps the city's and the country's pass to seconds
  // (at 40 million the country took 117.5 s of its 120 s target for 0.6 % less travel). The cap
  // was 15 million while refills that could not pay were searched to the end (42 % of the city's
  // checks, 50 % of the country's): 10 million lets the pass try at least the moves it tried then.
  static constexpr long long kTravelChecksPerGuard = 400;
  static constexpr long long kTravelChecks = 10'000'000;
  static constexpr int kTravelRounds = 4;
  // Blocked nearer people a guard's shift is offered to, at the cost of their shifts in its way.
  static constexpr std::size_t kTravelBlocked = 6;
  long long travel_budget_ = 0;
  std::vector<std::uint32_t> room_;  // shifts with room at the start of a travel round
  const bool straight_ = opt_.distance == nullptr;
  static constexpr long long kRescheduleNodes = 20'000;
  static constexpr std::size_t kRescheduleShifts = 2'000;

  // Rule checks the exact re-assignment of two or three people may spend per guard on duty, and
  // in all (recombine()).
  static constexpr long long kRecombineChecksPerGuard = 10000;
  static constexpr long long kRecombineChecks = 300'000;
  static constexpr int kRecombineRounds = 3;
  // Schedules one person may hold among a set's shifts: more, and the set is not tried.
  static constexpr std::size_t kRecombineSchedules = 1'024;
  // People up to kRecombineAll: every pair; up to kRecombineTriples, every triple too; more:
  // each person with the nearer guards of their posts.
  static constexpr std::size_t kRecombineAll = 24;
  static constexpr std::size_t kRecombineTriples = 12;
  static constexpr std::size_t kRecombinePartners = 6;
  long long recombine_budget_ = 0;

  // Rule checks the flows of blocks may spend in all (reflow()): the city's pass solves three
  // blocks of 2,000 posts' shifts.
  static constexpr long long kReflowChecks = 1'000'000;
  static constexpr std::size_t kReflowRounds = 4;
  // People x shifts above which fill_bound() is not worked out (its arcs are about as many).
  static constexpr std::size_t kBoundPairs = std::size_t(1) << 20;

  // Kilometres from each person's home to each post, asked for the same pairs again and again
  // by every pass: on rosters of tens of people the straight line's sin and cos were 40 % of
  // the time. Remembered as they are first asked, where people x posts is small enough (the
  // city's 40 million pairs are not). NaN: not asked yet.
  static constexpr std::size_t kKmRemembered = std::size_t(1) << 20;
  mutable std::vector<double> km_;
  double km(std::size_t person, std::size_t shift) const {
    if (km_.empty()) return P.km(person, shift);
    double& k = km_[person * P.in.posts.size() + P.shifts[shift].post];
    if (std::isnan(k)) k = P.km(person, shift);
    return k;
  }

  // qualified() and available() of a person for a shift, remembered as first asked where people
  // x shifts is small enough (0: not asked yet, 1: no, 2: yes): the passes ask them of the same
  // pairs again and again, and the age and the skills' dates were a twentieth of a 40-person
  // roster's time.
  static constexpr std::size_t kAllowedRemembered = std::size_t(1) << 22;
  mutable std::vector<std::uint8_t> allowed_;
  bool allowed(std::size_t person, std::size_t shift) const {
    if (allowed_.empty()) return P.qualified(person, shift) && P.available(person, shift);
    std::uint8_t& a = allowed_[person * P.shifts.size() + shift];
    if (a == 0) a = P.qualified(person, shift) && P.available(person, shift) ? 2 : 1;
    return a == 2;
  }

  // P.fits() of a person's own schedule, remembered where people x shifts is small enough for
  // each version of that schedule: the travel pass asks it of the same busy people near a shift
  // again and again, for every guard whose hand-over needs someone for that shift. Each take()
  // and drop() gives the schedule a version never given before, and undo() gives back the one it
  // had (the same schedule), so that a trial undone does not forget what was known. The searches
  // that add to a schedule directly (best_schedule(), options_of()) ask P.fits() and leave the
  // schedule as it was. Past kVersions versions nothing more is remembered.
  mutable std::vector<std::uint32_t> fit_memo_;  // version << 2 | (Fit + 1); 0: not asked
  std::vector<std::uint32_t> version_;
  std::uint32_t versions_ = 0;  // given so far
  static constexpr std::uint32_t kVersions = (std::uint32_t(1) << 30) - 1;
  Fit fits(std::size_t person, std::size_t shift) const {
    const std::uint32_t v = version_[person];
    if (fit_memo_.empty() || v >= kVersions) return P.fits(schedules_[person], shift);
    std::uint32_t& m = fit_memo_[person * P.shifts.size() + shift];
    if (m == 0 || m >> 2 != v) m = v << 2 | (std::uint32_t(P.fits(schedules_[person], shift)) + 1);
    return Fit((m & 3) - 1);
  }

  std::size_t list_size() const { return std::size_t(std::max(256, 6 * opt_.candidates)); }

  // Per post, the list_size() nearest people who could qualify (straight line, then index),
  // found in a k-d tree over the people who could qualify for posts of the same requirements
  // (sex and skills), so that the lists cost about posts x log(people) instead of a scan of
  // everyone per post.
  void nearest_lists() {
    const auto& in = P.in;
    nearest_.resize(in.posts.size());
    nearest_km_.resize(in.posts.size());
    nearest_complete_.resize(in.posts.size());
    std::vector<std::array<double, 3>> at(in.people.size());
    for (std::size_t p = 0; p < in.people.size(); ++p) at[p] = on_sphere(in.people[p].home);
    std::map<std::pair<Sex, std::vector<std::string>>, std::unique_ptr<Qualified>> groups;
    std::vector<std::uint32_t> found;
    std::vector<double> d2;
    std::vector<std::pair<std::uint32_t, double>> near;
    std::vector<std::pair<double, std::uint32_t>> ranked;
    for (std::size_t post = 0; post < in.posts.size() && !opt_.cancelled(); ++post) {
      auto skills = in.posts[post].skills;
      std::ranges::sort(skills);
      auto& group = groups[{in.posts[post].sex, skills}];
      if (!group) {
        group = std::make_unique<Qualified>(at);
        for (std::size_t p = 0; p < in.people.size(); ++p)
          if (P.could_qualify(p, post)) group->people.push_back(std::uint32_t(p));
        group->build();
      }
      const std::size_t keep = std::min(group->people.size(), list_size());
      nearest_complete_[post] = keep == group->people.size();
      if (keep == 0) continue;
      const auto q = on_sphere(in.posts[post].location);
      found.resize(keep);
      d2.resize(keep);
      group->tree->knnSearch(q.data(), keep, found.data(), d2.data());
      // Everyone as near as the farthest found too (equal distances are ranked by index), so
      // that the list is the same as ranking everyone by the haversine distance.
      group->tree->radiusSearch(q.data(), d2.back() * (1 + 1e-9) + 1e-18, near,
                                nanoflann::SearchParams(32, 0, false));
      ranked.clear();
      for (auto [i, d] : near) {
        const std::uint32_t p = group->people[i];
        ranked.emplace_back(haversine_km(in.people[p].home, in.posts[post].location), p);
      }
      const std::size_t n = std::min(keep, ranked.size());
      std::partial_sort(ranked.begin(), ranked.begin() + n, ranked.end());
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t p = ranked[i].second;
        nearest_[post].push_back(p | (P.qualified_throughout(p, post) ? 0 : kAskDaily));
        nearest_km_[post].push_back(ranked[i].first);
      }
    }
  }

  static std::array<double, 3> on_sphere(Point x) {
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    const double lat = x.lat * kRad, lon = x.lon * kRad;
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
  }

  // The people who could qualify for posts of one requirement, in a k-d tree by their homes on
  // the unit sphere (the chord orders them as the great-circle distance does).
  struct Qualified {
    explicit Qualified(const std::vector<std::array<double, 3>>& points) : at(points) {}
    const std::vector<std::array<double, 3>>& at;
    std::vector<std::uint32_t> people;
    std::size_t kdtree_get_point_count() const { return people.size(); }
    double kdtree_get_pt(std::size_t i, std::size_t dim) const { return at[people[i]][dim]; }
    template <class BBox>
    bool kdtree_get_bbox(BBox&) const {
      return false;
    }
    using Tree =
        nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Qualified>,
                                            Qualified, 3, std::uint32_t>;
    std::unique_ptr<Tree> tree;
    void build() {
      tree = std::make_unique<Tree>(3, *this, nanoflann::KDTreeSingleIndexAdaptorParams(16));
      tree->buildIndex();
    }
  };

  bool eligible(std::size_t person, std::size_t shift) const {
    return allowed(person, shift) && fits(person, shift) == Fit::ok;
  }

  bool same_post_day_before(std::size_t person, std::size_t shift) const {
    const auto& s = P.shifts[shift];
    const auto& e = schedules_[person].entries();
    return std::any_of(e.begin(), e.end(), [&](const detail::Schedule::Entry& y) {
      return P.shifts[y.shift].post == s.post && P.shifts[y.shift].day + 1 == s.day;
    });
  }

  long long cost(std::size_t person, std::size_t shift) const {
    long long c = std::llround(km(person, shift) * 1000.0) * kPerMetre;
    c += worked_[person] / kHour * kPerHourWorked;
    if (same_post_day_before(person, shift)) c -= kContinuityBonus;
    return c;
  }

  std::vector<std::size_t> candidates(std::size_t shift) {
    std::vector<std::size_t> out;
    std::size_t want = std::size_t(opt_.candidates);
    std::size_t post = P.shifts[shift].post;
    const auto& list = nearest_[post];
    for (std::size_t i = 0; i < list.size(); ++i) {
      // The walk is bound by memory: each schedule is a cache miss of its own. Ask for the ones
      // a few steps ahead so that their misses overlap.
      if (i + kAhead < list.size()) schedules_[list[i + kAhead] & ~kAskDaily].prefetch();
      const std::size_t p = list[i] & ~kAskDaily;
      if ((list[i] & kAskDaily) ? eligible(p, shift) : fits(p, shift) == Fit::ok) out.push_back(p);
      if (out.size() >= want) return out;
    }
    if (nearest_complete_[post] || out.size() >= std::size_t(P.in.posts[post].target_guards))
      return out;
    // The nearest are all busy: look at everyone, nearest first.
    std::vector<std::pair<double, std::size_t>> more;
    for (std::size_t p = 0; p < P.in.people.size(); ++p)
      if (P.could_qualify(p, post) && eligible(p, shift) &&
          std::find(out.begin(), out.end(), p) == out.end())
        more.emplace_back(km(p, shift), p);
    std::size_t keep = std::min(more.size(), want);
    std::partial_sort(more.begin(), more.begin() + keep, more.end());
    for (std::size_t i = 0; i < keep; ++i) out.push_back(more[i].second);
    return out;
  }

  // A new guard goes last in the shift's guards and the person's taken_, unless `guard_at` and
  // `taken_at` say where (undo() putting back a drop).
  void take(std::size_t person, std::size_t shift, std::size_t guard_at = kLast,
            std::size_t taken_at = kLast) {
    if (logging_)
      log_.push_back({true, std::uint32_t(person), std::uint32_t(shift), version_[person]});
    const auto& post = P.in.posts[P.shifts[shift].post];
    const int n = int(guards_[shift].size());
    filled_min_ += n < post.min_guards;
    filled_ += n < post.target_guards;
    hours_ += P.shifts[shift].end - P.shifts[shift].start;
    auto& g = guards_[shift];
    g.insert(g.begin() + std::ptrdiff_t(std::min(guard_at, g.size())), person);
    schedules_[person].add(P.shifts[shift], shift);
    version_[person] = versions_ < kVersions ? ++versions_ : kVersions;
    auto& t = taken_[person];
    t.insert(t.begin() + std::ptrdiff_t(std::min(taken_at, t.size())), std::uint32_t(shift));
    worked_[person] += P.shifts[shift].end - P.shifts[shift].start;
  }
  static constexpr std::size_t kLast = std::numeric_limits<std::size_t>::max();
  void drop(std::size_t person, std::size_t shift) {
    auto& g = guards_[shift];
    auto& t = taken_[person];
    const auto guard_at = std::ranges::find(g, person) - g.begin();
    const auto taken_at = std::ranges::find(t, shift) - t.begin();
    if (logging_)
      log_.push_back({false, std::uint32_t(person), std::uint32_t(shift), version_[person],
                      std::uint32_t(guard_at), std::uint32_t(taken_at)});
    g.erase(g.begin() + guard_at);
    const auto& post = P.in.posts[P.shifts[shift].post];
    const int n = int(g.size());
    filled_min_ -= n < post.min_guards;
    filled_ -= n < post.target_guards;
    hours_ -= P.shifts[shift].end - P.shifts[shift].start;
    schedules_[person].remove(shift);
    version_[person] = versions_ < kVersions ? ++versions_ : kVersions;
    t.erase(t.begin() + taken_at);
    worked_[person] -= P.shifts[shift].end - P.shifts[shift].start;
  }

  // Assigns the free slots of shifts [g0, g1), each person to at most one of them: slots up to
  // min, and (`extra`) up to target. Each slot is offered to its post's nearest people who may
  // take it, and to the people `also` names for it. With `travel_only`, arcs cost metres alone:
  // the hours and continuity terms, summed over many arcs, could outweigh a metre saved.
  // `offered_before`: the person-shift pairs of the last flow of these shifts, whose guards have
  // not changed since and are that flow's optimum or as good: if no pair is new, the flow would
  // find nothing better and is not solved; else they are replaced by this flow's pairs. False if
  // no flow was solved.
  bool assign_group(std::size_t g0, std::size_t g1, bool extra, std::span<const Change> also = {},
                    bool travel_only = false,
                    std::vector<std::uint64_t>* offered_before = nullptr) {
    // The arcs are listed first and the graph built at once: adding them one by one to a graph
    // with its maps attached grew each map per arc (a fifth of a 70-person roster's flows).
    auto& arcs = flow_arcs_;
    auto& choices = flow_choices_;
    arcs.clear(), choices.clear();
    std::vector<std::uint32_t> seen;  // people given a node in this group
    const int source = 0, sink = 1;
    int nodes = 2;
    auto add = [&](int a, int b, long long c, long long k) {
      arcs.push_back({a, b, c, k});
      return int(arcs.size()) - 1;
    };
    auto room_of = [&](std::size_t s) {
      const auto& post = P.in.posts[P.shifts[s].post];
      const int n = int(guards_[s].size());
      return std::pair(std::max(0, post.min_guards - n),
                       extra ? post.target_guards - std::max(n, post.min_guards) : 0);
    };
    // The flow fills at most `total` slots, so a shift needs no more than its `total` cheapest
    // people offered: were another one in an optimal flow, one of those would be left free to
    // take their place for no more. Fewer people, fewer pivots. Not where `also` names people
    // (the blocks' flows), whose equal costs between a post's shifts go by the order offered.
    int total = 0;
    for (std::size_t s = g0; s < g1 && also.empty(); ++s) {
      const auto [below, above] = room_of(s);
      total += below + above;
    }
    auto& priced = flow_priced_;
    long long people = 0;
    int slot_nodes = 0, room = 0;  // of the last slot node
    auto& slots = flow_slots_;
    slots.clear();
    for (std::size_t s = g0; s < g1; ++s) {
      const auto [below_min, above_min] = room_of(s);
      if (below_min + above_min == 0) continue;
      const int slot = nodes++;
      ++slot_nodes, room = below_min + above_min;
      slots.push_back({below_min, above_min, choices.size()});
      if (below_min > 0) add(slot, sink, below_min, -kFillMin);
      if (above_min > 0) add(slot, sink, above_min, -kFillExtra);
      auto offered = candidates(s);
      for (const Change& c : also)
        if (c.shift == s && std::ranges::find(offered, c.person) == offered.end())
          offered.push_back(c.person);
      priced.clear();
      for (std::size_t p : offered)
        priced.emplace_back(travel_only ? metres(p, s) * kPerMetre : cost(p, s), priced.size());
      if (also.empty() && priced.size() > std::size_t(total)) {
        std::ranges::nth_element(priced, priced.begin() + total);
        priced.resize(std::size_t(total));
        std::ranges::sort(priced, {}, [](const auto& x) { return x.second; });  // as offered
      }
      for (const auto& [c, i] : priced) {
        const std::size_t p = offered[i];
        int& id = node_of_[p];
        if (id < 0) {
          id = nodes++;
          add(source, id, 1, 0);
          ++people;
          seen.push_back(std::uint32_t(p));
        }
        choices.push_back({add(id, slot, 1, c), std::uint32_t(p), std::uint32_t(s)});
      }
    }
    for (std::uint32_t p : seen) node_of_[p] = -1;
    if (choices.empty()) return false;
    if (offered_before) {
      auto& pairs = flow_pairs_;
      pairs.clear();
      for (const auto& c : choices) pairs.push_back(std::uint64_t(c.shift) << 32 | c.person);
      std::ranges::sort(pairs);
      if (std::ranges::includes(*offered_before, pairs)) return false;
      offered_before->swap(pairs);
    }
    if (slot_nodes > 1 && cheapest_by_search()) return true;
    if (slot_nodes == 1) {
      // One shift: each person offered takes it or not, and every slot filled outweighs any
      // arc's cost, so the flow is its `room` cheapest arcs. Chosen without network simplex (a
      // graph and its pivots, most of a small roster's flows); taken in the order offered, as
      // the flow's are.
      auto& order = flow_order_;
      order.resize(choices.size());
      std::iota(order.begin(), order.end(), std::size_t(0));
      const auto by_cost = [&](std::size_t a, std::size_t b) {
        return std::pair(arcs[std::size_t(choices[a].arc)].cost, a) <
               std::pair(arcs[std::size_t(choices[b].arc)].cost, b);
      };
      const std::size_t keep = std::min(order.size(), std::size_t(room));
      std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(keep), order.end(), by_cost);
      auto& chosen = flow_chosen_;
      chosen.assign(choices.size(), 0);
      for (std::size_t i = 0; i < keep; ++i) chosen[order[i]] = 1;
      for (std::size_t i = 0; i < choices.size(); ++i)
        if (chosen[i]) take(choices[i].person, choices[i].shift);
      return true;
    }
    add(source, sink, people, 0);  // people left free
    using Graph = lemon::SmartDigraph;
    Graph g;
    g.reserveNode(nodes);
    g.reserveArc(int(arcs.size()));
    for (int i = 0; i < nodes; ++i) g.addNode();
    for (const auto& a : arcs) g.addArc(g.nodeFromId(a.from), g.nodeFromId(a.to));
    Graph::ArcMap<long long> cap(g), cst(g);
    for (std::size_t i = 0; i < arcs.size(); ++i) {
      cap[g.arcFromId(int(i))] = arcs[i].cap;
      cst[g.arcFromId(int(i))] = arcs[i].cost;
    }
    lemon::NetworkSimplex<Graph, long long, long long> ns(g);
    ns.upperMap(cap).costMap(cst).stSupply(g.nodeFromId(source), g.nodeFromId(sink), people);
    if (ns.run() != lemon::NetworkSimplex<Graph, long long, long long>::OPTIMAL) return false;
    for (const auto& c : choices)
      if (ns.flow(g.arcFromId(c.arc)) > 0) take(c.person, c.shift);
    return true;
  }

  // A flow of a few slots (assign_group()) solved by trying every assignment, where exactly one
  // is the cheapest: that one is the flow's only optimum, so network simplex would find it too
  // (a graph and its pivots were most of a small roster's fill flows). Taken in the order
  // offered, as the flow's are. False, nothing taken, where two tie or there are too many.
  bool cheapest_by_search() {
    const auto& slots = flow_slots_;
    const auto& choices = flow_choices_;
    const auto& arcs = flow_arcs_;
    if (choices.size() > 64) return false;  // a person per bit below, and a choice per bit
    // Assignments to try, at most: per slot, the subsets of its people up to its room.
    double assignments = 1;
    for (std::size_t j = 0; j < slots.size(); ++j) {
      const std::size_t end = j + 1 < slots.size() ? slots[j + 1].first : choices.size();
      const std::size_t n = end - slots[j].first;
      double subsets = 0, ways = 1;
      for (std::size_t k = 0; k <= std::min(n, std::size_t(slots[j].below + slots[j].above)); ++k) {
        subsets += ways;
        ways = ways * double(n - k) / double(k + 1);
      }
      assignments *= subsets;
    }
    if (assignments > double(kSearchLeaves)) return false;
    auto& who = flow_who_;  // per choice, its person as a bit
    who.resize(choices.size());
    auto& people = flow_people_;
    people.clear();
    for (std::size_t i = 0; i < choices.size(); ++i) {
      auto at = std::ranges::find(people, choices[i].person);
      if (at == people.end()) at = people.insert(people.end(), choices[i].person);
      who[i] = std::uint64_t(1) << (at - people.begin());
    }
    constexpr long long kNone = std::numeric_limits<long long>::max();
    long long best = kNone;
    bool tie = false;
    std::uint64_t best_pick = 0;
    // Slot j from choice i on: take choice i (if its person is free and the slot has room) or not.
    auto search = [&](auto& self, std::size_t j, std::size_t i, int n, long long cost,
                      std::uint64_t used, std::uint64_t pick) -> void {
      if (j == slots.size()) {
        if (cost < best)
          best = cost, best_pick = pick, tie = false;
        else if (cost == best)
          tie = true;
        return;
      }
      const auto& slot = slots[j];
      const std::size_t end = j + 1 < slots.size() ? slots[j + 1].first : choices.size();
      if (i == end) {
        // Each guard fills a slot up to min first, as the flow's cheaper arc to the sink.
        const long long fill = n <= slot.below
                                   ? -kFillMin * n
                                   : -kFillMin * slot.below - kFillExtra * (n - slot.below);
        self(self, j + 1, end, 0, cost + fill, used, pick);
        return;
      }
      if (n < slot.below + slot.above && !(used & who[i]))
        self(self, j, i + 1, n + 1, cost + arcs[std::size_t(choices[i].arc)].cost, used | who[i],
             pick | std::uint64_t(1) << i);
      self(self, j, i + 1, n, cost, used, pick);
    };
    search(search, 0, slots.front().first, 0, 0, 0, 0);
    if (tie) return false;
    for (std::size_t i = 0; i < choices.size(); ++i)
      if (best_pick >> i & 1) take(choices[i].person, choices[i].shift);
    return true;
  }
  static constexpr long long kSearchLeaves = 256;

  // Fills slots one at a time: someone free directly, or someone freed by handing one of their
  // shifts to a third person (which keeps that shift as full as it was). Each slot first gets a
  // bounded search among the nearest people, whatever the budget; the search of everyone after
  // it runs only while the budget of rule checks lasts, so that one slot nobody can fill does not
  // leave the slots after it untried.
  void repair(bool min_only) {
    const auto& in = P.in;
    for (std::size_t s = 0; s < P.shifts.size() && !opt_.cancelled(); ++s) {
      const auto& post = in.posts[P.shifts[s].post];
      int want = min_only ? post.min_guards : post.target_guards;
      while (int(guards_[s].size()) < want && fill_one(s)) {
      }
    }
  }

  bool in_shift(std::size_t p, std::size_t sh) const {
    return std::find(guards_[sh].begin(), guards_[sh].end(), p) != guards_[sh].end();
  }

  // Would q serve s if one of their shifts went to somebody else? Replacements come from the
  // nearest of that shift's post, then (`everyone`) from all people in index order.
  bool move_for(std::size_t q, std::size_t s, bool for_min, bool everyone) {
    const auto& in = P.in;
    const auto mine = taken_[q];
    for (std::size_t a : mine) {
      if (everyone && budget_ <= 0) return false;
      --budget_;
      // Without a: a person holds one shift per start instant.
      if (P.fits(schedules_[q], s, P.shifts[a].start) != Fit::ok) continue;
      std::size_t apost = P.shifts[a].post;
      // A min slot outranks a slot above min: such a guard moves even with no replacement.
      bool a_above_min = int(guards_[a].size()) > in.posts[apost].min_guards;
      if (for_min && a_above_min) {
        drop(q, a);
        take(q, s);
        return true;
      }
      auto hand_over = [&](std::size_t r) {
        if (r == q || in_shift(r, a)) return false;
        --budget_;
        if (fits(r, a) != Fit::ok) return false;
        drop(q, a);
        take(r, a);
        take(q, s);
        return true;
      };
      if (!everyone) {
        for (std::uint32_t entry : nearest_[apost]) {
          const std::size_t r = entry & ~kAskDaily;
          if ((entry & kAskDaily) && !allowed(r, a)) continue;
          if (hand_over(r)) return true;
        }
        continue;
      }
      for (std::size_t r = 0; r < in.people.size(); ++r)
        if (P.could_qualify(r, apost) && allowed(r, a) && hand_over(r)) return true;
    }
    return false;
  }

  // The flow and the repair fill slots in time order, one at a time, and leave slots that only
  // a different week for somebody fills: weekly hours spent early on a 12 h shift that two later
  // 8 h shifts needed, or a run of shifts spaced so that the rest rule leaves no room for one
  // more, which another person's run would leave. So each person's schedule is made again
  // (reschedule), then each pair of a person and someone holding a full shift they could take;
  // a change is kept when more slots are filled (min slots first), or as many with fewer hours
  // on duty (hours left for the next turn). Each kept change raises that order, so the rounds
  // end; a budget of rule checks and search steps bounds them on large instances.
  void improve() {
    long slots = 0;
    for (const auto& sh : P.shifts) slots += P.in.posts[sh.post].target_guards;
    bool changed = filled_ < slots;
    // A reschedule fills more, or as many with fewer hours, only if one of its people takes a
    // slot that had room (the shifts they leave are only filled again, each at most as full as
    // before, unless it had room itself): so who may do neither is not tried, nor a pair tried
    // again before anything has changed.
    std::vector<char> may_gain;
    std::set<std::pair<std::size_t, std::size_t>> tried;
    long kept = -1, seen = -2;
    auto gains = [&](std::size_t p) {
      if (seen != kept) {
        seen = kept;
        tried.clear();
        may_gain = gainers();
      }
      return may_gain[p] != 0;
    };
    auto attempt = [&](std::initializer_list<std::size_t> who) {
      const bool better = reschedule(who);
      if (better) ++kept;
      return better;
    };
    kept = 0;
    for (int round = 0; round < 4 && changed; ++round) {
      changed = false;
      for (std::size_t p = 0; p < P.in.people.size(); ++p) {
        if (improve_budget_ <= 0 || opt_.cancelled() || at_bound()) return;
        if (gains(p)) changed = attempt({p}) || changed;
      }
      // Pairs of people: p and each guard of a full shift p could take.
      for (std::size_t p = 0; p < P.in.people.size(); ++p) {
        std::vector<std::size_t> others;
        improve_budget_ -= (long long)(P.shifts.size());
        for (std::size_t s = 0; s < P.shifts.size(); ++s)
          if (int(guards_[s].size()) >= P.in.posts[P.shifts[s].post].target_guards &&
              !in_shift(p, s) && allowed(p, s))
            for (std::size_t q : guards_[s])
              if (std::find(others.begin(), others.end(), q) == others.end()) others.push_back(q);
        for (std::size_t q : others) {
          if (improve_budget_ <= 0 || opt_.cancelled() || at_bound()) return;
          if (!gains(p) && !gains(q)) continue;
          if (!tried.insert(std::minmax(p, q)).second) continue;
          if (attempt({p, q}) || attempt({q, p})) changed = true;
        }
      }
    }
  }

  // Per person: could they take a slot with room (qualified, available, not in that shift), or
  // do they hold a shift with room? (improve())
  std::vector<char> gainers() {
    std::vector<char> out(P.in.people.size(), 0);
    for (std::size_t s = 0; s < P.shifts.size(); ++s) {
      if (int(guards_[s].size()) >= P.in.posts[P.shifts[s].post].target_guards) continue;
      improve_budget_ -= (long long)(P.in.people.size());
      for (std::size_t p = 0; p < P.in.people.size(); ++p)
        if (!out[p] && (in_shift(p, s) || allowed(p, s))) out[p] = 1;
    }
    return out;
  }

  // The flow assigns in time order, so early shifts use up the weekly hours of the people
  // nearest to many posts, and the fill passes weigh slots and hours, not kilometres. So each
  // guard's place is offered to the people nearer to that post: someone free takes it
  // (relocate); else someone nearer takes it after giving up the shifts of theirs in its way,
  // each of which goes to the guard relieved or to the nearest person free for it (a swap, or a
  // chain of three). A move is kept only if every slot stays filled and the kilometres fall, so
  // the rounds end; a budget of rule checks per guard on duty bounds them on large instances.
  void shorten() {
    long long on_duty = 0;
    for (const auto& g : guards_) on_duty += (long long)(g.size());
    travel_budget_ = std::min(kTravelChecks, kTravelChecksPerGuard * on_duty);
    for (int round = 0; round < kTravelRounds; ++round) {
      bool changed = false;
      room_.clear();
      for (std::size_t s = 0; s < P.shifts.size(); ++s)
        if (int(guards_[s].size()) < P.in.posts[P.shifts[s].post].target_guards)
          room_.push_back(std::uint32_t(s));
      for (std::size_t s = 0; s < P.shifts.size(); ++s) {
        if (travel_budget_ <= 0 || opt_.cancelled()) return;
        // A move may replace the guard at i: the one now there is offered the place next.
        for (std::size_t i = 0; i < guards_[s].size(); ++i)
          if (relieve(guards_[s][i], s) || move_over(guards_[s][i], s)) changed = true;
      }
      if (!changed) return;
    }
  }

  // Better by the objectives' order: more slots filled (min first), or as many and fewer
  // kilometres than before the changes logged since `mark`.
  bool better_since(std::size_t mark, std::tuple<long, long> fill) const {
    const auto now = std::tuple(filled_min_, filled_);
    return now > fill || (now == fill && km_since(mark) < -1e-9);
  }

  // Where slots are left empty, the fill passes chose which ones by time order, not by the
  // kilometres to them: q's place at s is left for a shift with room nearer to q's home, with
  // s filled again by the nearest person free for it when its slot counts more.
  bool move_over(std::size_t q, std::size_t s) {
    const double here = km(q, s);
    const auto fill = std::tuple(filled_min_, filled_);
    for (std::uint32_t a : room_) {
      if (travel_budget_-- <= 0) return false;
      if (a == s || in_shift(q, a) || km(q, a) >= here) continue;
      if (int(guards_[a].size()) >= P.in.posts[P.shifts[a].post].target_guards) continue;
      if (!allowed(q, a)) continue;
      logging_ = true;
      drop(q, s);
      bool ok = fits(q, a) == Fit::ok;
      if (ok) {
        take(q, a);
        if (std::tuple(filled_min_, filled_) < fill) {
          const std::size_t t = nearest_free(s, P.in.people.size(), q);
          if (t < P.in.people.size()) take(t, s);
        }
        ok = better_since(0, fill);
      }
      if (settle(ok)) return true;
    }
    return false;
  }

  // Kilometres the changes logged since `mark` added (negative: saved).
  double km_since(std::size_t mark) const {
    double d = 0;
    for (std::size_t i = mark; i < log_.size(); ++i)
      d += (log_[i].took ? 1 : -1) * km(log_[i].person, log_[i].shift);
    return d;
  }

  // The nearest person who may take a place at `a` now (`first`, then a's post's nearest, but
  // never `not_them`) no farther than `most` km from it, or people.size(). `as`: people whose
  // schedules are taken as given there (may_hand_over()).
  std::size_t nearest_free(
      std::size_t a, std::size_t first, std::size_t not_them,
      double most = std::numeric_limits<double>::infinity(),
      std::span<const std::pair<std::size_t, const detail::Schedule*>> as = {}) {
    const std::size_t none = P.in.people.size();
    std::size_t best = none;
    double best_km = 0;
    // dist: km(r, a), or NaN where not known yet.
    auto consider = [&](std::size_t r, double dist) {
      if (r == not_them || in_shift(r, a)) return;
      --travel_budget_;
      if (std::isnan(dist)) dist = km(r, a);
      if (dist > most) return;
      auto it = std::ranges::find(as, r, [](const auto& x) { return x.first; });
      if ((it == as.end() ? fits(r, a) : P.fits(*it->second, a)) != Fit::ok) return;
      if (best == none || dist < best_km) best = r, best_km = dist;
    };
    constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
    if (first < none && allowed(first, a)) consider(first, kUnknown);
    std::size_t looked = 0;
    const std::size_t post = P.shifts[a].post;
    for (std::size_t i = 0; i < nearest_[post].size(); ++i) {
      const std::uint32_t entry = nearest_[post][i];
      const std::size_t r = entry & ~kAskDaily;
      // Along straight lines the list is nearest first, and km(r, a) is the list's; along roads
      // it is only near first.
      const double dist = straight_ ? nearest_km_[post][i] : kUnknown;
      if (straight_ && best < none && dist >= best_km) break;
      if (straight_ && dist > most) {
        // Charged as if the next one had been free: the passes that end at their budget (the
        // city's, the country's) would otherwise run on for little.
        --travel_budget_;
        break;
      }
      if (++looked > std::size_t(opt_.candidates)) break;
      if ((entry & kAskDaily) && !allowed(r, a)) continue;
      consider(r, dist);
    }
    return best;
  }

  // Kilometres from a's post to the nearest person who could qualify for it along straight lines
  // (no one is nearer), else 0.
  double least_km(std::size_t a) const {
    const auto& list = nearest_km_[P.shifts[a].post];
    return straight_ && !list.empty() ? list.front() : 0.0;
  }
  // Rounding room of the bounds above: they give up a search only where its result would be
  // worse by more than this, never where better_since() might still keep it.
  static constexpr double kKmSlack = 1e-6;

  // Offers q's place at s to the people nearer to its post (shorten()). True if it was taken.
  bool relieve(std::size_t q, std::size_t s) {
    const std::size_t post = P.shifts[s].post;
    const double here = km(q, s);
    std::size_t blocked = 0, looked = 0;
    for (std::uint32_t entry : nearest_[post]) {
      const std::size_t r = entry & ~kAskDaily;
      if (travel_budget_ <= 0 || ++looked > std::size_t(opt_.candidates)) return false;
      if (r == q && straight_) return false;  // everyone after q is as far or farther
      if (r == q || km(r, s) >= here) continue;
      if (((entry & kAskDaily) && !allowed(r, s)) || in_shift(r, s)) continue;
      --travel_budget_;
      if (fits(r, s) == Fit::ok) {
        drop(q, s);
        take(r, s);
        return true;
      }
      if (++blocked <= kTravelBlocked && hand_over(q, r, s)) return true;
    }
    return false;
  }

  // For shift s that `person` misses only by the week's hours: gives up one more of their shifts
  // within a week of s, latest first, until s fits (the one given up is added to given_up, each
  // tried in vain taken back), never one that `kept` names. Each try spends one of `budget`.
  template <typename Kept>
  Fit give_up_within_week(std::size_t person, std::size_t s, long long& budget,
                          std::vector<std::uint32_t>& given_up, const Kept& kept) {
    const Timestamp week = 7 * 24 * kHour;
    const auto& x = P.shifts[s];
    auto& near = near_;
    near.clear();
    for (const auto& e : schedules_[person].entries())
      if (e.start > x.start - week && e.start < x.end + week && !kept(e.shift))
        near.push_back(e.shift);
    Fit f = Fit::weekly;
    for (auto it = near.rbegin(); it != near.rend() && f != Fit::ok; ++it) {
      drop(person, *it);
      --budget;
      f = fits(person, s);
      if (f == Fit::ok)
        given_up.push_back(*it);
      else
        take(person, *it);
    }
    return f;
  }

  // hand_over()'s first way tried on copies of the schedules it changes (r's without the
  // shifts in the way, q's without s, each refill's taker's with it): false where that trial
  // would fail at r's own rules or at a refill, with the budget charged as the trial would have
  // charged it, so that a pass ending at its budget ends where it did. Most hand-overs fail so
  // (guard_bench's medium seed 3: nearly all at a refill), and their drops, takes and undo were
  // a third of the travel pass. True where the trial is to be made (uncharged): r must give up
  // more for the week's hours, or every refill was found.
  bool may_hand_over(std::size_t q, std::size_t r, std::size_t s,
                     std::span<const std::uint32_t> given_up) {
    const long long budget = travel_budget_;
    auto& theirs = trial_[0];
    theirs = schedules_[r];
    for (std::uint32_t a : given_up) theirs.remove(a);
    --travel_budget_;
    const Fit g = P.fits(theirs, s);
    if (g == Fit::weekly) {
      travel_budget_ = budget;
      return true;
    }
    if (g != Fit::ok) return false;
    // The refills as hand_over() makes them, its sums in its order.
    std::array<std::pair<std::size_t, const detail::Schedule*>, 3> as;
    std::size_t n = 0;
    auto as_of = [&](std::size_t p) -> detail::Schedule& {
      for (std::size_t i = 0; i < n; ++i)
        if (as[i].first == p) return trial_[i + 1];
      trial_[n + 1] = schedules_[p];
      as[n] = {p, &trial_[n + 1]};
      return trial_[++n];
    };
    as_of(q).remove(s);
    double slack = km(q, s) - km(r, s), later = 0;
    for (std::uint32_t a : given_up) slack += km(r, a), later += least_km(a);
    for (std::uint32_t a : given_up) {
      later -= least_km(a);
      const std::size_t t = nearest_free(a, q, r, slack - later + kKmSlack, std::span(as).first(n));
      if (t == P.in.people.size()) return false;
      as_of(t).add(P.shifts[a], a);
      slack -= km(t, a);
    }
    travel_budget_ = budget;
    return true;
  }

  // r, blocked, takes q's place at s: r gives up the shifts in the way (those within the rest
  // limit, then, while the week's hours are too many, one more within a week of s, latest
  // first), each to q or the nearest person free for it. Else q and r trade every shift in a
  // window around s and r's shifts in its way: from then on, up to then, or just those, so that
  // two runs of shifts change hands where no single shift can. Kept if better; else undone.
  bool hand_over(std::size_t q, std::size_t r, std::size_t s) {
    const auto& x = P.shifts[s];
    const Timestamp rest = P.in.rules.min_rest;
    const auto fill = std::tuple(filled_min_, filled_);
    auto& given_up = handed_;
    given_up.clear();
    Timestamp from = x.start, to = x.end;
    for (const auto& e : schedules_[r].entries())
      if (e.start < x.end + rest && x.start < e.end + rest) {
        given_up.push_back(e.shift);
        from = std::min(from, e.start), to = std::max(to, e.end);
      }
    auto settle_better = [&](bool ok) { return settle(ok && better_since(0, fill)); };
    if (given_up.size() <= 2 && may_hand_over(q, r, s, given_up)) {
      logging_ = true;
      drop(q, s);
      for (std::uint32_t a : given_up) drop(r, a);
      --travel_budget_;
      Fit g = fits(r, s);
      if (g == Fit::weekly)
        g = give_up_within_week(r, s, travel_budget_, given_up,
                                [](std::uint32_t) { return false; });
      bool ok = g == Fit::ok;
      if (ok) {
        take(r, s);
        // The hand-over is kept only if the kilometres fall: each refill may add at most what is
        // left of the saving, less the least the later refills add (the nearest of their posts'
        // people, along straight lines). Farther refills are not looked for.
        double slack = km(q, s) - km(r, s), later = 0;
        for (std::uint32_t a : given_up) slack += km(r, a), later += least_km(a);
        for (std::uint32_t a : given_up) {
          later -= least_km(a);
          const std::size_t t = nearest_free(a, q, r, slack - later + kKmSlack);
          if (t == P.in.people.size()) {
            ok = false;
            break;
          }
          take(t, a);
          slack -= km(t, a);
        }
      }
      if (settle_better(ok)) return true;
    }
    constexpr Timestamp kEver = std::numeric_limits<Timestamp>::max();
    const std::array<std::pair<Timestamp, Timestamp>, 3> windows = {
        std::pair(from, kEver), std::pair(-kEver, to), std::pair(from, to)};
    // A trade leaves every shift as full as it was, so it is kept only if it saves kilometres:
    // where it cannot, it is not tried (most of the travel pass's trials on small rosters). What
    // each window's trade would save is summed for the three in one pass (q's shifts, then r's,
    // in time order: the sums trade() made when it summed each window itself).
    std::array<double, 3> saves{};
    auto sum = [&](std::size_t from_person, std::size_t to_person) {
      for (const auto& e : schedules_[from_person].entries()) {
        const double d = km(from_person, e.shift) - km(to_person, e.shift);
        for (std::size_t w = 0; w < windows.size(); ++w)
          if (e.start >= windows[w].first && e.start < windows[w].second) saves[w] += d;
      }
    };
    sum(q, r);
    sum(r, q);
    for (std::size_t w = 0; w < windows.size(); ++w) {
      if (travel_budget_ <= 0) return false;
      if (saves[w] < 1e-10) {
        // Charged one check, as a trade failing at its first shift was: the city's and the
        // country's pass ends at its cap, and trials spared for free let it run on (the country
        // took 12 % more CPU for 0.1 % less travel); charged a full trade, the city's km rose.
        --travel_budget_;
        continue;
      }
      logging_ = true;
      if (settle_better(trade(q, r, windows[w].first, windows[w].second))) return true;
    }
    return false;
  }

  // q and r trade their shifts starting in [t0, t1) if every rule lets them (hand_over() asks
  // only for trades that save kilometres). Logged; the caller keeps or undoes it.
  bool trade(std::size_t q, std::size_t r, Timestamp t0, Timestamp t1) {
    auto &mine = mine_, &theirs = theirs_;
    mine.clear(), theirs.clear();
    for (const auto& e : schedules_[q].entries())
      if (e.start >= t0 && e.start < t1) mine.push_back(e.shift);
    for (const auto& e : schedules_[r].entries())
      if (e.start >= t0 && e.start < t1) theirs.push_back(e.shift);
    for (std::uint32_t a : mine) drop(q, a);
    for (std::uint32_t b : theirs) drop(r, b);
    auto give = [&](std::size_t who, const std::vector<std::uint32_t>& shifts) {
      for (std::uint32_t a : shifts) {
        --travel_budget_;
        if (in_shift(who, a) || !allowed(who, a) || fits(who, a) != Fit::ok) return false;
        take(who, a);
      }
      return true;
    };
    return give(q, theirs) && give(r, mine);
  }

  // The whole schedules of `who` (one or two people) made again, one person after the other:
  // each takes the best set of shifts with room for them (those they held included), found by a
  // bounded search; then the shifts they left are filled by others. Kept if better. Two people
  // together can trade runs of shifts that neither could give up alone under the rest rule.
  bool reschedule(std::initializer_list<std::size_t> who) {
    const auto& in = P.in;
    auto& old = resched_old_;
    old.clear();
    for (std::size_t p : who) old.insert(old.end(), taken_[p].begin(), taken_[p].end());
    const auto before = std::tuple(filled_min_, filled_, -hours_);
    logging_ = true;
    for (std::size_t p : who)
      while (!taken_[p].empty()) drop(p, taken_[p].front());
    for (std::size_t p : who) {
      if (!best_schedule(p)) return settle(false);
      for (std::uint32_t s : resched_best_) take(p, s);
    }
    // Unless one of them now holds a slot that had room, or left one, the shifts they left can
    // only be filled again as they were: nothing to gain, and the refills are the cost.
    auto had_room = [&](std::uint32_t s) {
      int n = int(guards_[s].size()) + int(std::count(old.begin(), old.end(), s));
      for (std::size_t p : who) n -= in_shift(p, s);
      return n < in.posts[P.shifts[s].post].target_guards;
    };
    bool may_gain = std::any_of(old.begin(), old.end(), had_room);
    for (std::size_t p : who)
      may_gain = may_gain || std::any_of(taken_[p].begin(), taken_[p].end(), had_room);
    if (!may_gain) return settle(false);
    for (std::uint32_t a : old) {
      slot_budget_ = kSlotBudget;
      const auto& post = in.posts[P.shifts[a].post];
      while (int(guards_[a].size()) < post.target_guards && slot_budget_ > 0 && chain(a, 1)) {
      }
      improve_budget_ -= kSlotBudget - std::max(0LL, slot_budget_);
    }
    return settle(std::tuple(filled_min_, filled_, -hours_) > before);
  }

  // The most valuable set of shifts with room that p may hold together (p holding none now),
  // into resched_best_: a slot up to min outweighs every slot above it; among equal fills, fewer
  // minutes on duty. False when there are too many shifts to choose from (the search recurses
  // once per shift).
  bool best_schedule(std::size_t p) {
    const auto& in = P.in;
    auto& cands = resched_cands_;
    cands.clear();
    improve_budget_ -= (long long)(P.shifts.size());
    for (std::size_t s = 0; s < P.shifts.size(); ++s)
      if (int(guards_[s].size()) < in.posts[P.shifts[s].post].target_guards && allowed(p, s))
        cands.push_back(std::uint32_t(s));
    if (cands.size() > kRescheduleShifts) return false;
    const long long w_min = (long long)(P.shifts.size()) + 1;
    // bound[i]: the most the shifts from i on could add under the rest rule alone (weighted
    // interval scheduling), which the weekly hours only lower.
    auto &gain = resched_gain_, &bound = resched_bound_;
    gain.resize(cands.size());
    bound.assign(cands.size() + 1, 0);
    const Timestamp rest = in.rules.min_rest;
    for (std::size_t i = cands.size(); i-- > 0;) {
      const auto& x = P.shifts[cands[i]];
      const long long v = int(guards_[cands[i]].size()) < in.posts[x.post].min_guards ? w_min : 1;
      gain[i] = v * (1LL << 20) - (x.end - x.start) / kMinute;
      const auto next = std::partition_point(cands.begin() + i, cands.end(), [&](std::uint32_t s) {
        return P.shifts[s].start < x.end + rest;
      });
      bound[i] = std::max(bound[i + 1], gain[i] + bound[std::size_t(next - cands.begin())]);
    }
    auto &chosen = resched_chosen_, &best = resched_best_;
    chosen.clear(), best.clear();
    long long best_score = -1, nodes = kRescheduleNodes;
    auto& sched = schedules_[p];
    // Shifts in time order, each taken before it is left out: the first leaf is the greedy
    // schedule, and bound[] prunes the rest.
    auto search = [&](auto& self, std::size_t i, long long score) -> void {
      if (score + bound[i] <= best_score || --nodes < 0) return;
      if (i == cands.size()) {
        best_score = score, best = chosen;
        return;
      }
      const std::size_t s = cands[i];
      if (P.fits(sched, s) == Fit::ok) {
        sched.add(P.shifts[s], s);
        chosen.push_back(std::uint32_t(s));
        self(self, i + 1, score + gain[i]);
        chosen.pop_back();
        sched.remove(s);
      }
      self(self, i + 1, score);
    };
    search(search, 0, 0);
    improve_budget_ -= kRescheduleNodes - std::max(0LL, nodes);
    return true;
  }

  // Ends a trial begun with logging_ = true: keeps its changes if `keep`, else undoes them.
  bool settle(bool keep) {
    if (!keep) undo(0);
    logging_ = false;
    log_.clear();
    return keep;
  }

  void undo(std::size_t mark) {
    logging_ = false;
    while (log_.size() > mark) {
      const Change c = log_.back();
      log_.pop_back();
      if (c.took)
        drop(c.person, c.shift);
      else
        take(c.person, c.shift, c.guard_at, c.taken_at);
      version_[c.person] = c.version;  // the schedule, and where they stand, as it was then
    }
    logging_ = true;
  }

  // Made by the chain being tried: not to be given up again within it, or it would go round.
  bool made_in_chain(std::size_t p, std::size_t shift) const {
    return std::any_of(log_.begin(), log_.end(), [&](const Change& c) {
      return c.took && c.person == p && c.shift == shift;
    });
  }

  // A slot's class: 2 up to min_guards, 1 above it; one of a higher class outweighs any number of
  // a lower one, so a chain may leave empty a slot of a lower class than the one it fills.
  int slot_class(std::size_t shift, int guards) const {
    return guards < P.in.posts[P.shifts[shift].post].min_guards ? 2 : 1;
  }

  // An ejection chain: someone free takes the slot, or q takes it after giving up the shifts of
  // theirs that stand in the way (those within the rest limit, and one more when the week's
  // hours are still too many), each of which is filled again the same way, one level shallower.
  // Fills one more slot of `shift` with chains of at most `depth` hand-overs; on false, every
  // change is undone.
  bool chain(std::size_t s, int depth) {
    const std::size_t post = P.shifts[s].post;
    const int cls = slot_class(s, int(guards_[s].size()));
    const Timestamp rest = P.in.rules.min_rest;
    const auto& x = P.shifts[s];
    std::vector<std::size_t> blocked;
    double best_km = 0;
    std::size_t best = P.in.people.size();
    for (std::uint32_t entry : nearest_[post]) {
      const std::size_t p = entry & ~kAskDaily;
      if (((entry & kAskDaily) && !allowed(p, s)) || in_shift(p, s)) continue;
      --slot_budget_;
      if (fits(p, s) == Fit::ok) {
        const double dist = km(p, s);
        if (best == P.in.people.size() || dist < best_km) best = p, best_km = dist;
        // Along straight lines the list is nearest first: the first who fits is the nearest.
        if (straight_) break;
      } else if (depth > 0 && blocked.size() < std::size_t(opt_.candidates)) {
        blocked.push_back(p);
      }
    }
    if (best < P.in.people.size()) {
      take(best, s);
      return true;
    }
    if (depth == 0) return false;
    std::vector<std::uint32_t> given_up;
    for (std::size_t q : blocked) {
      if (slot_budget_ <= 0 || opt_.cancelled()) return false;
      const std::size_t mark = log_.size();
      given_up.clear();
      bool stuck = false;
      for (const auto& e : schedules_[q].entries())
        if (e.start < x.end + rest && x.start < e.end + rest) {
          if (made_in_chain(q, e.shift)) stuck = true;
          given_up.push_back(e.shift);
        }
      if (stuck || given_up.size() > 2) continue;
      if (depth == 1 && !may_take_over(q, s, cls, given_up)) continue;
      for (std::uint32_t a : given_up) drop(q, a);
      --slot_budget_;
      Fit f = fits(q, s);
      if (f == Fit::weekly)
        f = give_up_within_week(q, s, slot_budget_, given_up,
                                [&](std::uint32_t a) { return made_in_chain(q, a); });
      if (f != Fit::ok) {
        undo(mark);
        continue;
      }
      take(q, s);
      bool ok = true;
      for (std::uint32_t a : given_up) {
        // q's place in a is empty now: it is lost unless filled again, which a slot of a lower
        // class than s may be.
        const int lost = slot_class(a, int(guards_[a].size()));
        if (!chain(a, depth - 1) && lost >= cls) {
          ok = false;
          break;
        }
      }
      if (ok) return true;
      undo(mark);
    }
    return false;
  }

  // chain()'s hand-over at depth 1 judged on copies of the schedules it changes (q's without the
  // shifts in the way and with s, each refill's taker's with theirs): false where that trial would
  // fail at q's own rules or at a refill whose slot may not be lost, with slot_budget_ charged as
  // the trial would have charged it, so that rosters are as if it had been made. True where the
  // trial is to be made (uncharged): q must give up more for the week's hours, or no refill
  // fails so. (Medium seed 1: most of the reschedules' refills end so, and their drops, takes,
  // refill scans and undo were half of the reschedule pass.)
  bool may_take_over(std::size_t q, std::size_t s, int cls,
                     std::span<const std::uint32_t> given_up) {
    const long long budget = slot_budget_;
    std::array<std::size_t, 3> who{};  // whose schedule trial_[i] is
    std::size_t n = 0;
    trial_[0] = schedules_[q];
    who[n++] = q;
    for (std::uint32_t a : given_up) trial_[0].remove(a);
    --slot_budget_;
    const Fit g = P.fits(trial_[0], s);
    if (g == Fit::weekly) {
      slot_budget_ = budget;
      return true;
    }
    if (g != Fit::ok) return false;
    trial_[0].add(P.shifts[s], s);
    for (std::uint32_t a : given_up) {
      // q's place in a is empty: the refill is chain(a, 0) as the trial would make it, the
      // schedules of q and of the takers before it as the trial would have changed them.
      const int lost = slot_class(a, int(guards_[a].size()) - 1);
      double best_km = 0;
      std::size_t best = P.in.people.size(), best_at = 0;
      for (std::uint32_t entry : nearest_[P.shifts[a].post]) {
        const std::size_t p = entry & ~kAskDaily;
        if (((entry & kAskDaily) && !allowed(p, a)) || (p != q && in_shift(p, a))) continue;
        --slot_budget_;
        const std::size_t at =
            std::size_t(std::find(who.begin(), who.begin() + n, p) - who.begin());
        if ((at < n ? P.fits(trial_[at], a) : fits(p, a)) == Fit::ok) {
          const double dist = km(p, a);
          if (best == P.in.people.size() || dist < best_km) best = p, best_km = dist, best_at = at;
          if (straight_) break;
        }
      }
      if (best == P.in.people.size()) {
        if (lost >= cls) return false;
        continue;
      }
      if (best_at == n) {
        trial_[n] = schedules_[best];
        who[n++] = best;
      }
      trial_[best_at].add(P.shifts[a], a);
    }
    slot_budget_ = budget;
    return true;
  }

  // What a set of people's shifts are worth, lexicographically as the objectives rank them: a
  // slot up to min outweighs every slot above it (fewer than 1,000 per set), which outweighs
  // every metre of travel (fewer than 1e11 per set).
  static constexpr long long kValueMin = 100'000'000'000'000LL;
  static constexpr long long kValueSlot = 100'000'000'000LL;
  long long metres(std::size_t p, std::size_t s) const { return std::llround(km(p, s) * 1000); }
  // A guard more at s, with n there already (0 if s has no room for one).
  long long slot_value(std::size_t s, int n) const {
    const auto& post = P.in.posts[P.shifts[s].post];
    return n < post.min_guards ? kValueMin + kValueSlot : n < post.target_guards ? kValueSlot : 0;
  }

  struct Option {
    long long value;       // alone, with the others' guards as they are
    std::uint64_t shifts;  // bits of the set's shifts
  };
  // Scratch of the passes' trials, kept between them: allocating them afresh was a sixth of a
  // small roster's time.
  std::vector<std::uint32_t> near_, handed_, mine_, theirs_, regroup_shifts_;
  std::array<detail::Schedule, 4> trial_;  // may_hand_over(), may_take_over()
  detail::Schedule regroup_schedule_;      // options_of()
  // reschedule() and best_schedule(): kept between trials, as most trials are over in a few
  // hundred checks.
  std::vector<std::uint32_t> resched_old_, resched_cands_, resched_chosen_, resched_best_;
  std::vector<long long> resched_gain_, resched_bound_;
  std::vector<std::size_t> may_;
  std::vector<long long> value_, bound_;
  std::vector<int> regroup_n_;
  std::vector<std::vector<Option>> opts_;
  struct FlowArc {
    int from, to;
    long long cap, cost;
  };
  struct FlowChoice {
    int arc;
    std::uint32_t person, shift;
  };
  std::vector<FlowArc> flow_arcs_;
  std::vector<FlowChoice> flow_choices_;
  std::vector<std::size_t> flow_order_;
  std::vector<std::pair<long long, std::size_t>> flow_priced_;  // cost, index offered
  std::vector<std::uint64_t> flow_pairs_;
  std::vector<char> flow_chosen_;
  struct FlowSlot {
    int below, above;   // room up to min, and above it
    std::size_t first;  // its first choice
  };
  std::vector<FlowSlot> flow_slots_;
  std::vector<std::uint64_t> flow_who_;
  std::vector<std::uint32_t> flow_people_;

  // The travel pass keeps a move only if it pays at once, and the exact re-assignment changes
  // two or three people; a shorter roster may need many people to change shifts together
  // (someone near takes a slot, the guard it frees moves to another post at another hour, whose
  // guard moves on in turn). So the guards of each block of shifts no one can hold two of
  // (blocks()) are assigned again at once by the min-cost flow, everyone's shifts outside the
  // block fixed: each person takes at most one of its shifts, and only one their schedule
  // outside the block lets them take, so every rule still holds. What the block had is one of
  // the flow's assignments (its guards are offered their slots again), so the flow does no worse;
  // it is kept if it fills more or travels less. Round and round the blocks until each has been
  // solved since the last change (exactly, then, against the roster as it is), within a budget.
  void reflow() {
    long long budget = kReflowChecks;
    const auto windows = blocks();
    std::vector<Change> had;
    const std::size_t w = windows.size();
    // Per block, the pairs its last flow offered (assign_group()): a block whose people may take
    // no shift of it they could not before has nothing to gain from its flow again.
    std::vector<std::vector<std::uint64_t>> offered(w);
    for (std::size_t step = 0, quiet = 0; quiet < w && step < kReflowRounds * w; ++step) {
      const auto [g0, g1] = windows[step % w];
      had.clear();
      for (std::size_t s = g0; s < g1; ++s)
        for (std::size_t p : guards_[s]) had.push_back({true, std::uint32_t(p), std::uint32_t(s)});
      // Each slot's nearest people are asked, and its guards offered, at most. A block of the
      // country's 20,000 posts is more than the budget: there the pass does nothing.
      budget -= (long long)(had.size()) + (long long)(g1 - g0) * opt_.candidates;
      if (budget < 0 || opt_.cancelled()) return;
      const auto fill = std::tuple(filled_min_, filled_);
      logging_ = true;
      for (const Change& c : had) drop(c.person, c.shift);
      const bool ok = assign_group(g0, g1, true, had, true, &offered[step % w]);
      // A block just changed is solved for everyone else's shifts as they stand (solving it
      // again offers a subset of the same people), so it counts as the first quiet one.
      quiet = settle(ok && better_since(0, fill)) ? 1 : quiet + 1;
    }
  }

  // The shifts in blocks no person can hold two of: from the first shift not yet in a block,
  // every shift starting before its start plus the rest and the shortest shift (any two of them
  // are closer than the rest allows). [first, end) of each, in time order.
  std::vector<std::pair<std::size_t, std::size_t>> blocks() const {
    Timestamp shortest = std::numeric_limits<Timestamp>::max();
    for (const auto& sh : P.shifts) shortest = std::min(shortest, sh.end - sh.start);
    const Timestamp span = P.in.rules.min_rest + shortest;
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t g0 = 0, g1 = 0; g0 < P.shifts.size(); g0 = g1) {
      while (g1 < P.shifts.size() && P.shifts[g1].start < P.shifts[g0].start + span) ++g1;
      out.emplace_back(g0, g1);
    }
    return out;
  }

  // At most how many slots up to min, and up to target, any roster fills: a maximum flow each
  // (LEMON's preflow) where a person holds at most one shift of a block (blocks()) and only
  // shifts they are qualified and available for; the rest and weekly hours between blocks are
  // relaxed. Where people x shifts is above kBoundPairs, the slots themselves.
  std::tuple<long, long> fill_bound() const {
    long slots_min = 0, slots = 0;
    for (const auto& sh : P.shifts) {
      slots_min += P.in.posts[sh.post].min_guards;
      slots += P.in.posts[sh.post].target_guards;
    }
    if (filled_ == slots || P.in.people.size() * P.shifts.size() > kBoundPairs)
      return {slots_min, slots};
    using Graph = lemon::SmartDigraph;
    Graph g;
    const auto source = g.addNode(), sink = g.addNode();
    std::vector<Graph::Node> slot(P.shifts.size());
    std::vector<std::tuple<Graph::Arc, int, int>> to_sink;  // arc, min, target
    std::vector<Graph::Arc> unit;
    for (std::size_t s = 0; s < P.shifts.size(); ++s) {
      slot[s] = g.addNode();
      const auto& post = P.in.posts[P.shifts[s].post];
      to_sink.emplace_back(g.addArc(slot[s], sink), post.min_guards, post.target_guards);
    }
    for (const auto& [g0, g1] : blocks())
      for (std::size_t p = 0; p < P.in.people.size(); ++p) {
        std::optional<Graph::Node> at;  // p in this block
        for (std::size_t s = g0; s < g1; ++s) {
          if (!allowed(p, s)) continue;
          if (!at) {
            at = g.addNode();
            unit.push_back(g.addArc(source, *at));
          }
          unit.push_back(g.addArc(*at, slot[s]));
        }
      }
    Graph::ArcMap<long> cap(g);
    for (const auto& a : unit) cap[a] = 1;
    auto most = [&](bool min_only) {
      for (const auto& [a, lo, hi] : to_sink) cap[a] = min_only ? lo : hi;
      lemon::Preflow<Graph, Graph::ArcMap<long>> flow(g, cap, source, sink);
      flow.runMinCut();
      return long(flow.flowValue());
    };
    return {most(true), most(false)};
  }

  // The fast passes move one guard, or trade two people's runs, and keep a move only if it pays
  // at once; the best roster may need two or three people's weeks changed together. So, the
  // whole schedules of a pair (then a triple) of people are made again at once, exactly: every
  // schedule each may hold among the shifts they held and those with room, then the best
  // combination whose joint shifts stay within each shift's target. Kept if better by (fill,
  // km); everyone else's shifts stay as they were.
  void recombine() {
    const std::size_t n = P.in.people.size();
    long long on_duty = 0;
    for (const auto& g : guards_) on_duty += (long long)(g.size());
    recombine_budget_ = std::min(kRecombineChecks, kRecombineChecksPerGuard * on_duty);
    // After the first round, a set is tried again only if one of its people changed in the
    // round before: the others' best was found against nearly the same roster.
    std::vector<char> changed(n, 1), now(n, 0);
    for (int round = 0; round < kRecombineRounds; ++round) {
      room_.clear();
      for (std::size_t s = 0; s < P.shifts.size(); ++s)
        if (int(guards_[s].size()) < P.in.posts[P.shifts[s].post].target_guards)
          room_.push_back(std::uint32_t(s));
      auto attempt = [&](std::initializer_list<std::size_t> who) {
        if (recombine_budget_ <= 0 || opt_.cancelled()) return;
        if (std::ranges::none_of(who, [&](std::size_t p) { return changed[p] != 0; })) return;
        if (regroup(who))
          for (std::size_t p : who) now[p] = 1;
      };
      if (n <= kRecombineAll) {
        for (std::size_t p = 0; p < n; ++p)
          for (std::size_t q = p + 1; q < n; ++q) attempt({p, q});
        for (std::size_t p = 0; p < n && n <= kRecombineTriples; ++p)
          for (std::size_t q = p + 1; q < n; ++q)
            for (std::size_t r = q + 1; r < n; ++r) attempt({p, q, r});
      } else {
        for (std::size_t p = 0; p < n && recombine_budget_ > 0; ++p)
          for (std::size_t q : partners(p)) attempt({p, q});
      }
      if (std::ranges::none_of(now, [](char c) { return c != 0; }) || recombine_budget_ <= 0)
        return;
      changed.swap(now);
      std::ranges::fill(now, 0);
    }
  }

  // People nearer than p to a post of p's shifts who are on duty themselves: those p may trade
  // with to shorten travel.
  std::vector<std::size_t> partners(std::size_t p) {
    std::vector<std::size_t> out;
    for (std::uint32_t s : taken_[p]) {
      std::size_t found = 0;
      for (std::uint32_t entry : nearest_[P.shifts[s].post]) {
        const std::size_t r = entry & ~kAskDaily;
        if (r == p || found >= kRecombinePartners) break;
        if (taken_[r].empty()) continue;
        ++found;
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
      }
    }
    return out;
  }

  // regroup(): the schedules p may hold among `shifts` (time order) where `n` leaves room and
  // that are worth more than `floor`, into `out`, best first; with `best_only`, the floor rises
  // to each one found and only the best is kept. p's own shifts are among `shifts`, so each
  // schedule is built on an empty one. False when there are more than kRecombineSchedules or the
  // budget ran out.
  bool options_of(std::size_t p, const std::vector<std::uint32_t>& shifts,
                  const std::vector<int>& n, long long floor, bool best_only,
                  std::vector<Option>& out) {
    out.clear();
    auto& may = may_;
    auto& value = value_;
    may.clear(), value.clear();
    for (std::size_t i = 0; i < shifts.size(); ++i)
      if (slot_value(shifts[i], n[i]) > 0 && allowed(p, shifts[i])) {
        may.push_back(i);
        value.push_back(slot_value(shifts[i], n[i]) - metres(p, shifts[i]));
      }
    // bound[k]: the most the shifts from may[k] on could add under the rest rule alone
    // (weighted interval scheduling), which the weekly hours only lower.
    auto& bound = bound_;
    bound.assign(may.size() + 1, 0);
    const Timestamp rest = P.in.rules.min_rest;
    for (std::size_t k = may.size(); k-- > 0;) {
      const auto& x = P.shifts[shifts[may[k]]];
      std::size_t next = k + 1;
      while (next < may.size() && P.shifts[shifts[may[next]]].start < x.end + rest) ++next;
      bound[k] = std::max(bound[k + 1], std::max(0LL, value[k]) + bound[next]);
    }
    auto& sched = regroup_schedule_;  // empty between searches
    bool ok = true;
    auto keep = [&](const Option& o) {
      if (o.value <= floor) return;
      if (best_only) {
        floor = o.value;
        out.assign(1, o);
      } else if (out.size() >= kRecombineSchedules) {
        ok = false;
      } else {
        out.push_back(o);
      }
    };
    auto search = [&](auto& self, std::size_t from, Option at) -> void {
      for (std::size_t k = from; k < may.size() && ok; ++k) {
        if (at.value + bound[k] <= floor) return;
        if (--recombine_budget_ < 0) ok = false;
        const std::size_t s = shifts[may[k]];
        if (!ok || P.fits(sched, s) != Fit::ok) continue;
        const Option next{at.value + value[k], at.shifts | (std::uint64_t(1) << may[k])};
        keep(next);
        sched.add(P.shifts[s], s);
        self(self, k + 1, next);
        sched.remove(s);
      }
    };
    keep(Option{0, 0});
    search(search, 0, Option{0, 0});
    std::ranges::sort(out, [](const Option& a, const Option& b) { return a.value > b.value; });
    return ok;
  }

  // The exact re-assignment of `who` (recombine()). True if kept.
  bool regroup(std::initializer_list<std::size_t> who) {
    auto& shifts = regroup_shifts_;
    shifts.assign(room_.begin(), room_.end());
    for (std::size_t p : who) shifts.insert(shifts.end(), taken_[p].begin(), taken_[p].end());
    std::ranges::sort(shifts);
    shifts.erase(std::unique(shifts.begin(), shifts.end()), shifts.end());
    if (shifts.size() > 64) return false;  // a bit each
    const std::vector<std::size_t> people(who);
    const auto fill = std::tuple(filled_min_, filled_);
    // The set's shifts are weighed as if its people held none (n: the others' guards), and they
    // are dropped only for a combination found better: most sets keep what they hold (on
    // guard_bench's medium seed 3, all), and their drops and undo were a fifth of this pass.
    auto index = [&](std::uint32_t shift) {
      return std::size_t(std::ranges::lower_bound(shifts, shift) - shifts.begin());
    };
    auto& n = regroup_n_;
    n.resize(shifts.size());
    for (std::size_t i = 0; i < shifts.size(); ++i) n[i] = int(guards_[shifts[i]].size());
    for (std::size_t p : people)
      for (std::uint32_t a : taken_[p]) --n[index(a)];
    // What they held, valued as the options are.
    std::vector<std::uint64_t> held(people.size(), 0);
    long long now = 0;
    for (std::size_t k = 0; k < people.size(); ++k)
      for (std::uint32_t a : taken_[people[k]]) {
        const std::size_t i = index(a);
        held[k] |= std::uint64_t(1) << i;
        now += slot_value(a, n[i]) - metres(people[k], a);
      }
    auto join = [&](std::span<const std::uint64_t> masks, long long alone) {
      // Shifts two or more of them take: their guards after the first are worth less, and may
      // not be over the target.
      long long v = alone;
      std::uint64_t seen = 0, twice = 0;
      for (std::uint64_t m : masks) twice |= seen & m, seen |= m;
      for (; twice; twice &= twice - 1) {
        const std::size_t i = std::size_t(std::countr_zero(twice));
        int k = 0;
        for (std::uint64_t m : masks) k += int((m >> i) & 1);
        for (int j = 1; j < k; ++j) {
          const long long extra = slot_value(shifts[i], n[i] + j);
          if (extra == 0) return std::optional<long long>();
          v += extra - slot_value(shifts[i], n[i]);
        }
      }
      return std::optional<long long>(v);
    };
    // Joined, schedules are worth at most the sum of each alone: so each person's schedules
    // worth less than what they hold together now minus the best of each other alone cannot
    // be part of a better roster, and are not looked at.
    const auto current = join(held, now);
    long long best_value = current ? *current : std::numeric_limits<long long>::min() / 4;
    auto& opts = opts_;
    if (opts.size() < people.size()) opts.resize(people.size());
    long long most = 0;
    bool ok = true;
    for (std::size_t k = 0; k < people.size() && ok; ++k) {
      ok = options_of(people[k], shifts, n, std::numeric_limits<long long>::min() / 4, true,
                      opts[k]);
      most += opts[k].front().value;
    }
    // Joined, they hold at most the sum of each one's best alone.
    if (ok && most <= best_value) return false;
    for (std::size_t k = 0; k < people.size() && ok; ++k)
      ok = options_of(people[k], shifts, n, best_value - (most - opts[k].front().value), false,
                      opts[k]);
    std::vector<std::uint64_t> best;
    if (ok && std::ranges::none_of(std::span(opts).first(people.size()),
                                   [](const auto& o) { return o.empty(); })) {
      std::vector<std::uint64_t> masks(people.size());
      // Options best first: a schedule joined with others is worth at most the sum of each alone,
      // so the rest of a list cannot beat the best found once its sum does not.
      auto search = [&](auto& self, std::size_t k, long long alone) -> void {
        if (k == people.size()) {
          if (auto v = join(masks, alone); v && *v > best_value) best_value = *v, best = masks;
          return;
        }
        long long rest = 0;
        for (std::size_t j = k + 1; j < people.size(); ++j) rest += opts[j].front().value;
        for (const auto& o : opts[k]) {
          if (alone + o.value + rest <= best_value || --recombine_budget_ < 0) return;
          masks[k] = o.shifts;
          self(self, k + 1, alone + o.value);
        }
      };
      search(search, 0, 0);
    }
    if (best.empty()) return false;
    logging_ = true;
    for (std::size_t p : people)
      while (!taken_[p].empty()) drop(p, taken_[p].front());
    for (std::size_t k = 0; k < people.size(); ++k)
      for (std::uint64_t m = best[k]; m; m &= m - 1)
        take(people[k], shifts[std::size_t(std::countr_zero(m))]);
    return settle(better_since(0, fill));
  }

  bool fill_one(std::size_t s) {
    const auto& in = P.in;
    std::size_t post = P.shifts[s].post;
    const bool for_min = int(guards_[s].size()) < in.posts[post].min_guards;
    // Among the post's nearest first: the nearest free person, else a move by one of the
    // nearest blocked ones (at most opt_.candidates of them).
    double best_km = 0;
    std::size_t best = in.people.size();
    std::vector<std::size_t> near_blocked;
    for (std::uint32_t entry : nearest_[post]) {
      const std::size_t p = entry & ~kAskDaily;
      if (((entry & kAskDaily) && !allowed(p, s)) || in_shift(p, s)) continue;
      if (fits(p, s) != Fit::ok) {
        if (near_blocked.size() < std::size_t(opt_.candidates)) near_blocked.push_back(p);
        continue;
      }
      double dist = km(p, s);
      if (best == in.people.size() || dist < best_km) best = p, best_km = dist;
      if (straight_) break;  // nearest first: the first who fits is the nearest
    }
    if (best < in.people.size()) {
      take(best, s);
      return true;
    }
    for (std::size_t q : near_blocked)
      if (move_for(q, s, for_min, false)) return true;
    if (budget_ <= 0) return false;
    // Everyone: the same two searches over all people who could qualify.
    std::vector<std::pair<double, std::size_t>> blocked;
    for (std::size_t p = 0; p < in.people.size(); ++p) {
      if (!P.could_qualify(p, post) || !allowed(p, s) || in_shift(p, s)) continue;
      --budget_;
      double dist = km(p, s);
      if (fits(p, s) == Fit::ok) {
        if (best == in.people.size() || dist < best_km) best = p, best_km = dist;
      } else {
        blocked.emplace_back(dist, p);
      }
    }
    if (best < in.people.size()) {
      take(best, s);
      return true;
    }
    std::sort(blocked.begin(), blocked.end());
    for (auto [km, q] : blocked)
      if (move_for(q, s, for_min, true)) return true;
    return false;
  }
};

}  // namespace

RosterSummary summarize(const Instance& in, const Roster& roster, const Distance* distance) {
  StraightLine line;
  const Distance& d = distance ? *distance : line;
  RosterSummary s;
  std::vector<double> hours(in.people.size(), 0);
  std::vector<std::vector<std::pair<std::size_t, Day>>> seen(in.people.size());
  for (std::size_t i = 0; i < roster.shifts.size(); ++i) {
    const auto& sh = roster.shifts[i];
    const auto& post = in.posts[sh.post];
    int n = int(roster.guards[i].size());
    s.slots_min += post.min_guards;
    s.filled_min += std::min(n, post.min_guards);
    s.slots += post.target_guards;
    s.filled += std::min(n, post.target_guards);
    for (std::size_t p : roster.guards[i]) {
      s.km += d.km(in.people[p].home, post.location);
      hours[p] += double(sh.end - sh.start) / double(kHour);
      seen[p].emplace_back(sh.post, sh.day);
    }
  }
  for (auto& v : seen) {
    std::sort(v.begin(), v.end());
    for (std::size_t k = 1; k < v.size(); ++k)
      if (v[k].first == v[k - 1].first && v[k].second == v[k - 1].second + 1) ++s.continuity;
  }
  std::vector<double> on;
  for (double h : hours)
    if (h > 0) on.push_back(h);
  s.people_on_duty = long(on.size());
  if (!on.empty()) {
    s.hours_min = *std::min_element(on.begin(), on.end());
    s.hours_max = *std::max_element(on.begin(), on.end());
    s.hours_mean = std::accumulate(on.begin(), on.end(), 0.0) / double(on.size());
    double var = 0;
    for (double h : on) var += (h - s.hours_mean) * (h - s.hours_mean);
    s.hours_stddev = std::sqrt(var / double(on.size()));
  }
  return s;
}

core::Error cancelled_error() {
  return core::Error{core::ErrorCode::conflict, "The roster run was cancelled.", {}};
}

bool is_cancelled(const core::Error& e) {
  return e.code == core::ErrorCode::conflict && e.message == cancelled_error().message;
}

core::Result<Roster> solve(const Instance& in, Day from, int days, const SolveOptions& opt,
                           RosterSummary* summary) {
  if (auto ok = validate(in); !ok) return core::fail(ok.error());
  if (days < 1 || days > 366)
    return core::fail(
        core::Error::invalid("A roster covers 1 to 366 days.", {{"days", "out of range"}}));
  StraightLine line;
  const Distance& d = opt.distance ? *opt.distance : line;
  Prepared P(in, from, days, d);
  if (opt.cancelled()) return core::fail(cancelled_error());
  Roster r;
  bool optimal = false;
  if (opt.method == Method::exact) {
    auto exact = detail::solve_exact(P, opt, &optimal);
    if (!exact) return core::fail(exact.error());
    r = std::move(*exact);
  } else {
    auto fast = Fast(P, opt).run();
    if (!fast) return core::fail(cancelled_error());
    r = std::move(*fast);
  }
  if (summary) {
    *summary = summarize(in, r, &d);
    summary->optimal = optimal;
  }
  return r;
}

}  // namespace qorgan::guard
