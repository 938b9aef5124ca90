// The plain-text network reader of the evacuation engine (evac/README.md). Invariants: an error
// names the source and a line; a problem read is well formed: its network, and sources and
// shelters on nodes that exist, with positive counts and capacities.
#include <cstdint>
#include <sstream>
#include <string>

#include "evac/io/text_network_reader.hpp"
#include "fuzz/check.hpp"
#include "fuzz/network_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (qorgan::fuzz::declares_large_count({reinterpret_cast<const char*>(data), size}, "nodes"))
    return 0;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto p = qorgan::evac::io::read_text_network(in, "network.txt");
  if (!p) {
    FUZZ_CHECK(p.error().message.starts_with("network.txt:"));
    return 0;
  }
  qorgan::fuzz::check_network(p->network);
  for (const auto& s : p->sources) {
    FUZZ_CHECK(s.node < p->network.node_count());
    FUZZ_CHECK(s.count >= 1);
    FUZZ_CHECK(s.earliest_departure >= 0);
  }
  for (const auto& s : p->shelters) {
    FUZZ_CHECK(s.node < p->network.node_count());
    FUZZ_CHECK(s.capacity >= 1);
  }
  return 0;
}
