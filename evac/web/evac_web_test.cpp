// The evacuation service on a real SQLite file, without HTTP: networks stored and loaded back,
// plans resolved (CSV lines, registry shelters, neighbourhood names), run by the job runner in
// the test's thread, scope rules, cancel, recovery after a crash, and the audit entries.
#include "evac/web/evac_service.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "auth/audit.hpp"
#include "evac/graph/grid_city.hpp"
#include "evac/osm/graph_cache.hpp"
#include "evac/web/evac_store.hpp"
#include "evac/web/plan_input.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::evac::web;
using core::Json;

namespace {

// A small OSM town near Almaty: an n x n grid of residential streets 100 m apart, a block of
// flats at every other junction and a school in the north-east.
std::string osm_town(int n) {
  std::string x = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\">\n";
  const double lat0 = 43.24, lon0 = 76.90, dlat = 0.0009, dlon = 0.00123;
  auto id = [n](int i, int j) { return 1000 + j * n + i; };
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      x += fmt::format("  <node id=\"{}\" lat=\"{:.7f}\" lon=\"{:.7f}\"/>\n", id(i, j),
                       lat0 + j * dlat, lon0 + i * dlon);
  int way = 1;
  for (int j = 0; j < n; ++j) {
    x += fmt::format("  <way id=\"{}\">", way++);
    for (int i = 0; i < n; ++i) x += fmt::format("<nd ref=\"{}\"/>", id(i, j));
    x += "<tag k=\"highway\" v=\"residential\"/><tag k=\"name\" v=\"Row street\"/></way>\n";
  }
  for (int i = 0; i < n; ++i) {
    x += fmt::format("  <way id=\"{}\">", way++);
    for (int j = 0; j < n; ++j) x += fmt::format("<nd ref=\"{}\"/>", id(i, j));
    x += "<tag k=\"highway\" v=\"residential\"/></way>\n";
  }
  // Buildings: small squares (about 20 x 20 m) beside junctions.
  int node = 900000;
  for (int j = 0; j < n; j += 2)
    for (int i = 0; i < n; i += 2) {
      const double la = lat0 + j * dlat + 0.0002, lo = lon0 + i * dlon + 0.0002;
      const int first = node;
      for (auto [a, b] : {std::pair{0.0, 0.0}, {0.00018, 0.0}, {0.00018, 0.00025}, {0.0, 0.00025}})
        x += fmt::format("  <node id=\"{}\" lat=\"{:.7f}\" lon=\"{:.7f}\"/>\n", node++, la + a,
                         lo + b);
      x += fmt::format(
          "  <way id=\"{}\"><nd ref=\"{}\"/><nd ref=\"{}\"/><nd ref=\"{}\"/><nd ref=\"{}\"/>"
          "<nd ref=\"{}\"/><tag k=\"building\" v=\"apartments\"/></way>\n",
          way++, first, first + 1, first + 2, first + 3, first);
    }
  x += fmt::format(
      "  <node id=\"{}\" lat=\"{:.7f}\" lon=\"{:.7f}\"><tag k=\"amenity\" v=\"school\"/>"
      "<tag k=\"name\" v=\"School 7\"/></node>\n",
      node++, lat0 + (n - 1) * dlat + 0.0001, lon0 + (n - 1) * dlon);
  return x + "</osm>\n";
}

class EvacWebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = core::fresh_test_directory("qorgan-evac-web");
    auto db = storage::open_test_database(dir_);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    registry_ = std::make_unique<registry::Registry>(*db_, core::MasterKey::generate());
    service_ = std::make_unique<Service>(*db_, *registry_, *peers_);
    admin_.role = auth::Role::admin;
    admin_.login = "admin";
    // City → districts West and East (leaf regions with centroids in the town).
    auto city = registry_->regions.create(
        admin_, actor_, Json{{"code", "C"}, {"level", "city"}, {"name", names("Town")}});
    ASSERT_TRUE(city) << city.error().message;
    city_ = *city;
    for (auto [code, name, lon] : {std::tuple{"W", "West", 76.902}, {"E", "East", 76.912}}) {
      auto d = registry_->regions.create(admin_, actor_,
                                         Json{{"code", code},
                                              {"level", "district"},
                                              {"parent_id", city_.id},
                                              {"name", names(name)},
                                              {"centroid", {{"lat", 43.243}, {"lon", lon}}}});
      ASSERT_TRUE(d) << d.error().message;
      (std::string(code) == "W" ? west_ : east_) = *d;
    }
    hq_west_.role = auth::Role::hq_staff;
    hq_west_.login = "hq-west";
    hq_west_.region_id = west_.id;
    hq_west_.region_path = west_.path;
  }
  void TearDown() override {
    service_.reset();
    std::filesystem::remove_all(dir_);
  }

  static Json names(const std::string& n) { return {{"kk", n}, {"ru", n}, {"en", n}}; }

  NetworkInfo upload(int n = 8) {
    const std::string xml = osm_town(n);
    NetworkUpload up;
    up.name = "Town";
    up.bytes = xml;
    auto r = service_->create_network(admin_, actor_, up);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : NetworkInfo{};
  }

  void shelter(std::int64_t region, double lat, double lon, std::int64_t capacity) {
    auto f = registry_->facilities.create(admin_, actor_,
                                          Json{{"name", "Gym"},
                                               {"kind", "education"},
                                               {"region_id", region},
                                               {"location", {{"lat", lat}, {"lon", lon}}},
                                               {"criticality", 3},
                                               {"shelter_capacity", capacity}});
    ASSERT_TRUE(f) << f.error().message;
  }

  Json plan_body(std::int64_t network, std::int64_t region, const std::string& csv) {
    return {{"name", "Drill"},
            {"region_id", region},
            {"network_id", network},
            {"planner", "qorgan"},
            {"evacuees", {{"csv", csv}}},
            {"shelters", {{"registry", Json::object()}}}};
  }

  std::int64_t audit_count(const std::string& action) {
    auth::AuditQuery q;
    q.limit = 500;
    std::int64_t n = 0;
    for (const auto& e : auth::list_audit(*db_, q)) n += e.action == action;
    return n;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<storage::Peers> peers_ = storage::local_peers();
  std::unique_ptr<Service> service_;
  auth::Actor actor_{std::nullopt, "tester", "rid"};
  auth::Principal admin_, hq_west_;
  registry::Region city_, west_, east_;
};

