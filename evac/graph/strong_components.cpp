#include "evac/graph/strong_components.hpp"

#include <algorithm>

namespace qorgan::evac {

StrongComponents strong_components(std::size_t n, const std::vector<ArcIndex>& first_out,
                                   const std::vector<NodeIndex>& head) {
  constexpr std::uint32_t kUnvisited = std::numeric_limits<std::uint32_t>::max();
  StrongComponents result;
  result.component.assign(n, kUnvisited);
  std::vector<std::uint32_t> index(n, kUnvisited), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<NodeIndex> stack;
  struct Frame {
    NodeIndex v;
    ArcIndex next;
  };
  std::vector<Frame> call;
  std::vector<std::size_t> sizes;
  std::uint32_t counter = 0;
  for (NodeIndex root = 0; root < n; ++root) {
    if (index[root] != kUnvisited) continue;
    call.push_back({root, first_out[root]});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      Frame& f = call.back();
      if (f.next < first_out[f.v + 1]) {
        const NodeIndex w = head[f.next++];
        if (index[w] == kUnvisited) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, first_out[w]});
        } else if (on_stack[w]) {
          low[f.v] = std::min(low[f.v], index[w]);
        }
        continue;
      }
      const NodeIndex v = f.v;
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
      if (low[v] == index[v]) {
        std::size_t size = 0;
        NodeIndex w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          result.component[w] = result.count;
          ++size;
        } while (w != v);
        sizes.push_back(size);
        ++result.count;
      }
    }
  }
  for (std::uint32_t c = 0; c < result.count; ++c) {
    if (sizes[c] > result.largest_size) {
      result.largest_size = sizes[c];
      result.largest = c;
    }
  }
  return result;
}

bool strongly_connected(const Network& net, const InArcs& in) {
  const auto n = net.node_count();
  if (n == 0) return true;
  for (int dir = 0; dir < 2; ++dir) {
    std::vector<char> seen(n, 0);
    std::vector<NodeIndex> stack{0};
    seen[0] = 1;
    std::size_t count = 1;
    while (!stack.empty()) {
      const NodeIndex u = stack.back();
      stack.pop_back();
      auto visit = [&](NodeIndex v) {
        if (!seen[v]) {
          seen[v] = 1;
          ++count;
          stack.push_back(v);
        }
      };
      if (dir == 0) {
        for (ArcIndex a = net.out_begin(u); a < net.out_end(u); ++a) visit(net.head[a]);
      } else {
        for (const ArcIndex a : in.into(u)) visit(net.tail[a]);
      }
    }
    if (count != n) return false;
  }
  return true;
}

}  // namespace qorgan::evac
