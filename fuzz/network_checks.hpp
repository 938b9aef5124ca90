#pragma once
// The shape every Network a reader returns must have (evac/graph/network.hpp), checked after each
// successful read of a fuzzed input.
#include <string_view>

#include "evac/graph/network.hpp"
#include "fuzz/check.hpp"

namespace qorgan::fuzz {

// Whether a line starting with `keyword` holds a number of six digits or more. Such a count of
// nodes is valid (a real road graph has millions) but building that many takes seconds under
// ASan, which libFuzzer would report as a timeout, so the harnesses leave those inputs out.
inline bool declares_large_count(std::string_view text, std::string_view keyword) {
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.starts_with(keyword)) continue;
    int digits = 0;
    for (char c : line) {
      digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
      if (digits >= 6) return true;
    }
  }
  return false;
}

inline void check_network(const evac::Network& n) {
  const std::size_t nodes = n.node_count(), arcs = n.arc_count();
  FUZZ_CHECK(n.holding.size() == nodes);
  FUZZ_CHECK(n.lat.size() == n.lon.size());
  FUZZ_CHECK(n.lat.empty() || n.lat.size() == nodes);
  FUZZ_CHECK(n.first_out.size() == nodes + 1);
  FUZZ_CHECK(n.first_out.front() == 0 && n.first_out.back() == arcs);
  FUZZ_CHECK(n.tail.size() == arcs && n.capacity.size() == arcs && n.travel_time.size() == arcs);
  for (evac::NodeIndex v = 0; v < nodes; ++v) {
    FUZZ_CHECK(n.first_out[v] <= n.first_out[v + 1]);
    for (evac::ArcIndex a = n.out_begin(v); a < n.out_end(v); ++a) FUZZ_CHECK(n.tail[a] == v);
    FUZZ_CHECK(n.find_node(n.node_id[v]) == v);
  }
  for (evac::ArcIndex a = 0; a < arcs; ++a) {
    FUZZ_CHECK(n.head[a] < nodes);
    FUZZ_CHECK(n.capacity[a] >= 1);
    FUZZ_CHECK(n.travel_time[a] >= 1);
  }
  FUZZ_CHECK(n.arc_name.empty() || n.arc_name.size() == arcs);
  for (auto name : n.arc_name) FUZZ_CHECK(name < n.names.size());
}

}  // namespace qorgan::fuzz