const std::string kPeople = "lat,lon,count\n43.2401,76.9001,120\n43.2455,76.9080,80\n";

TEST(GraphBytes, RoundTripAndTruncation) {
  qorgan::evac::osm::OsmData d;
  d.network = qorgan::evac::grid_city_network(6);
  const std::string bytes = qorgan::evac::osm::graph_to_bytes({1, 2, 3}, d);
  auto back = qorgan::evac::osm::graph_from_bytes(bytes, "mem");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->network.node_count(), 36u);
  EXPECT_EQ(back->network.fingerprint(), d.network.fingerprint());
  auto cut = qorgan::evac::osm::graph_from_bytes(std::string_view(bytes).substr(0, 200), "mem");
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find("truncated or corrupt"), std::string::npos);
}

TEST_F(EvacWebTest, NetworkIsStoredAuditedAndLoadedBackFromTheDatabase) {
  auto n = upload();
  EXPECT_EQ(n.nodes, 60);  // an 8 x 8 grid whose 4 corners, with no choice, are folded
  EXPECT_EQ(n.profile, "car");
  EXPECT_TRUE(n.osm);
  ASSERT_TRUE(n.bbox);
  EXPECT_NEAR((*n.bbox)[1], 43.24, 1e-6);
  EXPECT_EQ(audit_count("evac_network.create"), 1);
  // A second service (a restarted server) loads the graph from the database.
  Service fresh(*db_, *registry_, *peers_);
  auto loaded = fresh.networks().get(n.id);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ((*loaded)->data.network.arc_count(), static_cast<std::size_t>(n.arcs));
  EXPECT_EQ((*loaded)->data.buildings.size(), 16u);
  auto geo = fresh.network_geojson(admin_, n.id);
  ASSERT_TRUE(geo) << geo.error().message;
  const auto doc = Json::parse(**geo);
  // Both directions merged; the two streets at each corner are one.
  EXPECT_EQ(doc["features"].size(), 2u * 8 * 7 - 4);
  EXPECT_EQ(doc["attribution"], "© OpenStreetMap contributors");
  EXPECT_FALSE(doc["features"][0]["properties"]["oneway"].get<bool>());
}

