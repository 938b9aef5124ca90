#include "alerts/alert_store.hpp"

#include "core/json.hpp"

namespace qorgan::alerts::alert_store {

namespace {

using core::Json;

constexpr const char* kColumns =
    "id, identifier, status, msg_type, state, region_path, onset, expires, content, refs, "
    "authors, composed_by, approved_by, approved_by_id, approved_at, ended_by, ended_at, "
    "replaced_by, created_at, updated_at";

Json points_json(const std::vector<LatLon>& ring) {
  Json out = Json::array();
  for (const auto& p : ring) out.push_back({p.lat, p.lon});
  return out;
}

std::string content_of(const Alert& a) {
  Json texts = Json::object();
  for (const auto& [lang, t] : a.texts)
    texts[lang] = {{"event", t.event},
                   {"headline", t.headline},
                   {"description", t.description},
                   {"instruction", t.instruction}};
  auto regions_json = [](const std::vector<AreaRegion>& list) {
    Json out = Json::array();
    for (const auto& r : list)
      out.push_back({{"code", r.code},
                     {"id", r.id},
                     {"path", r.path},
                     {"name_kk", r.name_kk},
                     {"name_ru", r.name_ru},
                     {"name_en", r.name_en}});
    return out;
  };
  Json regions = regions_json(a.area.regions);
  Json polygons = Json::array();
  for (const auto& ring : a.area.polygons) polygons.push_back(points_json(ring));
  Json circles = Json::array();
  for (const auto& c : a.area.circles)
    circles.push_back({{"lat", c.centre.lat}, {"lon", c.centre.lon}, {"radius_km", c.radius_km}});
  Json content = {{"template", a.template_key},
                  {"categories", a.categories},
                  {"urgency", a.urgency},
                  {"severity", a.severity},
                  {"certainty", a.certainty},
                  {"response_types", a.response_types},
                  {"texts", texts},
                  {"sender_name", a.sender_name},
                  {"contact", a.contact},
                  {"evacuation_plan_url", a.evacuation_plan_url},
                  {"area",
                   {{"regions", regions},
                    {"polygons", polygons},
                    {"circles", circles},
                    {"covered", regions_json(a.area.covered)}}}};
  return content.dump();
}

void read_content(const std::string& text, Alert& a) {
  Json c = Json::parse(text);
  a.template_key = c.value("template", "");
  a.categories = c.value("categories", std::vector<std::string>{});
  a.urgency = c.value("urgency", "");
  a.severity = c.value("severity", "");
  a.certainty = c.value("certainty", "");
  a.response_types = c.value("response_types", std::vector<std::string>{});
  const Json texts = c.value("texts", Json::object());
  for (const auto& [lang, t] : texts.items())
    a.texts[lang] = {t.value("event", ""), t.value("headline", ""), t.value("description", ""),
                     t.value("instruction", "")};
  a.sender_name = c.value("sender_name", "");
  a.contact = c.value("contact", "");
  a.evacuation_plan_url = c.value("evacuation_plan_url", "");
  const Json area = c.value("area", Json::object());
  for (const char* key : {"regions", "covered"})
    for (const auto& r : area.value(key, Json::array()))
      (key == std::string_view("regions") ? a.area.regions : a.area.covered)
          .push_back({r.value("code", ""), r.value("id", std::int64_t(0)), r.value("path", ""),
                      r.value("name_kk", ""), r.value("name_ru", ""), r.value("name_en", "")});
  for (const auto& ring : area.value("polygons", Json::array())) {
    std::vector<LatLon> points;
    for (const auto& p : ring) points.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
    a.area.polygons.push_back(std::move(points));
  }
  for (const auto& circle : area.value("circles", Json::array()))
    a.area.circles.push_back(
        {{circle.value("lat", 0.0), circle.value("lon", 0.0)}, circle.value("radius_km", 0.0)});
}

std::string ids_json(const std::vector<std::int64_t>& ids) {
  return Json(ids).dump();
}

Alert row(const storage::Row& r) {
  Alert a;
  a.id = r.i64(0);
  a.identifier = r.str(1);
  a.status = parse_status(r.str(2)).value_or(Status::actual);
  a.msg_type = parse_msg_type(r.str(3)).value_or(MsgType::alert);
  a.state = parse_state(r.str(4)).value_or(State::draft);
  a.region_path = r.str(5);
  a.onset = r.opt_i64(6);
  a.expires = r.i64(7);
  read_content(r.str(8), a);
  a.references = Json::parse(r.str(9)).get<std::vector<std::int64_t>>();
  a.authors = Json::parse(r.str(10)).get<std::vector<std::int64_t>>();
  a.composed_by = r.str(11);
  a.approved_by = r.opt_str(12);
  a.approved_by_id = r.opt_i64(13);
  a.approved_at = r.opt_i64(14);
  a.ended_by = r.opt_str(15);
  a.ended_at = r.opt_i64(16);
  a.replaced_by = r.opt_i64(17);
  a.created_at = r.i64(18);
  a.updated_at = r.i64(19);
  return a;
}

std::vector<Alert> rows(const storage::Rows& found) {
  std::vector<Alert> out;
  out.reserve(found.size());
  for (const auto& r : found) out.push_back(row(r));
  return out;
}

}  // namespace

std::optional<Alert> get(storage::Tx& tx, std::int64_t id) {
  auto r = tx.maybe(std::string("SELECT ") + kColumns + " FROM alerts WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return row(*r);
}

std::optional<Alert> by_identifier(storage::Tx& tx, const std::string& identifier) {
  auto r = tx.maybe(std::string("SELECT ") + kColumns + " FROM alerts WHERE identifier = $1",
                    {identifier});
  if (!r) return std::nullopt;
  return row(*r);
}

std::vector<Alert> list(storage::Tx& tx, const std::string& path_prefix, std::optional<State> state,
                        std::int64_t before, int limit) {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM alerts WHERE substr(region_path, 1, $1) = $2 AND ($3 = 0 OR id < $3)";
  storage::Params params{std::int64_t(path_prefix.size()), path_prefix, before};
  if (state) {
    sql += " AND state = $4";
    params.emplace_back(std::string(to_string(*state)));
  }
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size() + 1);
  params.emplace_back(std::int64_t(limit) + 1);
  return rows(tx.query(sql, params));
}

std::vector<Alert> published(storage::Tx& tx, core::Timestamp now) {
  return rows(tx.query(std::string("SELECT ") + kColumns +
                           " FROM alerts WHERE state = 'published' AND expires > $1 ORDER BY "
                           "approved_at DESC, id DESC",
                       {now}));
}

std::vector<std::int64_t> due_to_expire(storage::Tx& tx, core::Timestamp now) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.query(
           "SELECT id FROM alerts WHERE state = 'published' AND expires <= $1 ORDER BY id", {now}))
    out.push_back(r.i64(0));
  return out;
}

