#pragma once
// The arcs into each junction of a network, in CSR form as its outgoing arcs are (network.hpp):
// the searches that walk roads backwards (towards a shelter, or back along people's passages)
// read them. Memory: one index per arc and one per junction.
#include <span>
#include <vector>

#include "evac/graph/network.hpp"

namespace qorgan::evac {

class InArcs {
 public:
  explicit InArcs(const Network& net) : first_(net.node_count() + 1, 0), arcs_(net.arc_count()) {
    for (ArcIndex a = 0; a < net.arc_count(); ++a) ++first_[net.head[a] + 1];
    for (std::size_t v = 0; v < net.node_count(); ++v) first_[v + 1] += first_[v];
    auto fill = first_;
    for (ArcIndex a = 0; a < net.arc_count(); ++a) arcs_[fill[net.head[a]]++] = a;
  }
  // The arcs whose head is v, by arc index.
  std::span<const ArcIndex> into(NodeIndex v) const {
    return {arcs_.data() + first_[v], arcs_.data() + first_[v + 1]};
  }

 private:
  std::vector<ArcIndex> first_, arcs_;
};

}  // namespace qorgan::evac
