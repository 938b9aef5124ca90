#include "evac/web/evac_service.hpp"

#include <stdlib.h>  // NOLINT(modernize-deprecated-headers): for ::mkstemps, a C library extension
#include <unistd.h>

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "evac/graph/carry_remainders.hpp"
#include "evac/io/plan_json.hpp"
#include "evac/io/plan_orders_html.hpp"
#include "evac/osm/expanded_size.hpp"
#include "evac/osm/graph_cache.hpp"
#include "evac/plan/planner.hpp"
#include "evac/web/evac_json.hpp"
#include "evac/web/evac_store.hpp"
#include "evac/web/plan_input.hpp"
#include "view/time.hpp"

namespace qorgan::evac::web {

using auth::Role;
using core::Error;
using core::fail;

bool may_plan(const auth::Principal& who) {
  return who.is(Role::admin) || who.is(Role::hq_staff);
}

namespace {

constexpr std::int64_t kQueueLock = 0x6576616371;  // "evacq"

Error plan_not_found(std::int64_t id) {
  return Error::not_found("No evacuation plan has id " + std::to_string(id) + ".");
}

Error network_not_found(std::int64_t id) {
  return Error::not_found("No road network has id " + std::to_string(id) + ".");
}

bool sees_plan(const auth::Principal& who, const PlanInfo& p) {
  if (!may_plan(who)) return false;
  auto scope = auth::scope_of(who);
  return scope.kind == auth::Scope::Kind::everything ||
         (scope.kind == auth::Scope::Kind::region && p.region_path.starts_with(scope.path));
}

// What the uploaded bytes are, by their first bytes: the file name libosmium needs to pick the
// reader and decompressor.
std::optional<std::string> sniff_osm(std::string_view b) {
  if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f &&
      static_cast<unsigned char>(b[1]) == 0x8b)
    return "osm.gz";
  if (b.starts_with("BZh")) return "osm.bz2";
  // PBF: a 4-byte big-endian header length, then a BlobHeader whose type is "OSMHeader".
  if (b.size() >= 16 && b[0] == 0 && b[1] == 0 && b.substr(4, 16).find("OSMHeader") != b.npos)
    return "osm.pbf";
  std::string_view t = b.substr(0, 512);
  if (t.starts_with("\xEF\xBB\xBF")) t.remove_prefix(3);
  while (!t.empty() &&
         (t.front() == ' ' || t.front() == '\n' || t.front() == '\r' || t.front() == '\t'))
    t.remove_prefix(1);
  if (t.starts_with("<")) return "osm";
  return std::nullopt;
}

// A temporary file holding the upload, removed when it goes out of scope.
class TempFile {
 public:
  TempFile(std::string_view bytes, const std::string& suffix) {
    auto dir = std::filesystem::temp_directory_path().string();
    std::string name = dir + "/qorgan-upload-XXXXXX." + suffix;
    const int fd = ::mkstemps(name.data(), static_cast<int>(suffix.size() + 1));
    if (fd < 0) return;
    path_ = name;
    std::size_t done = 0;
    while (done < bytes.size()) {
      const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ok_ = done == bytes.size();
    ::close(fd);
  }
  ~TempFile() {
    if (!path_.empty()) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); !from.empty() && pos != std::string::npos;
       pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

core::Json stats_json(const osm::OsmData& d) {
  return {{"road_ways", d.stats.road_ways},
          {"junctions", d.stats.junctions},
          {"arcs", d.stats.arcs},
          {"components", d.stats.components},
          {"dropped_junctions", d.stats.dropped_nodes},
          {"dropped_arcs", d.stats.dropped_arcs},
          {"missing_locations", d.stats.missing_locations},
          {"buildings", d.buildings.size()},
          {"shelter_candidates", d.shelters.size()}};
}

// Reads every page of a registry list (sorted by id) into `each`; the first failure ends it.
template <typename T, typename ListFn, typename Each>
core::Status for_all_pages(const std::vector<core::SortOption>& sorts, ListFn list, Each each) {
  core::ListParams p = core::ListParams::first(sorts);
  p.sort_column = "id";
  p.numeric_sort = true;
  while (true) {
    core::Result<core::Page<T>> page = list(p);
    if (!page) return fail(page.error());
    for (const auto& item : page->items) each(item);
    if (!page->next_cursor || page->items.empty()) return {};
    p.after_id = page->items.back().id;
    p.after_value = std::to_string(*p.after_id);
  }
}

// One page of networks or plans, with the cursor of the page after it (both sort by name,
// creation time or id).
template <class Info>
core::Page<Info> page_of(std::vector<Info> rows, const core::ListParams& p) {
  return core::take_page(std::move(rows), p, [&](const Info& last) -> std::string {
    return p.sort_column == "search_key"   ? core::fold(last.name)
           : p.sort_column == "created_at" ? std::to_string(last.created_at)
                                           : std::to_string(last.id);
  });
}

}  // namespace

bool is_plan_status(std::string_view s) {
  return s == kQueued || s == kRunning || s == kDone || s == kFailed || s == kCancelledStatus;
}

bool is_final_status(std::string_view s) {
  return s == kDone || s == kFailed || s == kCancelledStatus;
}

Service::Service(storage::Database& db, registry::Registry& registry, storage::Peers& peers)
    : db_(db), registry_(registry), networks_(db), runner_(db, networks_, peers) {}

Service::~Service() {
  runner_.stop();
}

const std::vector<core::SortOption>& Service::network_sorts() {
  return evac_store::network_sorts();
}

const std::vector<core::SortOption>& Service::plan_sorts() {
  return evac_store::plan_sorts();
}

// --- networks ---

core::Result<core::Page<NetworkInfo>> Service::list_networks(const auth::Principal& who,
                                                             const core::ListParams& p) {
  if (!may_plan(who)) return fail(Error::forbidden("Your role does not plan evacuations."));
  return page_of(db_.read([&](storage::Tx& tx) { return evac_store::list_networks(tx, p); }), p);
}

core::Result<NetworkInfo> Service::get_network(const auth::Principal& who, std::int64_t id) {
  if (!may_plan(who)) return fail(Error::forbidden("Your role does not plan evacuations."));
  auto n = db_.read([&](storage::Tx& tx) { return evac_store::get_network(tx, id); });
  if (!n) return fail(network_not_found(id));
  return *n;
}

core::Result<std::shared_ptr<const std::string>> Service::network_geojson(
    const auth::Principal& who, std::int64_t id) {
  if (!may_plan(who)) return fail(Error::forbidden("Your role does not plan evacuations."));
  return networks_.geojson(id);
}

namespace {

bool may_see_maps(const auth::Principal& who) {
  return may_plan(who) || who.is(Role::alert_officer) || who.is(Role::auditor);
}

}  // namespace

core::Result<std::vector<NetworkInfo>> Service::street_maps(const auth::Principal& who) {
  if (!may_see_maps(who)) return fail(Error::forbidden("Your role does not see street maps."));
  auto p = core::ListParams::first(network_sorts(), 100);
  auto rows = db_.read([&](storage::Tx& tx) { return evac_store::list_networks(tx, p); });
  std::vector<NetworkInfo> out;
  for (auto& n : rows)
    if (n.bbox && out.size() < 100) out.push_back(std::move(n));
  return out;
}

core::Result<std::shared_ptr<const std::string>> Service::street_map(const auth::Principal& who,
                                                                     std::int64_t id) {
  if (!may_see_maps(who)) return fail(Error::forbidden("Your role does not see street maps."));
  auto n = db_.read([&](storage::Tx& tx) { return evac_store::get_network(tx, id); });
  if (!n || !n->bbox) return fail(network_not_found(id));
  return networks_.geojson(id);
}

core::Result<NetworkInfo> Service::create_network(const auth::Principal& who,
                                                  const auth::Actor& actor, const NetworkUpload& up,
                                                  std::string_view lang) {
  if (!may_plan(who)) return fail(Error::forbidden("You may not add road networks."));
  const auto in_lang = [&](const auto& e) { return render(e, lang); };
  std::vector<core::FieldError> errors;
  const std::string name = core::trim(up.name);
  if (name.empty())
    errors.push_back({"name", in_lang(part("is required"))});
  else if (!core::valid_utf8(name) || name.size() > 200)
    errors.push_back({"name", in_lang(part("must be UTF-8 text of at most 200 bytes"))});
  const auto profile = osm::parse_profile(up.profile);
  if (!profile) errors.push_back({"profile", in_lang(part("must be one of: car, foot"))});
  if (up.format && *up.format != "pbf" && *up.format != "xml")
    errors.push_back({"format", in_lang(part("must be one of: pbf, xml"))});
  if (up.source_file && (!core::valid_utf8(*up.source_file) || up.source_file->size() > 200))
    errors.push_back({"filename", in_lang(part("must be UTF-8 text of at most 200 bytes"))});
  std::optional<std::string> kind;
  if (up.bytes.empty()) {
    errors.push_back({"body", in_lang(part("must be the OpenStreetMap file (PBF or XML)"))});
  } else {
    kind = sniff_osm(up.bytes);
    if (!kind)
      errors.push_back(
          {"body", in_lang(part("is neither an OpenStreetMap PBF file nor OSM XML (plain, .bz2 "
                                "or .gz)"))});
    else if (up.format == "pbf" && *kind != "osm.pbf")
      errors.push_back({"format", in_lang(part("is pbf, but the file is not a PBF file"))});
    else if (up.format == "xml" && *kind == "osm.pbf")
      errors.push_back({"format", in_lang(part("is xml, but the file is a PBF file"))});
  }
  if (!errors.empty())
    return fail(
        Error::invalid(in_lang(part("The road network cannot be imported.")), std::move(errors)));
  // Counted before anything is imported, keeping none of it: a small compressed file can expand
  // to gigabytes that the importer would parse.
  if (osm::expanded_size(up.bytes, expanded_limit_) > expanded_limit_)
    return fail(Error{core::ErrorCode::too_large,
                      in_lang(part("The road network expands to more than {} MiB, the limit for "
                                   "an uploaded OpenStreetMap file; upload a smaller extract.",
                                   expanded_limit_ >> 20)),
                      {{"body", in_lang(part("expands to more than {} MiB when decompressed",
                                             expanded_limit_ >> 20))}}});

  osm::ProfileSettings settings;
  settings.profile = *profile;
  settings.step_seconds = osm::default_step_seconds(*profile);
  TempFile file(up.bytes, *kind);
  if (!file.ok()) return fail(Error::internal("cannot write the upload to a temporary file"));
  // The server's temporary path never shows: the file is named as the user knows it.
  const std::string label = translate(term("the uploaded file").key, lang);
  auto key = osm::cache_key(file.path(), settings);
  if (!key)
    return fail(
        Error::internal(replace_all(key.error().message, file.path(), "the uploaded file")));
  auto data = osm::import_osm(file.path(), settings);
  if (!data)
    return fail(Error::invalid(in_lang(part("The OpenStreetMap file cannot be imported.")),
                               {{"body", replace_all(in_lang(data.error()), file.path(), label)}}));
  if (data->network.node_count() == 0 || data->network.arc_count() == 0)
    return fail(Error::invalid(in_lang(part("The OpenStreetMap file cannot be imported.")),
                               {{"body", in_lang(part("the file has no usable roads"))}}));
  NetworkInfo n;
  n.name = name;
  n.profile = std::string(osm::profile_name(*profile));
  n.source_file = up.source_file.value_or("upload." + *kind);
  n.source_bytes = static_cast<std::int64_t>(up.bytes.size());
  n.osm = true;
  return store_network(actor, std::move(n), *key, std::move(*data));
}

core::Result<NetworkInfo> Service::store_network(const auth::Actor& actor, NetworkInfo n,
                                                 const osm::CacheKey& key, osm::OsmData data) {
  n.stats = stats_json(data);
  n.created_by = actor.login;
  const std::string bytes = osm::graph_to_bytes(key, data);
  n.nodes = static_cast<std::int64_t>(data.network.node_count());
  n.arcs = static_cast<std::int64_t>(data.network.arc_count());
  n.step_seconds = data.network.step_seconds;
  n.bbox = bounding_box(data.network);
  n.graph_bytes = static_cast<std::int64_t>(bytes.size());
  n.created_at = core::now_us();
  auto stored = db_.write([&](storage::Tx& tx) -> core::Result<NetworkInfo> {
    n.id = evac_store::insert_network(tx, n, bytes);
    auth::audit(tx, actor, "evac_network.create", "evac_network", std::to_string(n.id), nullptr,
                to_json(n));
    return n;
  });
  if (!stored) return stored;
  auto loaded = std::make_shared<LoadedNetwork>();
  loaded->info = *stored;
  loaded->data = std::move(data);
  networks_.put(std::move(loaded));
  return stored;
}

core::Result<NetworkInfo> Service::add_network_as(const auth::Actor& actor, std::string name,
                                                  std::string source_file,
                                                  std::int64_t source_bytes, osm::OsmData data,
                                                  bool from_osm, std::string_view profile) {
  if (data.network.node_count() == 0) return fail(Error::invalid("The road network is empty."));
  NetworkInfo n;
  n.name = std::move(name);
  n.profile = std::string(profile);
  n.source_file = std::move(source_file);
  n.source_bytes = source_bytes;
  n.osm = from_osm;
  // Not made from a file: no cache key.
  return store_network(actor, std::move(n), osm::CacheKey{}, std::move(data));
}

core::Status Service::remove_network(const auth::Principal& who, const auth::Actor& actor,
                                     std::int64_t id) {
  if (!who.is(Role::admin)) {
    if (!may_plan(who)) return fail(Error::forbidden("Your role does not plan evacuations."));
    return fail(Error::forbidden("Only an administrator may delete a road network."));
  }
  auto done = db_.write([&](storage::Tx& tx) -> core::Status {
    auto old = evac_store::get_network(tx, id);
    if (!old) return fail(network_not_found(id));
    if (auto n = evac_store::plans_using_network(tx, id); n > 0)
      return fail(Error::conflict(
          fmt::format("{} evacuation plan{} use{} this road network; delete {} first.", n,
                      n == 1 ? "" : "s", n == 1 ? "s" : "", n == 1 ? "it" : "them")));
    evac_store::remove_network(tx, id);
    auth::audit(tx, actor, "evac_network.delete", "evac_network", std::to_string(id), to_json(*old),
                nullptr);
    return {};
  });
  if (done) networks_.erase(id);
  return done;
}

// --- plans ---

core::Result<PlanInfo> Service::create_plan(const auth::Principal& who, const auth::Actor& actor,
                                            const core::Json& body, std::string_view lang) {
  if (!may_plan(who)) return fail(Error::forbidden("You may not make evacuation plans."));
  auto req = read_plan_request(body);
  if (!req) return fail(req.error());
  std::vector<core::FieldError> errors;
  auto region = registry_.regions.get(who, req->region_id);
  if (!region) errors.push_back({"region_id", "does not exist"});
  auto network = networks_.get(req->network_id);
  if (!network) {
    if (network.error().code != core::ErrorCode::not_found) return fail(network.error());
    errors.push_back({"network_id", "does not exist"});
  }
  if (!errors.empty())
    return fail(Error::invalid("The plan refers to missing records.", std::move(errors)));
  if (!who.is(Role::admin) && !who.sees_region_path(region->path))
    return fail(Error::forbidden("The region is outside your scope."));

  // What the registry knows: shelters in the region subtree, and its leaf regions.
  std::vector<RegistryShelter> shelters;
  if (req->shelters == ShelterSource::registry) {
    registry::FacilityFilter filter;
    filter.region = region->id;
    filter.shelter = true;
    auto read = for_all_pages<registry::Facility>(
        registry::Facilities::sorts(),
        [&](const core::ListParams& p) { return registry_.facilities.list(who, filter, p); },
        [&](const registry::Facility& f) {
          if (!f.shelter_capacity) return;
          shelters.push_back({f.id, f.name, f.lat, f.lon, People(*f.shelter_capacity)});
        });
    if (!read) return fail(read.error());
  }
  std::vector<Neighbourhood> hoods;
  {
    std::vector<registry::Region> regions;
    std::set<std::int64_t> parents;
    registry::RegionFilter rf;
    rf.within = region->id;
    auto read = for_all_pages<registry::Region>(
        registry::Regions::sorts(),
        [&](const core::ListParams& p) { return registry_.regions.list(who, rf, p); },
        [&](const registry::Region& r) {
          regions.push_back(r);
          if (r.parent_id) parents.insert(*r.parent_id);
        });
    if (!read) return fail(read.error());
    for (const auto& r : regions) {
      if (parents.contains(r.id) || !r.lat || !r.lon) continue;
      hoods.push_back({r.id, r.code, r.name_kk, r.name_ru, r.name_en, *r.lat, *r.lon});
    }
  }

  auto demand = resolve_demand(*req, **network, shelters, hoods, lang);
  if (!demand) return fail(demand.error());
  const Network& net = (*network)->data.network;
  Problem problem;
  problem.network = net;
  problem.sources = demand->sources;
  problem.shelters = demand->shelters;
  carry_remainders(problem);
  if (auto ok = check_problem(problem); !ok) {
    evac::Error why = ok.error();
    why.prefix(part("The plan's input cannot be planned: "));
    return fail(Error::invalid(render(why, lang)));
  }

  PlanInfo p;
  p.name = req->name;
  p.region_id = region->id;
  p.region_path = region->path;
  p.network_id = req->network_id;
  p.planner = req->planner;
  p.with_optimum = req->with_optimum;
  p.status = std::string(kQueued);
  p.input = input_summary(*req, *demand, problem);
  p.created_by = actor.login;
  p.created_by_id = actor.account_id;
  p.created_at = p.updated_at = core::now_us();
  const std::string problem_text = demand_to_json(*demand, net).dump();
  const std::string request_text = req->request.dump();
  auto stored = db_.write([&](storage::Tx& tx) -> core::Result<PlanInfo> {
    // Counted in the writing transaction under one lock, so two requests cannot both take the
    // last place (on PostgreSQL, through different servers, too).
    tx.lock(kQueueLock);
    auto waiting = evac_store::waiting_plans(tx, actor.login);
    std::string full;
    if (waiting.by_caller >= limits_.per_account)
      full = fmt::format(
          "You already have {} plans waiting or running; wait for one to finish "
          "or cancel one.",
          waiting.by_caller);
    else if (waiting.total >= limits_.total)
      full = fmt::format(
          "The planning queue is full ({} plans waiting or running); try again "
          "in a minute.",
          waiting.total);
    // A plan takes seconds to minutes; a retry within a minute is the honest estimate.
    if (!full.empty()) return fail(Error::too_many(std::move(full), 60));
    p.id = evac_store::insert_plan(tx, p, request_text, problem_text);
    auth::audit(tx, actor, "evac_plan.create", "evac_plan", std::to_string(p.id), nullptr,
                to_json(p));
    return p;
  });
  if (stored) runner_.wake();
  return stored;
}

core::Result<core::Page<PlanInfo>> Service::list_plans(const auth::Principal& who, PlanFilter f,
                                                       const core::ListParams& p) {
  if (!may_plan(who)) return fail(Error::forbidden("Your role does not plan evacuations."));
  f.scope = auth::scope_of(who);
  return page_of(db_.read([&](storage::Tx& tx) { return evac_store::list_plans(tx, f, p); }), p);
}

core::Result<PlanInfo> Service::visible_plan(const auth::Principal& who, std::int64_t id) {
  if (!may_plan(who)) return fail(Error::forbidden("Your role does not plan evacuations."));
  auto p = db_.read([&](storage::Tx& tx) { return evac_store::get_plan(tx, id); });
  if (!p || !sees_plan(who, *p)) return fail(plan_not_found(id));
  return *p;
}

core::Result<PlanInfo> Service::get_plan(const auth::Principal& who, std::int64_t id) {
  return visible_plan(who, id);
}

core::Result<PlanInfo> Service::cancel_plan(const auth::Principal& who, const auth::Actor& actor,
                                            std::int64_t id) {
  if (!may_plan(who)) return fail(Error::forbidden("Your role does not plan evacuations."));
  auto done = db_.write([&](storage::Tx& tx) -> core::Result<PlanInfo> {
    auto old = evac_store::get_plan(tx, id);
    if (!old || !sees_plan(who, *old)) return fail(plan_not_found(id));
    if (is_final_status(old->status) || !evac_store::cancel(tx, id, core::now_us()))
      return fail(Error::conflict("The plan has already ended (" + old->status + ")."));
    auto now = *evac_store::get_plan(tx, id);
    auth::audit(tx, actor, "evac_plan.cancel", "evac_plan", std::to_string(id),
                {{"status", old->status}}, {{"status", now.status}});
    return now;
  });
  if (done) runner_.cancel(id);
  return done;
}

core::Status Service::remove_plan(const auth::Principal& who, const auth::Actor& actor,
                                  std::int64_t id) {
  if (!may_plan(who)) return fail(Error::forbidden("Your role does not plan evacuations."));
  auto done = db_.write([&](storage::Tx& tx) -> core::Status {
    auto old = evac_store::get_plan(tx, id);
    if (!old || !sees_plan(who, *old)) return fail(plan_not_found(id));
    if (!is_final_status(old->status) && evac_store::cancel(tx, id, core::now_us()))
      auth::audit(tx, actor, "evac_plan.cancel", "evac_plan", std::to_string(id),
                  {{"status", old->status}}, {{"status", kCancelledStatus}});
    evac_store::remove_plan(tx, id);
    auth::audit(tx, actor, "evac_plan.delete", "evac_plan", std::to_string(id), to_json(*old),
                nullptr);
    return {};
  });
  if (done) runner_.cancel(id);
  return done;
}

core::Result<std::string> Service::plan_output(const auth::Principal& who, std::int64_t id,
                                               ResultFormat format) {
  auto p = visible_plan(who, id);
  if (!p) return fail(p.error());
  if (p->status != kDone)
    return fail(Error::conflict("The plan has no result: it is " + p->status + "."));
  auto text = db_.read([&](storage::Tx& tx) { return evac_store::result(tx, id, format); });
  if (!text) {
    if (format == ResultFormat::geojson)
      return fail(Error::conflict(
          "The plan's road network has no coordinates, so the plan has no GeoJSON."));
    return fail(Error::internal("the finished plan " + std::to_string(id) + " has no result"));
  }
  return *text;
}

core::Result<PlanResult> Service::plan_result(const auth::Principal& who, std::int64_t id) {
  auto text = plan_output(who, id, ResultFormat::json);
  if (!text) return fail(text.error());
  PlanResult r;
  r.info = *visible_plan(who, id);
  auto net = networks_.get(r.info.network_id);
  if (!net) return fail(net.error());
  r.network = *net;
  r.plan_json = core::Json::parse(*text, nullptr, false);
  if (r.plan_json.is_discarded())
    return fail(Error::internal("the stored plan " + std::to_string(id) + " is not valid JSON"));
  auto loaded = io::plan_from_json(r.plan_json, r.network->data.network);
  if (!loaded)
    return fail(Error::internal("the stored plan " + std::to_string(id) +
                                " cannot be read: " + loaded.error().message));
  r.problem = std::move(loaded->problem);
  r.plan = std::move(loaded->plan);
  r.report = validate(r.problem, r.plan);
  return r;
}

core::Result<std::string> Service::plan_orders(const auth::Principal& who, std::int64_t id,
                                               const std::string& language) {
  auto r = plan_result(who, id);
  if (!r) return fail(r.error());
  io::OrdersOptions o;
  o.language = language;
  o.subtitle = r->info.name;
  if (auto region = registry_.regions.get(who, r->info.region_id)) {
    const std::string& own = language == "kk"   ? region->name_kk
                             : language == "ru" ? region->name_ru
                                                : region->name_en;
    const std::string& name = !own.empty()               ? own
                              : !region->name_en.empty() ? region->name_en
                                                         : region->name_ru;
    if (!name.empty()) o.subtitle += " — " + name;
  }
  if (r->info.finished_at) o.issued = view::format_time(*r->info.finished_at, time_zone_);
  o.osm_attribution = r->network->info.osm;
  // Each source is named after its neighbourhood already (see resolve_demand).
  return io::plan_orders_html(r->problem, r->plan, o);
}

}  // namespace qorgan::evac::web
