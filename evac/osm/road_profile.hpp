#pragma once
// How OSM roads become arcs: speed and capacity per `highway` class, for cars and for people on
// foot. The table is documented in evac/README.md; keep the two in step.
//
// Car capacity is in people per time step: lanes in the direction x vehicles per hour per lane
// x people per vehicle x step length / 3600. Foot capacity: usable width in metres x 1.3 people
// per metre per second x step length (a standard figure for walkways in crowds).

#include <optional>
#include <string_view>

#include "evac/graph/network.hpp"

namespace qorgan::evac::osm {

enum class Profile { kCar, kFoot };

std::optional<Profile> parse_profile(std::string_view name);
std::string_view profile_name(Profile p);
double default_step_seconds(Profile p);  // 30 s for cars, 10 s on foot

struct RoadClass {
  std::string_view highway;
  double car_kmh;                // 0: closed to cars
  double car_vehicles_per_lane;  // per hour
  int car_lanes;                 // per direction when the way has no lanes= tag
  bool car_oneway;               // implied oneway (motorways)
  double foot_width_m;           // 0: closed to people on foot
};

// The class of a highway=* value, or nullptr if the value is not routable at all.
const RoadClass* road_class(std::string_view highway);

struct ProfileSettings {
  Profile profile = Profile::kCar;
  double step_seconds = 30;
  double people_per_vehicle = 2.0;
  double walk_kmh = 5.0;
  double foot_people_per_metre_second = 1.3;
};

}  // namespace qorgan::evac::osm
