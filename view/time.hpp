#pragma once
// Times as people read them on server-rendered pages: in a configured IANA zone, labelled with
// the zone's offset so a reader never has to guess whether it is UTC.
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace qorgan::view {

// "2026-12-03 19:13 UTC+5" for 14:13Z in Asia/Almaty; "UTC+5:30" for half-hour offsets, "UTC"
// for UTC itself. An unknown zone is treated as UTC.
std::string format_time(core::Timestamp t, std::string_view tz);
bool known_time_zone(std::string_view tz);

}  // namespace qorgan::view
