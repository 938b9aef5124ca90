#pragma once
// CSV files of evacuees and shelters.
//
// Without a header the columns are `lat,lon,count` (evacuees) and `lat,lon,capacity[,name]`
// (shelters). With a header (first line not numeric) columns are found by name: `lat` and `lon`,
// or `node` (an external node id); `count` or `capacity`; optional `name` and, for evacuees,
// `earliest` (earliest departure step). Points are snapped to the nearest junction; one farther
// than `max_snap_m` from every junction is an error naming its line.

#include <string>
#include <string_view>
#include <vector>

#include "evac/error.hpp"
#include "evac/graph/network.hpp"

namespace qorgan::evac::io {

inline constexpr double kMaxSnapMetres = 2000;

Result<std::vector<Source>> read_evacuees_csv(const std::string& path, const Network& net,
                                              double max_snap_m = kMaxSnapMetres);
Result<std::vector<Shelter>> read_shelters_csv(const std::string& path, const Network& net,
                                               double max_snap_m = kMaxSnapMetres);

// The same from text in memory (a CSV sent over HTTP). Errors name the line ("line 3: count
// must be at least 1, got 0"); text without any data row is an error too.
Result<std::vector<Source>> parse_evacuees_csv(std::string_view text, const Network& net,
                                               double max_snap_m = kMaxSnapMetres);
Result<std::vector<Shelter>> parse_shelters_csv(std::string_view text, const Network& net,
                                                double max_snap_m = kMaxSnapMetres);

}  // namespace qorgan::evac::io
