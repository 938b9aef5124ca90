#pragma once
// The outputs of a roster: CSV (one row per guard and shift, empty slots too), a person's
// iCalendar feed (RFC 5545), and the printable A4 week of a post or of a unit's people in kk, ru
// or en (self-contained HTML, to be served under kPrintPolicy).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "guard/duties.hpp"

namespace qorgan::guard {

inline constexpr const char* kPrintPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

std::string roster_csv(const RosterView& v, std::string_view zone);
// `host` names the calendar's UIDs ("qorgan.example").
std::string duties_ics(const std::vector<Duty>& duties, std::string_view host);
// The week [from, from + 7 days) of one post: a row per day, a column per shift start.
std::string print_post_week(const RosterView& v, const DutyPost& post, Day from,
                            std::string_view zone, std::string_view lang);
// The week of a unit's people: a row per person, a column per day, the posts and hours in the
// cells. `people`: id → name, the unit's members.
std::string print_unit_week(const RosterView& v, const std::string& unit_name,
                            const std::map<std::int64_t, std::string>& people, Day from,
                            std::string_view zone, std::string_view lang);

}  // namespace qorgan::guard