TEST_F(EvacWebTest, BadUploadsAreRefusedAndNothingIsStored) {
  NetworkUpload up;
  up.name = "Broken";
  for (const std::string& body : {std::string(""), std::string("garbage, not OSM"),
                                  std::string("<osm version=\"0.6\"><node id=\"1\" lat=\"1\""),
                                  std::string("<osm version=\"0.6\"></osm>")}) {
    up.bytes = body;
    auto r = service_->create_network(admin_, actor_, up);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().code, core::ErrorCode::invalid) << body;
    ASSERT_FALSE(r.error().fields.empty());
    EXPECT_EQ(r.error().fields[0].field, "body");
    EXPECT_EQ(r.error().fields[0].message.find("/tmp"), std::string::npos)
        << r.error().fields[0].message;
  }
  up.bytes = "<osm/>";
  up.profile = "boat";
  auto r = service_->create_network(admin_, actor_, up);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].field, "profile");
  core::ListParams p;
  p.sort_column = "id";
  p.numeric_sort = true;
  EXPECT_TRUE(service_->list_networks(admin_, p)->items.empty());
  EXPECT_EQ(audit_count("evac_network.create"), 0);
  auth::Principal officer;
  officer.role = auth::Role::company_officer;
  EXPECT_EQ(service_->list_networks(officer, p).error().code, core::ErrorCode::forbidden);
}

TEST_F(EvacWebTest, PlanRunsToDoneWithNamedNeighbourhoodsAndResults) {
  auto n = upload();
  shelter(east_.id, 43.2462, 76.9086, 500);
  auto plan = service_->create_plan(admin_, actor_, plan_body(n.id, city_.id, kPeople));
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->status, "queued");
  EXPECT_EQ(plan->input["population"], 200);
  EXPECT_EQ(plan->input["shelters"], 1);
  EXPECT_EQ(plan->input["shelter_capacity"], 500);
  EXPECT_EQ(service_->run_queued(), 1);
  auto done = service_->get_plan(admin_, plan->id);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, "done") << done->error.value_or("");
  EXPECT_DOUBLE_EQ(done->progress, 1.0);
  EXPECT_EQ(done->summary["evacuated"], 200);
  EXPECT_EQ(done->summary["unroutable"], 0);
  EXPECT_GT(done->summary["egress_seconds"].get<double>(), 0);
  auto json = service_->plan_output(admin_, plan->id, ResultFormat::json);
  ASSERT_TRUE(json);
  const auto doc = Json::parse(*json);
  std::set<std::string> hoods;
  for (const auto& s : doc["sources"]) hoods.insert(s["name"].get<std::string>());
  EXPECT_EQ(hoods, (std::set<std::string>{"West", "East"}));
  EXPECT_EQ(doc["neighbourhoods"].size(), 2u);
  auto csv = service_->plan_output(admin_, plan->id, ResultFormat::csv);
  ASSERT_TRUE(csv);
  EXPECT_TRUE(csv->starts_with("group,source,origin,count")) << *csv;
  EXPECT_TRUE(service_->plan_output(admin_, plan->id, ResultFormat::geojson));
  auto result = service_->plan_result(admin_, plan->id);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->report.valid());
  auto orders = service_->plan_orders(admin_, plan->id);
  ASSERT_TRUE(orders) << orders.error().message;
  EXPECT_NE(orders->find("West"), std::string::npos);
  EXPECT_EQ(audit_count("evac_plan.create"), 1);
  EXPECT_EQ(audit_count("evac_plan.finish"), 1);
  EXPECT_TRUE(auth::verify_audit(*db_).ok);
}

TEST_F(EvacWebTest, TheQueueHasALimitPerAccountAndInAll) {
  auto n = upload();
  shelter(east_.id, 43.2462, 76.9086, 500);
  service_->set_queue_limits({2, 3});
  auto queue = [&](const auth::Actor& who) {
    return service_->create_plan(admin_, who, plan_body(n.id, city_.id, kPeople));
  };
  auth::Actor other{std::nullopt, "another-planner", "rid-2"};
  ASSERT_TRUE(queue(actor_));
  auto second = queue(actor_);
  ASSERT_TRUE(second);
  auto third = queue(actor_);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, core::ErrorCode::too_many);
  EXPECT_NE(third.error().message.find("You already have 2 plans waiting"), std::string::npos);
  EXPECT_EQ(third.error().retry_after, 60);  // sent as Retry-After with the 429
  // Another account still gets the last place in the queue, and then the queue is full.
  ASSERT_TRUE(queue(other));
  auth::Actor third_account{std::nullopt, "third-planner", "rid-3"};
  auto full = queue(third_account);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, core::ErrorCode::too_many);
  EXPECT_NE(full.error().message.find("queue is full (3 plans"), std::string::npos);
  EXPECT_EQ(audit_count("evac_plan.create"), 3);  // refused plans leave nothing behind
  // A cancelled plan frees its place.
  ASSERT_TRUE(service_->cancel_plan(admin_, actor_, second->id));
  EXPECT_TRUE(queue(actor_));
}

