#include "evac/web/evac_store.hpp"

#include "core/text.hpp"
#include "evac/io/error_json.hpp"
#include "storage/sql_builder.hpp"

namespace qorgan::evac::web::evac_store {

namespace {

constexpr const char* kNetworkColumns =
    "id, name, search_key, profile, step_seconds, nodes, arcs, source_file, source_bytes, osm, "
    "min_lon, min_lat, max_lon, max_lat, stats, graph_bytes, created_by, created_at";

NetworkInfo network_from_row(const storage::Row& r) {
  NetworkInfo n;
  n.id = r.i64(0);
  n.name = r.str(1);
  n.profile = r.str(3);
  n.step_seconds = r.f64(4);
  n.nodes = r.i64(5);
  n.arcs = r.i64(6);
  n.source_file = r.str(7);
  n.source_bytes = r.i64(8);
  n.osm = r.i64(9) != 0;
  if (!r.null(10)) n.bbox = std::array<double, 4>{r.f64(10), r.f64(11), r.f64(12), r.f64(13)};
  n.stats = core::Json::parse(r.str(14), nullptr, false);
  if (n.stats.is_discarded()) n.stats = core::Json::object();
  n.graph_bytes = r.i64(15);
  n.created_by = r.str(16);
  n.created_at = r.i64(17);
  return n;
}

constexpr const char* kPlanColumns =
    "id, name, search_key, region_id, region_path, network_id, planner, with_optimum, status, "
    "progress, error, input, summary, created_by, created_by_id, created_at, updated_at, "
    "started_at, finished_at, error_parts";

core::Json parse_or(const std::optional<std::string>& text, core::Json fallback) {
  if (!text) return fallback;
  auto j = core::Json::parse(*text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

PlanInfo plan_from_row(const storage::Row& r) {
  PlanInfo p;
  p.id = r.i64(0);
  p.name = r.str(1);
  p.region_id = r.i64(3);
  p.region_path = r.str(4);
  p.network_id = r.i64(5);
  p.planner = r.str(6);
  p.with_optimum = r.i64(7) != 0;
  p.status = r.str(8);
  p.progress = r.f64(9);
  p.error = r.opt_str(10);
  p.input = parse_or(r.opt_str(11), core::Json::object());
  p.summary = parse_or(r.opt_str(12), nullptr);
  p.created_by = r.str(13);
  p.created_by_id = r.opt_i64(14);
  p.created_at = r.i64(15);
  p.updated_at = r.i64(16);
  p.started_at = r.opt_i64(17);
  p.finished_at = r.opt_i64(18);
  if (auto parts = r.opt_str(19)) p.error_parts = io::parts_from_json(parse_or(parts, nullptr));
  return p;
}

using storage::param;

}  // namespace

const std::vector<core::SortOption>& network_sorts() {
  static const std::vector<core::SortOption> s{
      {"id", "id", true}, {"name", "search_key", false}, {"created_at", "created_at", true}};
  return s;
}

const std::vector<core::SortOption>& plan_sorts() {
  static const std::vector<core::SortOption> s{
      {"id", "id", true}, {"name", "search_key", false}, {"created_at", "created_at", true}};
  return s;
}

std::int64_t insert_network(storage::Tx& tx, const NetworkInfo& n, std::string graph) {
  std::optional<double> b[4];
  if (n.bbox)
    for (int i = 0; i < 4; ++i) b[i] = (*n.bbox)[i];
  return tx
      .one(
          "INSERT INTO evac_networks (name, search_key, profile, step_seconds, nodes, arcs, "
          "source_file, source_bytes, osm, min_lon, min_lat, max_lon, max_lat, stats, graph, "
          "graph_bytes, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
          "$11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
          {n.name, core::fold(n.name), n.profile, n.step_seconds, n.nodes, n.arcs, n.source_file,
           n.source_bytes, n.osm, b[0], b[1], b[2], b[3], n.stats.dump(),
           storage::Blob{std::move(graph)}, n.graph_bytes, n.created_by, n.created_at})
      .i64(0);
}

std::optional<NetworkInfo> get_network(storage::Tx& tx, std::int64_t id) {
  auto row = tx.maybe(
      std::string("SELECT ") + kNetworkColumns + " FROM evac_networks WHERE id = $1", {id});
  if (!row) return std::nullopt;
  return network_from_row(*row);
}

std::optional<std::string> network_graph(storage::Tx& tx, std::int64_t id) {
  auto row = tx.maybe("SELECT graph FROM evac_networks WHERE id = $1", {id});
  if (!row) return std::nullopt;
  return row->blob(0);
}

std::vector<NetworkInfo> list_networks(storage::Tx& tx, const core::ListParams& p) {
  std::string sql = std::string("SELECT ") + kNetworkColumns + " FROM evac_networks WHERE 1=1";
  storage::Params params;
  if (p.q) sql += storage::search_clause("search_key", *p.q, params);
  sql += storage::keyset_clause(p, params);
  sql += storage::order_clause(p, params);
  std::vector<NetworkInfo> out;
  for (const auto& r : tx.query(sql, params)) out.push_back(network_from_row(r));
  return out;
}

void remove_network(storage::Tx& tx, std::int64_t id) {
  tx.exec("DELETE FROM evac_networks WHERE id = $1", {id});
}

std::int64_t plans_using_network(storage::Tx& tx, std::int64_t id) {
  return tx.one("SELECT COUNT(*) FROM evac_plans WHERE network_id = $1", {id}).i64(0);
}

Waiting waiting_plans(storage::Tx& tx, const std::string& created_by) {
  auto r = tx.one(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN created_by = $1 THEN 1 ELSE 0 END), 0) "
      "FROM evac_plans WHERE status IN ('queued', 'running')",
      {created_by});
  return {r.i64(0), r.i64(1)};
}

std::int64_t insert_plan(storage::Tx& tx, const PlanInfo& p, const std::string& request,
                         const std::string& problem) {
  return tx
      .one(
          "INSERT INTO evac_plans (name, search_key, region_id, region_path, network_id, "
          "planner, with_optimum, status, progress, request, problem, input, created_by, "
          "created_by_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, "
          "$9, $10, $11, $12, $13, $14, $14) RETURNING id",
          {p.name, core::fold(p.name), p.region_id, p.region_path, p.network_id, p.planner,
           p.with_optimum, p.status, request, problem, p.input.dump(), p.created_by,
           p.created_by_id, p.created_at})
      .i64(0);
}

std::optional<PlanInfo> get_plan(storage::Tx& tx, std::int64_t id) {
  auto row =
      tx.maybe(std::string("SELECT ") + kPlanColumns + " FROM evac_plans WHERE id = $1", {id});
  if (!row) return std::nullopt;
  return plan_from_row(*row);
}

std::optional<std::string> plan_problem(storage::Tx& tx, std::int64_t id) {
  auto row = tx.maybe("SELECT problem FROM evac_plans WHERE id = $1", {id});
  if (!row) return std::nullopt;
  return row->str(0);
}

std::vector<PlanInfo> list_plans(storage::Tx& tx, const PlanFilter& f, const core::ListParams& p) {
  std::string sql = std::string("SELECT ") + kPlanColumns + " FROM evac_plans WHERE 1=1";
  storage::Params params;
  if (f.region)
    sql += " AND region_path LIKE " + param(params, "%/" + std::to_string(*f.region) + "/%");
  if (f.status) sql += " AND status = " + param(params, *f.status);
  // Paths hold only digits and '/', so they need no LIKE escaping.
  if (f.scope.kind == auth::Scope::Kind::region)
    sql += " AND region_path LIKE " + param(params, f.scope.path + "%");
  else if (f.scope.kind != auth::Scope::Kind::everything)
    sql += " AND 1=0";
  if (p.q) sql += storage::search_clause("search_key", *p.q, params);
  sql += storage::keyset_clause(p, params);
  sql += storage::order_clause(p, params);
  std::vector<PlanInfo> out;
  for (const auto& r : tx.query(sql, params)) out.push_back(plan_from_row(r));
  return out;
}

void remove_plan(storage::Tx& tx, std::int64_t id) {
  tx.exec("DELETE FROM evac_plan_results WHERE plan_id = $1", {id});
  tx.exec("DELETE FROM evac_plans WHERE id = $1", {id});
}

std::vector<std::int64_t> queued_plans(storage::Tx& tx, int limit) {
  std::vector<std::int64_t> out;
  for (const auto& r :
       tx.query("SELECT id FROM evac_plans WHERE status = 'queued' ORDER BY id LIMIT $1", {limit}))
    out.push_back(r.i64(0));
  return out;
}

bool claim(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec(
             "UPDATE evac_plans SET status = 'running', progress = 0, started_at = $2, "
             "updated_at = $2 WHERE id = $1 AND status = 'queued'",
             {id, now}) == 1;
}

bool set_progress(storage::Tx& tx, std::int64_t id, double progress, std::int64_t now) {
  return tx.exec(
             "UPDATE evac_plans SET progress = $2, updated_at = $3 WHERE id = $1 AND "
             "status = 'running'",
             {id, progress, now}) == 1;
}

bool finish(storage::Tx& tx, std::int64_t id, const core::Json& summary, std::int64_t now) {
  return tx.exec(
             "UPDATE evac_plans SET status = 'done', progress = 1, summary = $2, "
             "finished_at = $3, updated_at = $3 WHERE id = $1 AND status = 'running'",
             {id, summary.dump(), now}) == 1;
}

void insert_results(storage::Tx& tx, std::int64_t id, const std::string& plan_json,
                    const std::optional<std::string>& geojson, const std::string& csv) {
  tx.exec(
      "INSERT INTO evac_plan_results (plan_id, plan_json, geojson, csv) VALUES ($1, $2, $3, $4)",
      {id, plan_json, geojson, csv});
}

bool fail_running(storage::Tx& tx, std::int64_t id, const std::string& error,
                  const std::optional<std::string>& error_parts, std::int64_t now) {
  return tx.exec(
             "UPDATE evac_plans SET status = 'failed', error = $2, error_parts = $4, "
             "finished_at = $3, updated_at = $3 WHERE id = $1 AND status = 'running'",
             {id, error, now, error_parts}) == 1;
}

bool requeue(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec(
             "UPDATE evac_plans SET status = 'queued', progress = 0, started_at = NULL, "
             "updated_at = $2 WHERE id = $1 AND status = 'running'",
             {id, now}) == 1;
}

bool cancel(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec(
             "UPDATE evac_plans SET status = 'cancelled', finished_at = $2, updated_at = $2 "
             "WHERE id = $1 AND status IN ('queued', 'running')",
             {id, now}) == 1;
}

std::vector<std::int64_t> running_plans(storage::Tx& tx) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.query("SELECT id FROM evac_plans WHERE status = 'running' ORDER BY id"))
    out.push_back(r.i64(0));
  return out;
}

std::optional<std::string> status_of(storage::Tx& tx, std::int64_t id) {
  auto row = tx.maybe("SELECT status FROM evac_plans WHERE id = $1", {id});
  if (!row) return std::nullopt;
  return row->str(0);
}

std::optional<std::string> result(storage::Tx& tx, std::int64_t id, ResultFormat format) {
  const char* column = format == ResultFormat::json      ? "plan_json"
                       : format == ResultFormat::geojson ? "geojson"
                                                         : "csv";
  auto row = tx.maybe(
      std::string("SELECT ") + column + " FROM evac_plan_results WHERE plan_id = $1", {id});
  if (!row) return std::nullopt;
  return row->opt_str(0);
}

}  // namespace qorgan::evac::web::evac_store
