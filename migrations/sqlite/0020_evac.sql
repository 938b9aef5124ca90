-- Evacuation planning over HTTP (evac/web). Road networks imported from OpenStreetMap are kept
-- whole as the library's binary graph (.qgraph), base64-encoded like portal media so that both
-- engines store the same text; plans are background jobs with their input, progress and
-- results. A plan keeps a copy of its region's path for scope checks: the registry's tables are
-- not read from here.
CREATE TABLE evac_networks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  search_key TEXT NOT NULL,
  profile TEXT NOT NULL,
  step_seconds DOUBLE PRECISION NOT NULL,
  nodes BIGINT NOT NULL,
  arcs BIGINT NOT NULL,
  source_file TEXT NOT NULL,
  source_bytes BIGINT NOT NULL,
  osm INTEGER NOT NULL,
  min_lon DOUBLE PRECISION,
  min_lat DOUBLE PRECISION,
  max_lon DOUBLE PRECISION,
  max_lat DOUBLE PRECISION,
  stats TEXT NOT NULL,
  graph TEXT NOT NULL,
  graph_bytes BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE evac_plans (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  search_key TEXT NOT NULL,
  region_id BIGINT NOT NULL,
  region_path TEXT NOT NULL,
  network_id BIGINT NOT NULL REFERENCES evac_networks(id),
  planner TEXT NOT NULL,
  with_optimum INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  progress DOUBLE PRECISION NOT NULL DEFAULT 0,
  error TEXT,
  request TEXT NOT NULL,
  problem TEXT NOT NULL,
  input TEXT NOT NULL,
  summary TEXT,
  created_by TEXT NOT NULL,
  created_by_id BIGINT,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX evac_plans_status ON evac_plans(status, id);
CREATE INDEX evac_plans_region ON evac_plans(region_path);
CREATE INDEX evac_plans_network ON evac_plans(network_id);

-- Results of a finished plan: the library's plan JSON, GeoJSON (null for networks without
-- coordinates) and the groups as CSV.
CREATE TABLE evac_plan_results (
  plan_id BIGINT PRIMARY KEY REFERENCES evac_plans(id) ON DELETE CASCADE,
  plan_json TEXT NOT NULL,
  geojson TEXT,
  csv TEXT NOT NULL
);