TEST_F(EvacWebTest, BadInputNamesTheFieldAndTheLine) {
  auto n = upload();
  shelter(east_.id, 43.2462, 76.9086, 500);
  auto r = service_->create_plan(
      admin_, actor_,
      plan_body(n.id, city_.id, "lat,lon,count\n43.2401,76.9001,10\n43.24,76.9,0\n"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::invalid);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "evacuees.csv");
  EXPECT_EQ(r.error().fields[0].message, "line 3: count must be at least 1, got 0");
  // A point far from every road.
  r = service_->create_plan(admin_, actor_,
                            plan_body(n.id, city_.id, "43.2401,76.9001,10\n44.0,77.5,5\n"));
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().fields[0].message.starts_with("line 2: point"))
      << r.error().fields[0].message;
  // Unknown network and region, an unknown planner and a stray field, all at once.
  Json body = plan_body(999, 999, kPeople);
  r = service_->create_plan(admin_, actor_, body);
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().fields.size(), 2u);
  EXPECT_EQ(r.error().fields[0].field, "region_id");
  EXPECT_EQ(r.error().fields[1].field, "network_id");
  body["planner"] = "fastest";
  body["colour"] = "red";
  r = service_->create_plan(admin_, actor_, body);
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().fields.size(), 2u);
  // No shelter in the registry for this region.
  r = service_->create_plan(admin_, actor_, plan_body(n.id, west_.id, kPeople));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].field, "shelters.registry");
  core::ListParams p;
  p.sort_column = "id";
  p.numeric_sort = true;
  EXPECT_TRUE(service_->list_plans(admin_, {}, p)->items.empty());
}

TEST_F(EvacWebTest, HqStaffSeeAndMakeOnlyPlansOfTheirRegion) {
  auto n = upload();
  shelter(west_.id, 43.2401, 76.9001, 500);
  shelter(east_.id, 43.2462, 76.9086, 500);
  auto mine = service_->create_plan(hq_west_, actor_, plan_body(n.id, west_.id, kPeople));
  ASSERT_TRUE(mine) << mine.error().message;
  auto other = service_->create_plan(hq_west_, actor_, plan_body(n.id, east_.id, kPeople));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::ErrorCode::forbidden);
  auto theirs = service_->create_plan(admin_, actor_, plan_body(n.id, east_.id, kPeople));
  ASSERT_TRUE(theirs);
  EXPECT_TRUE(service_->get_plan(hq_west_, mine->id));
  EXPECT_EQ(service_->get_plan(hq_west_, theirs->id).error().code, core::ErrorCode::not_found);
  EXPECT_EQ(service_->cancel_plan(hq_west_, actor_, theirs->id).error().code,
            core::ErrorCode::not_found);
  core::ListParams p;
  p.sort_column = "id";
  p.numeric_sort = true;
  auto list = service_->list_plans(hq_west_, {}, p);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].id, mine->id);
  EXPECT_EQ(service_->list_plans(admin_, {}, p)->items.size(), 2u);
  // hq_staff may read networks but not delete them; other roles may not plan at all.
  EXPECT_TRUE(service_->get_network(hq_west_, n.id));
  EXPECT_EQ(service_->remove_network(hq_west_, actor_, n.id).error().code,
            core::ErrorCode::forbidden);
  for (auto role : {auth::Role::commander, auth::Role::auditor, auth::Role::volunteer}) {
    auth::Principal who;
    who.role = role;
    EXPECT_EQ(service_->get_plan(who, mine->id).error().code, core::ErrorCode::forbidden);
    EXPECT_EQ(service_->create_plan(who, actor_, plan_body(n.id, west_.id, kPeople)).error().code,
              core::ErrorCode::forbidden);
  }
}

