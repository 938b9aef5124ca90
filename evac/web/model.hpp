#pragma once
// What the evacuation service stores and answers with: road networks kept server-side and
// planning jobs. The JSON shapes are those of the contract (/api/v1/evac, see evac/README.md,
// "Over HTTP").
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.hpp"
#include "core/json.hpp"
#include "evac/error.hpp"

namespace qorgan::evac::web {

inline constexpr std::string_view kOsmAttribution = "© OpenStreetMap contributors";

struct NetworkInfo {
  std::int64_t id = 0;
  std::string name, profile;
  double step_seconds = 0;
  std::int64_t nodes = 0, arcs = 0;
  std::string source_file;        // the uploaded file's name, or what the network was made from
  std::int64_t source_bytes = 0;  // size of the uploaded file
  bool osm = false;               // made from OpenStreetMap data: credit it
  std::optional<std::array<double, 4>> bbox;  // min lon, min lat, max lon, max lat
  core::Json stats = core::Json::object();    // the import report (dropped junctions, …)
  std::int64_t graph_bytes = 0;
  std::string created_by;
  std::int64_t created_at = 0;
};

// Plan statuses: queued → running → done | failed | cancelled (queued may be cancelled too).
inline constexpr std::string_view kQueued = "queued", kRunning = "running", kDone = "done",
                                  kFailed = "failed", kCancelledStatus = "cancelled";
bool is_plan_status(std::string_view s);
bool is_final_status(std::string_view s);

struct PlanInfo {
  std::int64_t id = 0;
  std::string name;
  std::int64_t region_id = 0;
  std::string region_path;  // a copy of the region's path when the plan was made (scope)
  std::int64_t network_id = 0;
  std::string planner;
  bool with_optimum = false;
  std::string status{kQueued};
  double progress = 0;
  std::optional<std::string> error;         // in English
  std::vector<Part> error_parts;            // the same, for render() in the reader's language
  core::Json input = core::Json::object();  // population, sources, shelters, …
  core::Json summary;                       // null until done
  std::string created_by;
  std::optional<std::int64_t> created_by_id;
  std::int64_t created_at = 0, updated_at = 0;
  std::optional<std::int64_t> started_at, finished_at;
};

struct PlanFilter {
  std::optional<std::int64_t> region;  // plans of this region's subtree
  std::optional<std::string> status;
  auth::Scope scope{auth::Scope::Kind::everything};  // set by the service from the caller
};

enum class ResultFormat { json, geojson, csv };

}  // namespace qorgan::evac::web
