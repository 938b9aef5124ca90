// The OpenStreetMap importer (evac/osm/osm_importer.hpp) over XML (.osm) and PBF input. It reads
// files through libosmium, which picks the format by the file name, so each input is written to
// a file: as .osm when it starts with '<', as .osm.pbf otherwise. Invariants: a failure is an
// error value with a message, never an exception or a crash; a network read is well formed and
// its statistics add up.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "evac/osm/osm_importer.hpp"
#include "fuzz/check.hpp"
#include "fuzz/network_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  const bool xml = size > 0 && data[0] == '<';
  static const fs::path dir = fs::temp_directory_path();
  const fs::path file =
      dir / ("qorgan-fuzz-osm-" + std::to_string(::getpid()) + (xml ? ".osm" : ".osm.pbf"));
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    FUZZ_CHECK(out.good());
  }
  static const qorgan::evac::osm::ProfileSettings car;
  auto d = qorgan::evac::osm::import_osm(file.string(), car);
  std::error_code ec;
  fs::remove(file, ec);
  if (!d) {
    FUZZ_CHECK(!d.error().message.empty());
    return 0;
  }
  qorgan::fuzz::check_network(d->network);
  const auto& s = d->stats;
  // Every junction and arc read is kept, dropped with a small component, or folded into a chain.
  FUZZ_CHECK(d->network.node_count() + s.dropped_nodes + s.folded_junctions == s.junctions);
  FUZZ_CHECK(d->network.arc_count() + s.dropped_arcs + s.folded_arcs == s.arcs);
  FUZZ_CHECK(d->network.node_count() == 0 || s.components >= 1);
  for (const auto& b : d->buildings) FUZZ_CHECK(b.floor_area_m2 >= 0);
  for (const auto& c : d->shelters) FUZZ_CHECK(c.assumed_capacity >= 0);
  return 0;
}
