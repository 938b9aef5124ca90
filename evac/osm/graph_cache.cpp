#include "evac/osm/graph_cache.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <spanstream>
#include <sstream>
#include <type_traits>

#include <fmt/format.h>

#include "evac/graph/network_builder.hpp"

namespace qorgan::evac::osm {

namespace {

// Version 2 added street names (names, arc_name); older files are refused and re-imported.
// Version 3 added the measured seconds of every arc (after arc_name) and two import counts
// (folded junctions and arcs); version 2 files, which servers keep in their databases, are
// still read (without seconds; their arcs were rounded piece by piece), and written as 3.
constexpr char kMagic[8] = {'Q', 'E', 'V', 'A', 'C', 'G', 'R', '3'};
constexpr char kMagic2[8] = {'Q', 'E', 'V', 'A', 'C', 'G', 'R', '2'};
// ImportStats as version 2 wrote it.
struct ImportStats2 {
  std::size_t road_ways, junctions, arcs, components, dropped_nodes, dropped_arcs,
      missing_locations;
};
constexpr std::uint64_t kMaxNameBytes = 1024;

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  template <typename T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.write(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <typename T>
  void vec(const std::vector<T>& v) {
    pod<std::uint64_t>(v.size());
    out_.write(reinterpret_cast<const char*>(v.data()),
               static_cast<std::streamsize>(v.size() * sizeof(T)));
  }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    out_.write(s.data(), static_cast<std::streamsize>(s.size()));
  }

 private:
  std::ostream& out_;
};

class Reader {
 public:
  explicit Reader(std::istream& in, std::uint64_t size) : in_(in), left_(size) {}
  template <typename T>
  bool pod(T& v) {
    if (left_ < sizeof v) return false;
    in_.read(reinterpret_cast<char*>(&v), sizeof v);
    left_ -= sizeof v;
    return static_cast<bool>(in_);
  }
  template <typename T>
  bool vec(std::vector<T>& v) {
    std::uint64_t n = 0;
    if (!pod(n) || n > left_ / std::max<std::size_t>(1, sizeof(T))) return false;
    v.resize(n);
    in_.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
    left_ -= n * sizeof(T);
    return static_cast<bool>(in_);
  }
  bool str(std::string& s) {
    std::uint64_t n = 0;
    if (!pod(n) || n > left_) return false;
    s.resize(n);
    in_.read(s.data(), static_cast<std::streamsize>(n));
    left_ -= n;
    return static_cast<bool>(in_);
  }
  std::uint64_t left() const { return left_; }

 private:
  std::istream& in_;
  std::uint64_t left_;
};

void write_graph(std::ostream& out, const CacheKey& key, const OsmData& d) {
  Writer w(out);
  out.write(kMagic, sizeof kMagic);
  w.pod(key);
  const Network& n = d.network;
  w.pod(n.step_seconds);
  w.vec(n.node_id);
  w.vec(n.holding);
  w.vec(n.lat);
  w.vec(n.lon);
  w.vec(n.tail);
  w.vec(n.head);
  w.vec(n.capacity);
  w.vec(n.travel_time);
  w.pod<std::uint64_t>(n.names.size());
  for (const auto& name : n.names) w.str(name);
  w.vec(n.arc_name);
  w.vec(n.seconds);
  w.pod(d.stats);
  w.vec(d.buildings);
  w.pod<std::uint64_t>(d.shelters.size());
  for (const auto& s : d.shelters) {
    w.pod(s.lat);
    w.pod(s.lon);
    w.pod(s.assumed_capacity);
    w.str(s.kind);
    w.str(s.name);
  }
  out.write(kMagic, sizeof kMagic);  // trailer: proves the file is complete
}

// Reads a whole graph of `size` bytes from `in`; `label` names it in errors.
Result<OsmData> read_graph(std::istream& in, std::uint64_t size, const std::string& label,
                           const CacheKey* expected) {
  const auto bad = [&] {
    return fail("'{}' is not a complete Qorgan graph file (truncated or corrupt)", label);
  };
  char magic[8];
  if (size < 2 * sizeof kMagic || !in.read(magic, 8)) return bad();
  const bool version2 = std::memcmp(magic, kMagic2, 8) == 0;
  if (!version2 && std::memcmp(magic, kMagic, 8) != 0) return bad();
  Reader r(in, size - 2 * sizeof kMagic);
  CacheKey key;
  if (!r.pod(key)) return bad();
  if (expected && !(key == *expected))
    return fail("'{}' was made from another input or with other settings", label);
  std::vector<std::int64_t> node_id;
  std::vector<People> holding, capacity;
  std::vector<double> lat, lon;
  std::vector<NodeIndex> tail, head;
  std::vector<Time> travel;
  std::vector<std::string> names;
  std::vector<std::uint32_t> arc_name;
  double step = 0;
  OsmData d;
  if (!r.pod(step) || !r.vec(node_id) || !r.vec(holding) || !r.vec(lat) || !r.vec(lon) ||
      !r.vec(tail) || !r.vec(head) || !r.vec(capacity) || !r.vec(travel))
    return bad();
  std::uint64_t n_names = 0;
  if (!r.pod(n_names) || n_names > r.left() / sizeof(std::uint64_t)) return bad();
  names.resize(n_names);
  for (auto& name : names)
    if (!r.str(name) || name.size() > kMaxNameBytes) return bad();
  std::vector<double> seconds;
  if (!r.vec(arc_name)) return bad();
  if (version2) {
    ImportStats2 old{};
    if (!r.pod(old)) return bad();
    d.stats = {old.road_ways,    old.junctions,        old.arcs, old.components, old.dropped_nodes,
               old.dropped_arcs, old.missing_locations};
  } else if (!r.vec(seconds) || !r.pod(d.stats)) {
    return bad();
  }
  if (!r.vec(d.buildings)) return bad();
  std::uint64_t n_shelters = 0;
  if (!r.pod(n_shelters) || n_shelters > r.left()) return bad();
  d.shelters.resize(n_shelters);
  for (auto& s : d.shelters)
    if (!r.pod(s.lat) || !r.pod(s.lon) || !r.pod(s.assumed_capacity) || !r.str(s.kind) ||
        !r.str(s.name))
      return bad();
  if (r.left() != 0 || !in.read(magic, 8) ||
      std::memcmp(magic, version2 ? kMagic2 : kMagic, 8) != 0)
    return bad();
  const auto n = node_id.size(), m = tail.size();
  if (holding.size() != n || (lat.size() != n && !lat.empty()) || lon.size() != lat.size() ||
      head.size() != m || capacity.size() != m || travel.size() != m ||
      (arc_name.size() != m && !arc_name.empty()) || (seconds.size() != m && !seconds.empty()))
    return bad();
  // Rebuild through the builder so that every index is checked and the CSR is recomputed.
  NetworkBuilder b;
  b.set_step_seconds(step);
  for (std::size_t v = 0; v < n; ++v) {
    std::optional<std::pair<double, double>> ll;
    if (!lat.empty()) ll = std::pair{lat[v], lon[v]};
    b.add_node(node_id[v], holding[v], ll);
  }
  std::vector<std::uint32_t> name_id(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) name_id[i] = b.add_name(names[i]);
  for (std::size_t a = 0; a < m; ++a) {
    if (tail[a] >= n || head[a] >= n || capacity[a] < 1 || travel[a] < 1) return bad();
    if (!arc_name.empty() && arc_name[a] >= names.size()) return bad();
    const std::uint32_t name = arc_name.empty() ? 0 : name_id[arc_name[a]];
    if (seconds.empty()) {
      b.add_arc(tail[a], head[a], capacity[a], travel[a], name);
    } else {
      if (!(seconds[a] >= 0 && seconds[a] <= (travel[a] + 1.0) * step)) return bad();
      b.add_arc(tail[a], head[a], capacity[a], travel[a], name, seconds[a]);
    }
  }
  auto net = std::move(b).build();
  if (!net) return fail(part("'{}': ", label), std::move(net.error()));
  d.network = std::move(*net);
  return d;
}

}  // namespace

