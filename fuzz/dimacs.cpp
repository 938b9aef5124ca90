// The DIMACS shortest-path (.gr) reader of the evacuation engine. Invariants: an error names the
// source; a network read is well formed (fuzz/network_checks.hpp) with as many arcs as declared.
#include <cstdint>
#include <sstream>
#include <string>

#include "evac/io/dimacs_reader.hpp"
#include "fuzz/check.hpp"
#include "fuzz/network_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (qorgan::fuzz::declares_large_count({reinterpret_cast<const char*>(data), size}, "p"))
    return 0;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto net = qorgan::evac::io::read_dimacs(in, "roads.gr");
  if (!net) {
    FUZZ_CHECK(net.error().message.starts_with("roads.gr"));
    return 0;
  }
  qorgan::fuzz::check_network(*net);
  FUZZ_CHECK(!net->has_coordinates());
  return 0;
}
