#include "evac/io/network_loader.hpp"

#include <fmt/format.h>

#include "evac/io/text_network_reader.hpp"
#include "evac/limits.hpp"
#include "evac/osm/graph_cache.hpp"

namespace qorgan::evac::io {

namespace {
bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

Result<LoadedNetwork> load_network(const std::string& path, const LoadOptions& options) {
  LoadedNetwork out;
  if (options.step_seconds && !step_seconds_ok(*options.step_seconds))
    return fail("the step length must be above 0 and at most {} s, got {}", kMaxStepSeconds,
                *options.step_seconds);
  const bool osm_input = ends_with(path, ".pbf") || ends_with(path, ".osm") ||
                         ends_with(path, ".osm.bz2") || ends_with(path, ".osm.gz");
  const bool dimacs_input = ends_with(path, ".gr");
  if (options.dimacs_given && !dimacs_input)
    return fail(
        "--default-capacity and --length-per-step apply to DIMACS input (.gr) only; '{}' is not "
        "one",
        path);
  if (osm_input) {
    osm::ProfileSettings s;
    s.profile = options.profile;
    s.step_seconds = options.step_seconds.value_or(osm::default_step_seconds(options.profile));
    s.fold_chains = options.fold_chains;
    if (!options.profile_file.empty())
      if (auto ok = osm::apply_profile_file(options.profile_file, s); !ok)
        return std::unexpected(ok.error());
    auto data = osm::import_osm_cached(
        path, s, options.cache_dir.empty() ? osm::default_cache_dir() : options.cache_dir,
        &out.from_cache);
    if (!data) return std::unexpected(data.error());
    out.kind = "osm";
    out.problem.network = std::move(data->network);
    out.osm = std::move(*data);
    return out;
  }
  // Only an OSM import applies a profile; quietly ignoring it would mislead.
  if (!options.profile_file.empty())
    return fail(
        "a profile file applies to OSM input only; '{}' is not an OSM file (a .qgraph keeps the "
        "profile it was imported with)",
        path);
  // The step and the profile are chosen when OSM data is imported: a graph file keeps those it
  // was imported with, a text network states its own step, DIMACS has neither.
  if (options.step_seconds)
    return fail(
        "--step applies to OSM input only; '{}' is not an OSM file (a .qgraph keeps the step it "
        "was imported with, a text network sets step_seconds itself)",
        path);
  if (options.profile_given)
    return fail(
        "--profile applies to OSM input only; '{}' is not an OSM file (a .qgraph keeps the "
        "profile it was imported with)",
        path);
  if (ends_with(path, ".qgraph") || ends_with(path, ".bin")) {
    auto data = osm::read_graph_file(path);
    if (!data) return std::unexpected(data.error());
    out.kind = "graph";
    out.problem.network = std::move(data->network);
    out.osm = std::move(*data);
    return out;
  }
  if (dimacs_input) {
    auto net = read_dimacs_file(path, options.dimacs);
    if (!net) return std::unexpected(net.error());
    out.kind = "dimacs";
    out.problem.network = std::move(*net);
    return out;
  }
  auto problem = read_text_network_file(path);
  if (!problem) return std::unexpected(problem.error());
  out.kind = "text";
  out.problem = std::move(*problem);
  return out;
}

}  // namespace qorgan::evac::io
