#include "evac/osm/road_profile.hpp"

#include <algorithm>
#include <bit>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

namespace qorgan::evac::osm {

namespace {

RoadTable make_builtin() {
  // highway, car km/h, veh/h/lane, lanes per direction, implied oneway, foot width (m)
  return RoadTable({
      {"motorway", 100, 2000, 2, true, 0},     {"motorway_link", 60, 1500, 1, true, 0},
      {"trunk", 80, 1800, 2, false, 0},        {"trunk_link", 50, 1500, 1, false, 0},
      {"primary", 60, 1500, 2, false, 5},      {"primary_link", 40, 1200, 1, false, 3},
      {"secondary", 50, 1200, 1, false, 4},    {"secondary_link", 40, 1000, 1, false, 3},
      {"tertiary", 40, 1000, 1, false, 3.5},   {"tertiary_link", 30, 800, 1, false, 3},
      {"unclassified", 30, 800, 1, false, 3},  {"residential", 30, 600, 1, false, 3},
      {"living_street", 10, 300, 1, false, 4}, {"service", 20, 400, 1, false, 2},
      {"road", 30, 600, 1, false, 3},          {"pedestrian", 0, 0, 0, false, 6},
      {"footway", 0, 0, 0, false, 2},          {"path", 0, 0, 0, false, 1.5},
      {"steps", 0, 0, 0, false, 1.5},          {"track", 0, 0, 0, false, 2},
      {"cycleway", 0, 0, 0, false, 2},         {"bridleway", 0, 0, 0, false, 1.5},
  });
}

// What a TOML value looks like, for "got ..." in messages.
std::string describe(const toml::node& n) {
  if (auto s = n.as_string()) return fmt::format("\"{}\"", s->get());
  if (auto i = n.as_integer()) return std::to_string(i->get());
  if (auto f = n.as_floating_point()) return fmt::format("{}", f->get());
  if (auto b = n.as_boolean()) return b->get() ? "true" : "false";
  if (n.is_table()) return "a table";
  if (n.is_array()) return "an array";
  return "a date or time";
}

class ProfileParser {
 public:
  ProfileParser(std::string_view source, ProfileSettings& out) : source_(source), out_(out) {}

  Result<void> run(std::string_view text) {
    toml::table doc;
    try {
      doc = toml::parse(text, std::string(source_));
    } catch (const toml::parse_error& e) {
      return fail(part("{}:{}: ", source_, e.source().begin.line),
                  Error::untranslated(std::string(e.description())));
    }
    ProfileSettings s = out_;  // applied to out_ only when the whole file is good
    RoadTable table = s.road_table();
    if (const auto* inherit = doc.get("inherit")) {
      if (!inherit->is_boolean())
        return error(*inherit, "inherit",
                     part("must be true or false, got {}", describe(*inherit)));
      if (!*inherit->value<bool>()) table = RoadTable();
    }
    for (auto&& [key, node] : doc) {
      const std::string_view k = key.str();
      if (k == "inherit") continue;
      if (k == "people_per_vehicle") {
        if (auto r = number(node, k, 0.1, 100, s.people_per_vehicle); !r) return r;
      } else if (k == "walk_kmh") {
        if (auto r = number(node, k, 0.1, 30, s.walk_kmh); !r) return r;
      } else if (k == "foot_people_per_metre_second") {
        if (auto r = number(node, k, 0.01, 10, s.foot_people_per_metre_second); !r) return r;
      } else if (k == "highway") {
        const toml::table* classes = node.as_table();
        if (!classes)
          return error(node, k, part("must be a table of highway classes ([highway.NAME])"));
        for (auto&& [name, c] : *classes)
          if (auto r = road_class(std::string(name.str()), c, table); !r) return r;
      } else {
        return error(key, node, std::string(k),
                     part("unknown key (expected inherit, people_per_vehicle, walk_kmh, "
                          "foot_people_per_metre_second or [highway.NAME] tables)"));
      }
    }
    if (table.classes().empty()) return fail("{}: the profile leaves no road classes", source_);
    s.roads = std::make_shared<const RoadTable>(std::move(table));
    out_ = std::move(s);
    return {};
  }

 private:
  static int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

  std::unexpected<Error> error(const toml::node& at, std::string_view key, Part what) {
    return fail(part("{}:{}: {}: ", source_, line_of(at), key), Error(std::move(what)));
  }
  // Prefers the key's own line (a table's values may sit lines below its header).
  std::unexpected<Error> error(const toml::key& key, const toml::node& at, std::string_view path,
                               Part what) {
    const auto line =
        key.source().begin.line > 0 ? static_cast<int>(key.source().begin.line) : line_of(at);
    return fail(part("{}:{}: {}: ", source_, line, path), Error(std::move(what)));
  }

  Result<void> number(const toml::node& n, std::string_view key, double lo, double hi,
                      double& into) {
    const auto v = n.value<double>();
    if (!n.is_number() || !v || !(*v >= lo && *v <= hi))
      return error(n, key, part("must be a number from {} to {}, got {}", lo, hi, describe(n)));
    into = *v;
    return {};
  }

