#pragma once
// Evacuation planning as a Qorgan capability (the public header for routes, the console and the
// demo loader): road networks kept in the database, plans run in the background by one worker,
// results stored with the plan.
//
// Who may do what: admin everything; hq_staff read every network (shared road data), upload
// networks, and create, read, cancel and delete plans of regions in their region's subtree
// (an unscoped hq_staff: all). Only an admin deletes a network. Every other role is forbidden.
// An out-of-scope plan is not_found, as if it did not exist; lists are filtered. Every change
// is audited in the same transaction: evac_network.create/delete, evac_plan.create/cancel/delete
// by the caller, evac_plan.finish/fail by the runner ("system:evac-runner").
//
// Shelters "from the registry" and the neighbourhood names of sources are read through the
// registry's services (facilities with a shelter capacity and leaf regions in the plan's region
// subtree), never its tables.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "evac/osm/graph_cache.hpp"
#include "evac/plan/validator.hpp"
#include "evac/web/model.hpp"
#include "evac/web/network_cache.hpp"
#include "evac/web/plan_runner.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::evac::web {

// An OSM file sent to be imported.
struct NetworkUpload {
  std::string name;
  std::string profile = "car";             // car | foot
  std::optional<std::string> format;       // pbf | xml (plain, .bz2 or .gz); sniffed when absent
  std::optional<std::string> source_file;  // the file's name, for people
  std::string_view bytes;
};

// A finished plan rebuilt in memory, for pages that draw or print it.
struct PlanResult {
  PlanInfo info;
  std::shared_ptr<const LoadedNetwork> network;
  Problem problem;
  Plan plan;
  ValidationReport report;
  core::Json plan_json;  // the stored plan JSON (with "neighbourhoods" and sources' region_id)
};

// How many plans may wait in the queue (queued or running): one account's plans and all plans.
// Beyond either, a new plan is refused with too_many (429) rather than delaying everyone.
struct QueueLimits {
  std::int64_t per_account = 3;
  std::int64_t total = 20;
};

class Service {
 public:
  // `peers` (outliving this) keeps each plan to one runner among the servers on the database.
  Service(storage::Database& db, registry::Registry& registry, storage::Peers& peers);
  void set_queue_limits(QueueLimits limits) { limits_ = limits; }
  // What an uploaded OSM file may expand to (decompressed gzip/bzip2, PBF blobs); beyond it the
  // upload is refused (too_large) before the importer reads it.
  void set_expanded_limit(std::uint64_t bytes) { expanded_limit_ = bytes; }
  // The IANA zone the printable orders give their issue time in.
  void set_time_zone(std::string zone) { time_zone_ = std::move(zone); }
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Road networks.
  core::Result<core::Page<NetworkInfo>> list_networks(const auth::Principal& who,
                                                      const core::ListParams& p);
  core::Result<NetworkInfo> get_network(const auth::Principal& who, std::int64_t id);
  // The roads as GeoJSON text (see roads_geojson).
  core::Result<std::shared_ptr<const std::string>> network_geojson(const auth::Principal& who,
                                                                   std::int64_t id);
  // The street maps other pages draw on (the public alerts' area drawing): the networks with
  // coordinates, their roads as GeoJSON. Read by whoever plans or draws alert areas (admin,
  // hq_staff, alert_officer) and by auditors.
  core::Result<std::vector<NetworkInfo>> street_maps(const auth::Principal& who);
  core::Result<std::shared_ptr<const std::string>> street_map(const auth::Principal& who,
                                                              std::int64_t id);
  // Imports synchronously; a file that cannot be imported is `invalid`, one that expands to
  // more than the expanded limit `too_large`, and nothing is stored. Why, in `lang` (kk, ru,
  // else English).
  core::Result<NetworkInfo> create_network(const auth::Principal& who, const auth::Actor& actor,
                                           const NetworkUpload& upload,
                                           std::string_view lang = "en");
  // conflict while plans refer to the network.
  core::Status remove_network(const auth::Principal& who, const auth::Actor& actor,
                              std::int64_t id);
  // For the demo loader: a network imported or generated in memory, stored as the system.
  core::Result<NetworkInfo> add_network_as(const auth::Actor& actor, std::string name,
                                           std::string source_file, std::int64_t source_bytes,
                                           osm::OsmData data, bool from_osm,
                                           std::string_view profile = "car");

  // Plans. `body` as in POST /api/v1/evac/plans; the new plan is queued and the worker woken.
  // Why the evacuees, shelters or the input cannot be used, in `lang` (kk, ru, else English).
  core::Result<PlanInfo> create_plan(const auth::Principal& who, const auth::Actor& actor,
                                     const core::Json& body, std::string_view lang = "en");
  core::Result<core::Page<PlanInfo>> list_plans(const auth::Principal& who, PlanFilter f,
                                                const core::ListParams& p);
  core::Result<PlanInfo> get_plan(const auth::Principal& who, std::int64_t id);
  // queued or running → cancelled; conflict when the plan has already ended.
  core::Result<PlanInfo> cancel_plan(const auth::Principal& who, const auth::Actor& actor,
                                     std::int64_t id);
  // A queued or running plan is cancelled first (both audited).
  core::Status remove_plan(const auth::Principal& who, const auth::Actor& actor, std::int64_t id);
  // The stored result text; conflict until the plan is done.
  core::Result<std::string> plan_output(const auth::Principal& who, std::int64_t id,
                                        ResultFormat format);
  // The finished plan rebuilt (network, problem, plan, validation report); conflict until done.
  core::Result<PlanResult> plan_result(const auth::Principal& who, std::int64_t id);
  // Printable orders per neighbourhood (evac/io/plan_orders_html): one HTML document in
  // `language` (kk, ru or en), to be served with io::kOrdersContentSecurityPolicy.
  core::Result<std::string> plan_orders(const auth::Principal& who, std::int64_t id,
                                        const std::string& language = "en");

  // The worker: `start` (serve only) fails plans a crash left running and runs queued ones in
  // the background; `stop` (also done by the destructor) puts the running plan back in the
  // queue. `run_queued` runs queued plans now in the calling thread (demo loader, tests).
  void start() { runner_.start(); }
  void stop() { runner_.stop(); }
  int run_queued() { return runner_.run_queued(); }
  int recover() { return runner_.recover(); }

  NetworkCache& networks() { return networks_; }
  static const std::vector<core::SortOption>& network_sorts();
  static const std::vector<core::SortOption>& plan_sorts();

 private:
  core::Result<PlanInfo> visible_plan(const auth::Principal& who, std::int64_t id);
  // Stores a network made from `data` (audited) and keeps it loaded.
  core::Result<NetworkInfo> store_network(const auth::Actor& actor, NetworkInfo n,
                                          const osm::CacheKey& key, osm::OsmData data);

  storage::Database& db_;
  registry::Registry& registry_;
  NetworkCache networks_;
  PlanRunner runner_;
  QueueLimits limits_;
  std::uint64_t expanded_limit_ = std::uint64_t(512) << 20;
  std::string time_zone_ = "Asia/Almaty";
};

// Whether the role may use evacuation planning at all (admin, hq_staff).
bool may_plan(const auth::Principal& who);

}  // namespace qorgan::evac::web
