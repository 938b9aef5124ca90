#include "demo/buildings.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string_view>
#include <vector>

#include "demo/districts.hpp"

namespace qorgan::demo {

namespace fs = std::filesystem;

Box almaty_box() {
  return {43.13, 76.70, 43.42, 77.12};
}

namespace {

struct Rule {
  const char* key;
  const char* value;
  const char* kind;
};

// Which OSM features are public buildings worth protecting or sheltering in, and their kind.
constexpr Rule kRules[] = {
    {"amenity", "school", "education"},
    {"amenity", "kindergarten", "education"},
    {"amenity", "college", "education"},
    {"amenity", "university", "education"},
    {"amenity", "hospital", "medical"},
    {"amenity", "clinic", "medical"},
    {"amenity", "police", "government"},
    {"amenity", "fire_station", "government"},
    {"amenity", "townhall", "government"},
    {"amenity", "courthouse", "government"},
    {"office", "government", "government"},
    {"amenity", "theatre", "other"},
    {"railway", "station", "transport"},
    {"aeroway", "aerodrome", "transport"},
    {"aeroway", "terminal", "transport"},
    {"amenity", "bus_station", "transport"},
    {"power", "plant", "energy"},
    {"power", "substation", "energy"},
    {"man_made", "water_works", "water"},
    {"man_made", "water_tower", "water"},
    {"man_made", "wastewater_plant", "water"},
};

const Rule* match(const osmium::TagList& tags) {
  for (const auto& r : kRules) {
    const char* v = tags.get_value_by_key(r.key);
    if (v && std::string_view(v) == r.value) return &r;
  }
  return nullptr;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Drops mappers' notes to each other ("станция Алматы 2 (TODO Удалить?)").
std::string without_notes(std::string_view name) {
  for (std::string_view mark : {"(TODO", "(FIXME", "TODO", "FIXME"}) {
    auto at = name.find(mark);
    if (at != std::string_view::npos) name = name.substr(0, at);
  }
  return std::string(name);
}

// Mappers often tag a school with just its number ("42", "№42", "№ 42"): give it a readable name.
std::string readable_name(std::string name, std::string_view key, std::string_view value) {
  std::string_view s = name;
  if (s.starts_with("№")) s.remove_prefix(std::string_view("№").size());
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  bool number = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  if (number && key == "amenity" && value == "school") return "Школа № " + std::string(s);
  if (number && key == "amenity" && value == "kindergarten")
    return "Детский сад № " + std::string(s);
  return name;
}

class Collector : public osmium::handler::Handler {
 public:
  Collector(const Box& box, std::vector<PublicBuilding>& out) : box_(box), out_(out) {}

  void node(const osmium::Node& n) {
    if (n.tags().empty() || !n.location().valid()) return;
    add(n.tags(), n.location().lat(), n.location().lon(), n.id());
  }

  void way(const osmium::Way& w) {
    if (w.tags().empty()) return;
    if (!match(w.tags())) return;
    double lat = 0, lon = 0;
    int count = 0;
    const auto& nodes = w.nodes();
    // A closed way repeats its first node at the end; count it once.
    std::size_t n = nodes.size();
    if (n > 1 && nodes.is_closed()) --n;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& loc = nodes[i].location();
      if (!loc.valid()) continue;
      lat += loc.lat();
      lon += loc.lon();
      ++count;
    }
    if (count == 0) return;
    add(w.tags(), lat / count, lon / count, w.id());
  }

 private:
  void add(const osmium::TagList& tags, double lat, double lon, std::int64_t id) {
    const Rule* rule = match(tags);
    if (!rule || !box_.contains(lat, lon)) return;
    const char* name = tags.get_value_by_key("name");
    if (!name || !*name) name = tags.get_value_by_key("name:ru");
    if (!name || !*name) name = tags.get_value_by_key("name:kk");
    if (!name || !*name) name = tags.get_value_by_key("name:en");
    if (!name) return;
    std::string clean = trimmed(without_notes(name));
    if (clean.empty()) return;
    PublicBuilding b;
    b.name = readable_name(clean, rule->key, rule->value);
    b.kind = rule->kind;
    b.osm_tag = std::string(rule->key) + "=" + rule->value;
    const char* street = tags.get_value_by_key("addr:street");
    const char* number = tags.get_value_by_key("addr:housenumber");
    if (street) b.address = trimmed(street);
    if (street && number) b.address += " " + trimmed(number);
    b.lat = lat;
    b.lon = lon;
    b.osm_id = id;
    out_.push_back(std::move(b));
  }

  const Box& box_;
  std::vector<PublicBuilding>& out_;
};

// Keeps the first of several features with the same name less than 500 m apart (a building
// mapped both as a node and as an outline, or several corpus outlines of one hospital).
std::vector<PublicBuilding> dedupe(std::vector<PublicBuilding> in) {
  std::vector<PublicBuilding> out;
  for (auto& b : in) {
    bool dup = std::any_of(out.begin(), out.end(), [&](const PublicBuilding& o) {
      return o.name == b.name && distance_m(o.lat, o.lon, b.lat, b.lon) < 500;
    });
    if (!dup) out.push_back(std::move(b));
  }
  return out;
}

}  // namespace

core::Result<std::vector<PublicBuilding>> read_osm_buildings(const std::string& path,
                                                             const Box& within) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    return core::fail(core::Error::not_found("No OSM file at " + path + "."));
  std::vector<PublicBuilding> found;
  try {
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations(index);
    locations.ignore_errors();  // extracts cut ways at their edge
    Collector collector(within, found);
    osmium::io::Reader reader(path, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
    osmium::apply(reader, locations, collector);
    reader.close();
  } catch (const std::exception& e) {
    return core::fail(core::Error::invalid("Cannot read the OSM file " + path + ": " + e.what()));
  }
  return dedupe(std::move(found));
}

std::vector<PublicBuilding> builtin_buildings() {
  // Positions are approximate (within a few hundred metres), taken from general knowledge of the
  // city; names are those the buildings are commonly known by.
  struct Entry {
    const char* name;
    const char* kind;
    const char* tag;
    const char* address;
    double lat, lon;
  };
  static const Entry entries[] = {
      {"Акимат города Алматы", "government", "amenity=townhall", "площадь Республики 4", 43.2383,
       76.9457},
      {"Казахский национальный университет имени аль-Фараби", "education", "amenity=university",
       "проспект аль-Фараби 71", 43.2225, 76.9211},
      {"Satbayev University", "education", "amenity=university", "улица Сатпаева 22", 43.2365,
       76.9315},
      {"Казахстанско-Британский технический университет", "education", "amenity=university",
       "улица Толе би 59", 43.2550, 76.9440},
      {"Казахский национальный медицинский университет", "education", "amenity=university",
       "улица Толе би 94", 43.2545, 76.9265},
      {"Республиканская физико-математическая школа", "education", "amenity=school", "", 43.2510,
       76.9290},
      {"Городская клиническая больница № 7", "medical", "amenity=hospital", "микрорайон Калкаман",
       43.2240, 76.7930},
      {"Больница скорой неотложной помощи", "medical", "amenity=hospital", "улица Казыбек би",
       43.2575, 76.9220},
      {"Научный центр педиатрии и детской хирургии", "medical", "amenity=hospital",
       "проспект аль-Фараби 146", 43.2090, 76.9520},
      {"Вокзал Алматы-1", "transport", "railway=station", "", 43.3420, 76.9505},
      {"Вокзал Алматы-2", "transport", "railway=station", "", 43.2711, 76.9400},
      {"Международный аэропорт Алматы", "transport", "aeroway=aerodrome", "", 43.3521, 77.0405},
      {"Государственный театр оперы и балета имени Абая", "other", "amenity=theatre",
       "улица Кабанбай батыра 110", 43.2430, 76.9460},
      {"Дворец Республики", "other", "builtin", "проспект Достык 56", 43.2335, 76.9557},
      {"Центральный стадион", "other", "builtin", "улица Сатпаева 29/3", 43.2350, 76.9190},
      {"Национальная библиотека Республики Казахстан", "education", "builtin", "проспект Абая 14",
       43.2395, 76.9525},
  };
  std::vector<PublicBuilding> out;
  for (const auto& e : entries) {
    PublicBuilding b;
    b.name = e.name;
    b.kind = e.kind;
    b.osm_tag = e.tag;
    b.address = e.address;
    b.lat = e.lat;
    b.lon = e.lon;
    out.push_back(std::move(b));
  }
  return out;
}

std::string find_almaty_extract(const std::string& osm_dir) {
  constexpr const char* kFile = "almaty-2013.osm.pbf";
  std::error_code ec;
  if (!osm_dir.empty()) {
    auto p = fs::path(osm_dir) / kFile;
    return fs::is_regular_file(p, ec) ? p.string() : std::string();
  }
  // The copy in the repository (demo/data), from the checkout or from the folder the binary was
  // built in; then a shared data folder beside the checkout.
  const std::vector<fs::path> inside{fs::path("demo") / "data" / kFile,
                                     fs::path("shared") / "data" / "osm" / kFile};
  for (const auto& rel : inside) {
    auto here = rel.begin()->string() == "demo" ? rel : fs::path("..") / rel;
    if (fs::is_regular_file(here, ec)) return here.string();
    // Run from elsewhere: look in each folder above the binary (the build tree sits in the
    // checkout, and shared/ beside the checkout).
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    for (auto dir = exe.parent_path(); !ec && !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      std::error_code probe;  // a missing candidate must not end the walk
      auto q = (rel.begin()->string() == "demo" ? dir : dir.parent_path()) / rel;
      if (fs::is_regular_file(q, probe)) return q.string();
    }
    ec.clear();
  }
  return {};
}

}  // namespace qorgan::demo
