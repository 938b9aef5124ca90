#include "registry/regions.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "registry/region_store.hpp"
#include "registry/registry_json.hpp"

namespace qorgan::registry {

using core::Error;
using core::fail;

const std::vector<core::SortOption>& Regions::sorts() {
  static const std::vector<core::SortOption> s{
      {"name", "search_key", false}, {"code", "code", false}, {"id", "id", true}};
  return s;
}

const std::vector<std::string>& Regions::levels() {
  static const std::vector<std::string> l{"country",  "oblast",     "city",
                                          "district", "settlement", "neighbourhood"};
  return l;
}

std::string region_path(storage::Tx& tx, std::int64_t id) {
  auto r = region_store::get(tx, id);
  return r ? r->path : std::string();
}

core::Result<Region> Regions::get(const auth::Principal&, std::int64_t id) {
  auto r = db_.read([&](storage::Tx& tx) { return region_store::get(tx, id); });
  if (!r) return fail(Error::not_found("No region has id " + std::to_string(id) + "."));
  return *r;
}

core::Result<Region> Regions::by_code(const std::string& code) {
  auto r = db_.read([&](storage::Tx& tx) { return region_store::by_code(tx, code); });
  if (!r) return fail(Error::not_found("No region has code " + code + "."));
  return *r;
}

core::Result<core::Page<Region>> Regions::list(const auth::Principal&, const RegionFilter& f,
                                               const core::ListParams& p) {
  auto rows = db_.read([&](storage::Tx& tx) { return region_store::list(tx, f, p); });
  return core::take_page(std::move(rows), p, [&](const Region& last) -> std::string {
    return p.sort_column == "code" ? last.code
           : p.sort_column == "id"
               ? std::to_string(last.id)
               : core::fold(last.name_ru + " " + last.name_kk + " " + last.name_en);
  });
}

namespace {

struct Input {
  std::optional<std::int64_t> parent_id;
  bool parent_given = false;
  std::optional<std::string> code, level, kk, ru, en;
  std::optional<double> lat, lon;
};

core::Result<Input> read_input(const core::Json& body, bool creating) {
  core::JsonFields f(body);
  Input in;
  in.parent_given = f.has("parent_id");
  in.parent_id = f.i64("parent_id", false, 1);
  in.code = f.str("code", creating, 20);
  in.level = f.choice("level", creating, Regions::levels());
  if (const auto* name = f.object("name", creating)) {
    core::JsonFields n(*name);
    in.kk = n.str("kk", true, 200);
    in.ru = n.str("ru", true, 200);
    in.en = n.str("en", true, 200);
    if (auto s = n.finish(); !s)
      for (auto& e : s.error().fields) f.add("name." + e.field, e.message);
  }
  if (const auto* c = f.object("centroid", false)) {
    core::JsonFields n(*c);
    in.lat = n.f64("lat", true, -90, 90);
    in.lon = n.f64("lon", true, -180, 180);
    if (auto s = n.finish(); !s)
      for (auto& e : s.error().fields) f.add("centroid." + e.field, e.message);
  }
  if (in.code) {
    bool ok = !in.code->empty() && std::all_of(in.code->begin(), in.code->end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-';
    });
    if (!ok) f.add("code", "may contain only digits, capital Latin letters and '-'");
  }
  if (auto s = f.finish("The region"); !s) return fail(s.error());
  return in;
}

int rank(const std::string& level) {
  auto& l = Regions::levels();
  int r = int(std::find(l.begin(), l.end(), level) - l.begin());
  return r >= 4 ? 4 : r;  // settlements and neighbourhoods are peers
}

core::Status check_parent(storage::Tx& tx, const std::optional<std::int64_t>& parent_id,
                          const std::string& level, std::int64_t self = 0) {
  if (!parent_id) {
    if (level != "country" && level != "oblast" && level != "city")
      return fail(Error::invalid("The region needs a parent.",
                                 {{"parent_id", "is required below the level of a city"}}));
    return {};
  }
  auto parent = region_store::get(tx, *parent_id);
  if (!parent)
    return fail(Error::invalid("No such parent region.", {{"parent_id", "does not exist"}}));
  if (self && parent->path.find("/" + std::to_string(self) + "/") != std::string::npos)
    return fail(Error::invalid("A region cannot move under itself.",
                               {{"parent_id", "is this region or one of its descendants"}}));
  if (rank(parent->level) >= rank(level))
    return fail(
        Error::invalid("The parent must be a larger region.",
                       {{"level", "must be below the parent's level (" + parent->level + ")"}}));
  return {};
}

}  // namespace

core::Result<Region> Regions::create(const auth::Principal& who, const auth::Actor& actor,
                                     const core::Json& body) {
  if (!who.is(auth::Role::admin)) return fail(Error::forbidden("Only admins change regions."));
  auto in = read_input(body, true);
  if (!in) return fail(in.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Region> {
    if (auto s = check_parent(tx, in->parent_id, *in->level); !s) return fail(s.error());
    if (region_store::by_code(tx, *in->code))
      return fail(Error::conflict("A region with code " + *in->code + " already exists."));
    Region r;
    r.parent_id = in->parent_id;
    r.code = *in->code;
    r.level = *in->level;
    r.name_kk = *in->kk;
    r.name_ru = *in->ru;
    r.name_en = *in->en;
    r.lat = in->lat;
    r.lon = in->lon;
    r = region_store::insert(tx, r, core::now_us());
    auth::audit(tx, actor, "region.create", "region", std::to_string(r.id), nullptr, to_json(r));
    return r;
  });
}

core::Result<Region> Regions::update(const auth::Principal& who, const auth::Actor& actor,
                                     std::int64_t id, const core::Json& body) {
  if (!who.is(auth::Role::admin)) return fail(Error::forbidden("Only admins change regions."));
  auto in = read_input(body, false);
  if (!in) return fail(in.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Region> {
    auto old = region_store::get(tx, id);
    if (!old) return fail(Error::not_found("No region has id " + std::to_string(id) + "."));
    Region r = *old;
    if (in->parent_given) r.parent_id = in->parent_id;
    if (in->code) r.code = *in->code;
    if (in->level) r.level = *in->level;
    if (in->kk) r.name_kk = *in->kk, r.name_ru = *in->ru, r.name_en = *in->en;
    if (in->lat) r.lat = in->lat, r.lon = in->lon;
    if (r.parent_id != old->parent_id || r.level != old->level)
      if (auto s = check_parent(tx, r.parent_id, r.level, id); !s) return fail(s.error());
    if (r.code != old->code && region_store::by_code(tx, r.code))
      return fail(Error::conflict("A region with code " + r.code + " already exists."));
    r = region_store::update(tx, r, old->path, core::now_us());
    auth::audit(tx, actor, "region.update", "region", std::to_string(id), to_json(*old),
                to_json(r));
    return r;
  });
}

core::Status Regions::remove(const auth::Principal& who, const auth::Actor& actor,
                             std::int64_t id) {
  if (!who.is(auth::Role::admin)) return fail(Error::forbidden("Only admins change regions."));
  return db_.write([&](storage::Tx& tx) -> core::Status {
    auto old = region_store::get(tx, id);
    if (!old) return fail(Error::not_found("No region has id " + std::to_string(id) + "."));
    if (auto used = region_store::usage(tx, id); !used.empty())
      return fail(Error::conflict("The region is still used by " + used + "."));
    region_store::remove(tx, id);
    auth::audit(tx, actor, "region.delete", "region", std::to_string(id), to_json(*old), nullptr);
    return {};
  });
}

}  // namespace qorgan::registry
