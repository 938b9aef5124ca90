#include "evac/osm/road_profile.hpp"

#include <array>

namespace qorgan::evac::osm {

namespace {

// highway, car km/h, veh/h/lane, lanes per direction, implied oneway, foot width (m)
constexpr std::array<RoadClass, 22> kClasses{{
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
}};

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

const RoadClass* road_class(std::string_view highway) {
  for (const auto& c : kClasses)
    if (c.highway == highway) return &c;
  return nullptr;
}

}  // namespace qorgan::evac::osm