Result<CacheKey> cache_key(const std::string& input_path, const ProfileSettings& s) {
  std::ifstream in(input_path, std::ios::binary);
  if (!in) return fail("cannot open '{}'", input_path);
  CacheKey key;
  Fnv1a h;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    h.add_bytes(buffer.data(), got);
    key.input_size += got;
  }
  key.input_hash = h.state;
  Fnv1a sh;
  sh.add(static_cast<int>(s.profile));
  sh.add(s.step_seconds);
  sh.add(s.people_per_vehicle);
  sh.add(s.walk_kmh);
  sh.add(s.foot_people_per_metre_second);
  sh.add(s.road_table().fingerprint());  // built-in or profile-file road classes
  // How the graph is made: 3 folds chains (a version 2 cache entry is not reused).
  sh.add(std::uint32_t{3});
  sh.add(s.fold_chains);
  key.settings_hash = sh.state;
  return key;
}

Result<void> write_graph_file(const std::string& path, const CacheKey& key, const OsmData& d) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return fail("cannot write '{}'", tmp);
    write_graph(out, key, d);
    if (!out) return fail("error writing '{}'", tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return fail("cannot move '{}' into place: {}", tmp, ec.message());
  return {};
}

Result<OsmData> read_graph_file(const std::string& path, const CacheKey* expected) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail("cannot open graph file '{}'", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open graph file '{}'", path);
  return read_graph(in, size, path, expected);
}

std::string graph_to_bytes(const CacheKey& key, const OsmData& data) {
  std::ostringstream out(std::ios::binary);
  write_graph(out, key, data);
  return std::move(out).str();
}

Result<OsmData> graph_from_bytes(std::string_view bytes, const std::string& label,
                                 const CacheKey* expected) {
  std::ispanstream in(std::span<const char>(bytes.data(), bytes.size()));
  return read_graph(in, bytes.size(), label, expected);
}

std::string default_cache_dir() {
  if (const char* d = std::getenv("QORGAN_CACHE_DIR"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return std::string(d) + "/qorgan";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/qorgan";
  return "/tmp/qorgan-cache";
}

Result<OsmData> import_osm_cached(const std::string& input, const ProfileSettings& settings,
                                  const std::string& cache_dir, bool* from_cache) {
  if (from_cache) *from_cache = false;
  auto key = cache_key(input, settings);
  if (!key) return fail("cannot read OSM file '{}'", input);
  const std::string entry = fmt::format("{}/{:016x}-{:016x}-{}.qgraph", cache_dir, key->input_hash,
                                        key->settings_hash, profile_name(settings.profile));
  if (std::filesystem::exists(entry)) {
    if (auto cached = read_graph_file(entry, &*key)) {
      if (from_cache) *from_cache = true;
      return cached;
    }
  }
  auto data = import_osm(input, settings);
  if (!data) return data;
  std::error_code ec;
  std::filesystem::create_directories(cache_dir, ec);
  if (!ec) (void)write_graph_file(entry, *key, *data);  // a cache is a convenience
  return data;
}

}  // namespace qorgan::evac::osm
