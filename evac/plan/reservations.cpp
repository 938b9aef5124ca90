#include "evac/plan/reservations.hpp"

#include <algorithm>

namespace qorgan::evac {

Reservations::Reservations(const Problem& problem)
    : net_(&problem.network),
      arc_used_(problem.network.arc_count()),
      skip_(problem.network.arc_count()),
      hold_used_(problem.network.node_count()) {
  for (const auto& s : problem.shelters) shelter_left_.push_back(s.capacity);
}

People Reservations::route_room(std::uint32_t shelter, const std::vector<Step>& route) const {
  People room = shelter_left_[shelter];
  for (std::size_t i = 0; i < route.size() && room > 0; ++i) {
    const Step& s = route[i];
    room = std::min(room, arc_free(s.arc, s.enter));
    if (i > 0) {
      const NodeIndex v = net_->tail[s.arc];
      for (Time t = route[i - 1].enter + net_->travel_time[route[i - 1].arc]; t < s.enter; ++t)
        room = std::min(room, hold_free(v, t));
    }
  }
  return std::max<People>(room, 0);
}

Time Reservations::next_free(ArcIndex a, Time t) const {
  auto& k = skip_[a];
  const auto size = static_cast<Time>(k.size());
  Time root = t;
  while (root < size && k[root] != root) root = k[root];
  while (t < size && k[t] != t) {  // compress the path just walked
    const Time next = k[t];
    k[t] = root;
    t = next;
  }
  return root;
}

void Reservations::book(std::uint32_t shelter, const std::vector<Step>& route, People count) {
  shelter_left_[shelter] -= count;
  for (std::size_t i = 0; i < route.size(); ++i) {
    const Step& s = route[i];
    auto& u = arc_used_[s.arc];
    auto& k = skip_[s.arc];
    if (u.size() <= static_cast<std::size_t>(s.enter)) {
      const auto old = static_cast<Time>(u.size());
      u.resize(s.enter + 1, 0);
      k.resize(s.enter + 1);
      for (Time t = old; t <= s.enter; ++t) k[t] = t;
    }
    u[s.enter] += count;
    if (u[s.enter] >= net_->capacity[s.arc]) k[s.enter] = s.enter + 1;
    if (i > 0) {
      const NodeIndex v = net_->tail[s.arc];
      if (net_->holding[v] == kUnlimited) continue;
      auto& h = hold_used_[v];
      const Time from = route[i - 1].enter + net_->travel_time[route[i - 1].arc];
      if (h.size() < static_cast<std::size_t>(s.enter)) h.resize(s.enter, 0);
      for (Time t = from; t < s.enter; ++t) h[t] += count;
    }
  }
}

}  // namespace qorgan::evac