TEST_F(EvacWebTest, CancelDeleteAndNetworkInUse) {
  auto n = upload();
  shelter(east_.id, 43.2462, 76.9086, 500);
  auto a = service_->create_plan(admin_, actor_, plan_body(n.id, city_.id, kPeople));
  auto b = service_->create_plan(admin_, actor_, plan_body(n.id, city_.id, kPeople));
  ASSERT_TRUE(a && b);
  auto c = service_->cancel_plan(admin_, actor_, a->id);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->status, "cancelled");
  EXPECT_EQ(service_->cancel_plan(admin_, actor_, a->id).error().code, core::ErrorCode::conflict);
  EXPECT_EQ(service_->plan_output(admin_, a->id, ResultFormat::json).error().code,
            core::ErrorCode::conflict);
  EXPECT_EQ(service_->run_queued(), 1);  // only b
  EXPECT_EQ(service_->get_plan(admin_, b->id)->status, "done");
  EXPECT_EQ(service_->remove_network(admin_, actor_, n.id).error().code, core::ErrorCode::conflict);
  EXPECT_TRUE(service_->remove_plan(admin_, actor_, a->id));
  EXPECT_TRUE(service_->remove_plan(admin_, actor_, b->id));
  EXPECT_EQ(service_->get_plan(admin_, b->id).error().code, core::ErrorCode::not_found);
  EXPECT_TRUE(service_->remove_network(admin_, actor_, n.id));
  EXPECT_EQ(service_->get_network(admin_, n.id).error().code, core::ErrorCode::not_found);
  EXPECT_EQ(audit_count("evac_plan.cancel"), 1);
  EXPECT_EQ(audit_count("evac_plan.delete"), 2);
  EXPECT_EQ(audit_count("evac_network.delete"), 1);
  EXPECT_TRUE(auth::verify_audit(*db_).ok);
}

TEST_F(EvacWebTest, APlanLeftRunningByACrashFailsOnRecovery) {
  auto n = upload();
  shelter(east_.id, 43.2462, 76.9086, 500);
  auto a = service_->create_plan(admin_, actor_, plan_body(n.id, city_.id, kPeople));
  ASSERT_TRUE(a);
  // What a crash leaves: the row says running, no worker runs it.
  ASSERT_TRUE(db_->write(
      [&](storage::Tx& tx) -> core::Result<bool> { return evac_store::claim(tx, a->id, 1); }));
  EXPECT_EQ(service_->get_plan(admin_, a->id)->status, "running");
  EXPECT_EQ(service_->recover(), 1);
  auto failed = service_->get_plan(admin_, a->id);
  EXPECT_EQ(failed->status, "failed");
  EXPECT_EQ(failed->error, "interrupted by a restart");
  EXPECT_EQ(audit_count("evac_plan.fail"), 1);
  EXPECT_EQ(service_->run_queued(), 0);
}

TEST_F(EvacWebTest, TheWorkerRunsQueuedPlansAndAShutdownRequeuesTheRunningOne) {
  auto n = upload(40);
  shelter(east_.id, 43.2462, 76.9086, 1000000);
  service_->start();
  auto a = service_->create_plan(admin_, actor_, plan_body(n.id, city_.id, kPeople));
  ASSERT_TRUE(a);
  for (int i = 0; i < 200 && service_->get_plan(admin_, a->id)->status != "done"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(service_->get_plan(admin_, a->id)->status, "done");
  // A long job (CCRP for 400,000 people spread over the town: a minute or more), stopped by a
  // shutdown, goes back to the queue.
  std::string crowd = "lat,lon,count\n";
  for (int j = 0; j < 40; j += 2)
    for (int i = 0; i < 40; i += 2)
      crowd += fmt::format("{:.6f},{:.6f},1000\n", 43.24 + j * 0.0009, 76.90 + i * 0.00123);
  Json big = plan_body(n.id, city_.id, crowd);
  big["planner"] = "ccrp";
  auto b = service_->create_plan(admin_, actor_, big);
  ASSERT_TRUE(b) << b.error().message;
  for (int i = 0; i < 200 && service_->get_plan(admin_, b->id)->progress == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto running = service_->get_plan(admin_, b->id);
  ASSERT_EQ(running->status, "running");
  EXPECT_GT(running->progress, 0);
  EXPECT_LT(running->progress, 1);
  const auto t0 = std::chrono::steady_clock::now();
  service_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(6));
  auto after = service_->get_plan(admin_, b->id);
  EXPECT_EQ(after->status, "queued");
  EXPECT_FALSE(after->started_at);
}

}  // namespace
