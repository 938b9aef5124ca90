#pragma once
// How OSM roads become arcs: speed and capacity per `highway` class, for cars and for people on
// foot. The built-in table is documented in evac/README.md; keep the two in step. A profile file
// (TOML, see read_profile_file) may override any figure of any class, add classes and remove
// them, e.g. for a flooded city where underpasses are closed and main roads crawl.
//
// Car capacity is in people per time step: lanes in the direction x vehicles per hour per lane
// x people per vehicle x step length / 3600. Foot capacity: usable width in metres x 1.3 people
// per metre per second x step length (a standard figure for walkways in crowds).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evac/error.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::evac::osm {

enum class Profile { kCar, kFoot };

std::optional<Profile> parse_profile(std::string_view name);
std::string_view profile_name(Profile p);
double default_step_seconds(Profile p);  // 30 s for cars, 10 s on foot

struct RoadClass {
  std::string highway;
  double car_kmh = 0;                // 0: closed to cars
  double car_vehicles_per_lane = 0;  // per hour
  int car_lanes = 0;                 // per direction when the way has no lanes= tag
  bool car_oneway = false;           // implied oneway (motorways)
  double foot_width_m = 0;           // 0: closed to people on foot (unless foot=yes)
  bool operator==(const RoadClass&) const = default;
};

// The routable highway classes. A value not in the table is not a road at all (not even with
// foot=yes); a class with car_kmh 0 is closed to cars, one with foot_width_m 0 to people on foot
// unless the way says foot=yes.
class RoadTable {
 public:
  RoadTable() = default;
  explicit RoadTable(std::vector<RoadClass> classes) : classes_(std::move(classes)) {}

  static const RoadTable& builtin();

  const RoadClass* find(std::string_view highway) const;
  const std::vector<RoadClass>& classes() const { return classes_; }
  // Replaces the class of the same name or appends it; remove() leaves the table unchanged
  // when the class is absent.
  void set(RoadClass c);
  void remove(std::string_view highway);

  // A digest of every class and figure (order-independent), part of the OSM cache key.
  std::uint64_t fingerprint() const;

 private:
  std::vector<RoadClass> classes_;
};

// The class of a highway=* value in the built-in table, or nullptr if it is not routable.
const RoadClass* road_class(std::string_view highway);

struct ProfileSettings {
  Profile profile = Profile::kCar;
  double step_seconds = 30;
  double people_per_vehicle = 2.0;
  double walk_kmh = 5.0;
  double foot_people_per_metre_second = 1.3;
  // Fold junctions without a choice into longer arcs (graph/contract_chains.hpp), so that each
  // arc is rounded up to whole steps once. Off: every junction as drawn, each piece rounded.
  bool fold_chains = true;
  // The road classes; null means RoadTable::builtin().
  std::shared_ptr<const RoadTable> roads;

  const RoadTable& road_table() const { return roads ? *roads : RoadTable::builtin(); }
  const RoadClass* road_class(std::string_view highway) const { return road_table().find(highway); }
};

// Reads a profile file (TOML) and applies it to `settings`: the classes it names are changed,
// added or removed, starting from the built-in table (or from an empty one with
// `inherit = false`), and the optional top-level figures replace the settings' own. Every
// mistake is an error naming the file, the line and the key, e.g.
//   flood.toml:7: highway.primary.car_kmh: must be a number from 0 to 200, got "fast"
// and the settings are left unchanged on error.
//
//   inherit = true                       # start from the built-in table (default)
//   people_per_vehicle = 2.0             # car occupancy
//   walk_kmh = 5.0                       # walking speed (steps: half of it)
//   foot_people_per_metre_second = 1.3   # pedestrian flow per metre of width
//   [highway.primary]                    # any highway=* value
//   car_kmh = 30                         # 0..200; 0 closes the class to cars
//   car_vehicles_per_lane = 800          # per hour, 1..5000 (needed when the class is open)
//   car_lanes = 1                        # per direction, 1..10 (needed when the class is open)
//   oneway = false                       # implied oneway
//   foot_width_m = 3                     # 0..50; 0 closes it on foot unless foot=yes
//   [highway.footway]
//   remove = true                        # not a road any more (nothing else may be given)
Result<void> apply_profile_file(const std::string& path, ProfileSettings& settings);
// The same on text in memory; `source` names it in errors.
Result<void> apply_profile_text(std::string_view text, std::string_view source,
                                ProfileSettings& settings);

}  // namespace qorgan::evac::osm
