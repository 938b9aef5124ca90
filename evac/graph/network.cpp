#include "evac/graph/network.hpp"

#include <algorithm>

namespace qorgan::evac {

NodeIndex Network::find_node(std::int64_t external_id) const {
  auto it = std::lower_bound(id_index.begin(), id_index.end(),
                             std::pair<std::int64_t, NodeIndex>{external_id, 0});
  if (it == id_index.end() || it->first != external_id) return kNoNode;
  return it->second;
}

const std::string& Network::name_of(ArcIndex a) const {
  static const std::string kNone;
  if (a >= arc_name.size() || arc_name[a] >= names.size()) return kNone;
  return names[arc_name[a]];
}

void Fnv1a::add_bytes(const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    state ^= bytes[i];
    state *= 1099511628211ULL;
  }
}

std::uint64_t Network::fingerprint() const {
  Fnv1a h;
  h.add(node_count());
  h.add(arc_count());
  h.add_span(std::span<const std::int64_t>(node_id));
  h.add_span(std::span<const People>(holding));
  h.add_span(std::span<const NodeIndex>(tail));
  h.add_span(std::span<const NodeIndex>(head));
  h.add_span(std::span<const People>(capacity));
  h.add_span(std::span<const Time>(travel_time));
  return h.state;
}

People Problem::population() const {
  People total = 0;
  for (const auto& s : sources) total += s.count;
  return total;
}

std::uint64_t Problem::fingerprint() const {
  Fnv1a h;
  h.add(network.fingerprint());
  for (const auto& s : sources) {
    h.add(s.node);
    h.add(s.count);
    h.add(s.earliest_departure);
  }
  for (const auto& s : shelters) {
    h.add(s.node);
    h.add(s.capacity);
  }
  return h.state;
}

}  // namespace qorgan::evac
