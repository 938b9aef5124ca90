#pragma once
// Compact binary file of an imported OSM network (with its buildings and shelter candidates),
// keyed by the input file's size and FNV-1a hash and the import settings, so that a second
// import of the same file loads in milliseconds. Little-endian, versioned; a file that is
// truncated or has the wrong key is refused, never half-read.

#include <cstdint>
#include <string>
#include <string_view>

#include "evac/error.hpp"
#include "evac/osm/osm_importer.hpp"

namespace qorgan::evac::osm {

struct CacheKey {
  std::uint64_t input_size = 0;
  std::uint64_t input_hash = 0;
  std::uint64_t settings_hash = 0;
  bool operator==(const CacheKey&) const = default;
};

Result<CacheKey> cache_key(const std::string& input_path, const ProfileSettings& settings);

Result<void> write_graph_file(const std::string& path, const CacheKey& key, const OsmData& data);
// With `expected` set, fails unless the file was made from that input with those settings.
Result<OsmData> read_graph_file(const std::string& path, const CacheKey* expected = nullptr);

// The same format in memory (the server keeps networks in its database); `label` names the
// graph in errors. A truncated or corrupt buffer is refused whole, as a file is.
std::string graph_to_bytes(const CacheKey& key, const OsmData& data);
Result<OsmData> graph_from_bytes(std::string_view bytes, const std::string& label,
                                 const CacheKey* expected = nullptr);

// Imports `input`, or loads it from `cache_dir` when a cache entry for the same input and
// settings exists; writes the entry after an import (a failure to write is not an error).
// `from_cache` tells which happened.
Result<OsmData> import_osm_cached(const std::string& input, const ProfileSettings& settings,
                                  const std::string& cache_dir, bool* from_cache = nullptr);

// $QORGAN_CACHE_DIR, else $XDG_CACHE_HOME/qorgan, else ~/.cache/qorgan, else /tmp/qorgan-cache.
std::string default_cache_dir();

}  // namespace qorgan::evac::osm
