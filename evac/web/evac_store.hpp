#pragma once
// SQL for evacuation networks and plans; one text for SQLite and PostgreSQL. State changes of a
// plan are conditional on its current status (`… WHERE status = 'running'`), so a job that
// finishes after its plan was cancelled or deleted changes nothing.
#include <optional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "evac/web/model.hpp"
#include "storage/database.hpp"

namespace qorgan::evac::web::evac_store {

const std::vector<core::SortOption>& network_sorts();
const std::vector<core::SortOption>& plan_sorts();

// Networks. `graph` is the .qgraph file (evac/osm/graph_cache).
std::int64_t insert_network(storage::Tx& tx, const NetworkInfo& n, std::string graph);
std::optional<NetworkInfo> get_network(storage::Tx& tx, std::int64_t id);
std::optional<std::string> network_graph(storage::Tx& tx, std::int64_t id);
// Up to p.limit + 1 rows.
std::vector<NetworkInfo> list_networks(storage::Tx& tx, const core::ListParams& p);
void remove_network(storage::Tx& tx, std::int64_t id);
std::int64_t plans_using_network(storage::Tx& tx, std::int64_t id);

// Plans. `request` is the evacuees/shelters part of the request as sent; `problem` the sources
// and shelters it resolved to (JSON text).
// Plans queued or running: in all, and those that `created_by` (a login) made.
struct Waiting {
  std::int64_t total = 0, by_caller = 0;
};
Waiting waiting_plans(storage::Tx& tx, const std::string& created_by);
std::int64_t insert_plan(storage::Tx& tx, const PlanInfo& p, const std::string& request,
                         const std::string& problem);
std::optional<PlanInfo> get_plan(storage::Tx& tx, std::int64_t id);
std::optional<std::string> plan_problem(storage::Tx& tx, std::int64_t id);
std::vector<PlanInfo> list_plans(storage::Tx& tx, const PlanFilter& f, const core::ListParams& p);
void remove_plan(storage::Tx& tx, std::int64_t id);

// Up to `limit` queued plans, oldest first.
std::vector<std::int64_t> queued_plans(storage::Tx& tx, int limit);
// queued → running; false if another worker took it or it was cancelled meanwhile.
bool claim(storage::Tx& tx, std::int64_t id, std::int64_t now);
bool set_progress(storage::Tx& tx, std::int64_t id, double progress, std::int64_t now);
// running → done, with the summary; false if the plan is no longer running.
bool finish(storage::Tx& tx, std::int64_t id, const core::Json& summary, std::int64_t now);
void insert_results(storage::Tx& tx, std::int64_t id, const std::string& plan_json,
                    const std::optional<std::string>& geojson, const std::string& csv);
// running → failed with the reason: in English, and as the message's parts (evac/io/error_json)
// for readers of other languages (none for an untranslated error).
bool fail_running(storage::Tx& tx, std::int64_t id, const std::string& error,
                  const std::optional<std::string>& error_parts, std::int64_t now);
// running → queued (the server is shutting down; the plan runs again after the restart).
bool requeue(storage::Tx& tx, std::int64_t id, std::int64_t now);
// queued or running → cancelled.
bool cancel(storage::Tx& tx, std::int64_t id, std::int64_t now);
std::vector<std::int64_t> running_plans(storage::Tx& tx);
std::optional<std::string> status_of(storage::Tx& tx, std::int64_t id);
std::optional<std::string> result(storage::Tx& tx, std::int64_t id, ResultFormat format);

}  // namespace qorgan::evac::web::evac_store