std::int64_t insert(storage::Tx& tx, const Alert& a, const std::string& identifier_prefix) {
  auto id =
      tx.one(
            "INSERT INTO alerts (identifier, status, msg_type, state, region_path, onset, "
            "expires, content, refs, authors, composed_by, approved_by, approved_by_id, "
            "approved_at, ended_by, ended_at, replaced_by, created_at, updated_at) VALUES ($1, "
            "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) "
            "RETURNING id",
            {"pending:" + std::to_string(a.created_at) + ":" + a.composed_by,
             std::string(to_string(a.status)), std::string(to_string(a.msg_type)),
             std::string(to_string(a.state)), a.region_path, a.onset, a.expires, content_of(a),
             ids_json(a.references), ids_json(a.authors), a.composed_by, a.approved_by,
             a.approved_by_id, a.approved_at, a.ended_by, a.ended_at, a.replaced_by, a.created_at,
             a.updated_at})
          .i64(0);
  tx.exec("UPDATE alerts SET identifier = $2 WHERE id = $1",
          {id, identifier_prefix + "-" + std::to_string(id)});
  return id;
}

void update(storage::Tx& tx, const Alert& a) {
  tx.exec(
      "UPDATE alerts SET status = $2, msg_type = $3, state = $4, region_path = $5, onset = $6, "
      "expires = $7, content = $8, refs = $9, authors = $10, approved_by = $11, "
      "approved_by_id = $12, approved_at = $13, ended_by = $14, ended_at = $15, replaced_by = "
      "$16, updated_at = $17 WHERE id = $1",
      {a.id, std::string(to_string(a.status)), std::string(to_string(a.msg_type)),
       std::string(to_string(a.state)), a.region_path, a.onset, a.expires, content_of(a),
       ids_json(a.references), ids_json(a.authors), a.approved_by, a.approved_by_id, a.approved_at,
       a.ended_by, a.ended_at, a.replaced_by, a.updated_at});
}

}  // namespace qorgan::alerts::alert_store
