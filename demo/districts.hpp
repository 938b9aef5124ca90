#pragma once
// Almaty's administrative structure as the demo loads it: Kazakhstan → Almaty (city of republican
// significance) → its eight districts → a few well-known micro-districts of each.
#include <span>
#include <string_view>

namespace qorgan::demo {

struct Place {
  std::string_view code;  // KATO code for official units; see districts.cpp for the others
  std::string_view kk, ru, en;
  double lat, lon;  // an approximate centroid
};

struct District {
  Place place;
  std::string_view slug;  // Latin, for unit names and e-mail-safe identifiers
  std::span<const Place> neighbourhoods;
};

const Place& kazakhstan();
const Place& almaty();
std::span<const District> districts();

// Index into districts() of the district whose centroid is nearest to (lat, lon), and the
// distance to it in metres.
struct Nearest {
  std::size_t index;
  double metres;
};
Nearest nearest_district(double lat, double lon);
double distance_m(double lat1, double lon1, double lat2, double lon2);

}  // namespace qorgan::demo