  Result<void> road_class(const std::string& name, const toml::node& node, RoadTable& table) {
    const std::string path = "highway." + name;
    const toml::table* t = node.as_table();
    if (!t) return error(node, path, part("must be a table ([{}]), got {}", path, describe(node)));
    if (name.empty()) return error(node, path, part("the class name is empty"));
    const RoadClass* existing = table.find(name);
    RoadClass c = existing ? *existing : RoadClass{name};
    bool remove = false;
    for (auto&& [key, v] : *t) {
      const std::string k(key.str());
      const std::string at = path + "." + k;
      if (k == "car_kmh") {
        if (auto r = number(v, at, 0, 200, c.car_kmh); !r) return r;
      } else if (k == "car_vehicles_per_lane") {
        if (auto r = number(v, at, 1, 5000, c.car_vehicles_per_lane); !r) return r;
      } else if (k == "car_lanes") {
        const auto i = v.value<std::int64_t>();
        if (!v.is_integer() || !i || *i < 1 || *i > 10)
          return error(v, at, part("must be a whole number from 1 to 10, got {}", describe(v)));
        c.car_lanes = static_cast<int>(*i);
      } else if (k == "oneway") {
        if (!v.is_boolean())
          return error(v, at, part("must be true or false, got {}", describe(v)));
        c.car_oneway = *v.value<bool>();
      } else if (k == "foot_width_m") {
        if (auto r = number(v, at, 0, 50, c.foot_width_m); !r) return r;
      } else if (k == "remove") {
        if (!v.is_boolean())
          return error(v, at, part("must be true or false, got {}", describe(v)));
        remove = *v.value<bool>();
      } else {
        return error(key, v, at,
                     part("unknown key (expected car_kmh, car_vehicles_per_lane, car_lanes, "
                          "oneway, foot_width_m or remove)"));
      }
    }
    if (remove) {
      if (t->size() > 1)
        return error(node, path, part("remove = true cannot be combined with other keys"));
      table.remove(name);
      return {};
    }
    if (c.car_kmh > 0 && (c.car_vehicles_per_lane <= 0 || c.car_lanes <= 0)) {
      std::vector<std::string_view> missing;
      if (c.car_vehicles_per_lane <= 0) missing.emplace_back("car_vehicles_per_lane");
      if (c.car_lanes <= 0) missing.emplace_back("car_lanes");
      return error(node, path,
                   part("open to cars (car_kmh {}) but {} not given", c.car_kmh,
                        fmt::format("{}", fmt::join(missing, " and "))));
    }
    table.set(std::move(c));
    return {};
  }

  std::string_view source_;
  ProfileSettings& out_;
};

}  // namespace

std::optional<Profile> parse_profile(std::string_view name) {
  if (name == "car") return Profile::kCar;
  if (name == "foot") return Profile::kFoot;
  return std::nullopt;
}

std::string_view profile_name(Profile p) {
  return p == Profile::kCar ? "car" : "foot";
}

double default_step_seconds(Profile p) {
  return p == Profile::kCar ? 30 : 10;
}

const RoadTable& RoadTable::builtin() {
  static const RoadTable table = make_builtin();
  return table;
}

const RoadClass* RoadTable::find(std::string_view highway) const {
  for (const auto& c : classes_)
    if (c.highway == highway) return &c;
  return nullptr;
}

void RoadTable::set(RoadClass c) {
  for (auto& existing : classes_)
    if (existing.highway == c.highway) {
      existing = std::move(c);
      return;
    }
  classes_.push_back(std::move(c));
}

void RoadTable::remove(std::string_view highway) {
  std::erase_if(classes_, [&](const RoadClass& c) { return c.highway == highway; });
}

std::uint64_t RoadTable::fingerprint() const {
  std::vector<const RoadClass*> sorted;
  for (const auto& c : classes_) sorted.push_back(&c);
  std::ranges::sort(sorted, {},
                    [](const RoadClass* c) -> const std::string& { return c->highway; });
  Fnv1a h;
  h.add<std::uint64_t>(sorted.size());
  for (const RoadClass* c : sorted) {
    h.add<std::uint64_t>(c->highway.size());
    h.add_bytes(c->highway.data(), c->highway.size());
    h.add(c->car_kmh);
    h.add(c->car_vehicles_per_lane);
    h.add(c->car_lanes);
    h.add<std::uint8_t>(c->car_oneway ? 1 : 0);
    h.add(c->foot_width_m);
  }
  return h.state;
}

const RoadClass* road_class(std::string_view highway) {
  return RoadTable::builtin().find(highway);
}

Result<void> apply_profile_text(std::string_view text, std::string_view source,
                                ProfileSettings& settings) {
  return ProfileParser(source, settings).run(text);
}

Result<void> apply_profile_file(const std::string& path, ProfileSettings& settings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open profile file '{}'", path);
  std::ostringstream text;
  text << in.rdbuf();
  return apply_profile_text(text.str(), path, settings);
}

}  // namespace qorgan::evac::osm
