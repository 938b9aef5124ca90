#pragma once
// Builds the solver's model (guard/model.hpp) from stored posts and patterns and the registry's
// people. No SQL and no HTTP: the service reads, this translates, so the translation is tested
// on its own.
//
//  - A post with several patterns becomes one solver post per pattern, active from the
//    pattern's valid_from until the day before the next one's (and within the post's period).
//    Its id is "post-<post id>/pattern-<pattern id>".
//  - Who may stand at a post: members of the units assigned to its facility (and of their
//    sub-units), and members of units whose home region covers the facility's region, while the
//    membership lasts. The solver sees this as one more required skill per distinct rule
//    ("@eligible:N"), granted for the membership's dates, so a slot nobody may take is reported
//    like a missing skill.
//  - Skills valid from qualified_on to expires_on; recorded unavailable periods (whole local
//    days) and time outside a person's weekly availability, when they recorded one, become
//    absences. Home: the person's region's coordinates (0, 0 when unknown: the farthest).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "guard/duty.hpp"
#include "guard/model.hpp"
#include "registry/people.hpp"

namespace qorgan::guard {

struct DutyInput {
  std::string zone = "Asia/Almaty";
  Rules rules;
  Day from = 0;
  int days = 7;
  std::vector<DutyPost> posts;
  std::map<std::int64_t, std::vector<Pattern>> patterns;                 // by post, by valid_from
  std::map<std::int64_t, std::vector<std::string>> facility_unit_paths;  // by facility
  std::vector<registry::DutyPerson> people;
};

struct DutyModel {
  Instance instance;
  std::vector<std::int64_t> person_ids;  // registry id of each instance person
  std::vector<std::int64_t> post_ids;    // guard post id of each instance post
};

// Prefix of the skills the model adds for eligibility.
inline constexpr std::string_view kEligibleSkill = "@eligible:";

DutyModel build_model(const DutyInput& in);

// The input without its people (zone, rules, dates, posts, patterns, facilities' units), kept
// with a roster so that its model can be built again, with the people as they are then, to
// check a change.
core::Json posts_to_json(const DutyInput& in);
void posts_from_json(const core::Json& j, DutyInput& in);

// Parses a stored date; the sentinel for "no end" when absent.
Day day_or(const std::optional<std::string>& date, Day otherwise);

}  // namespace qorgan::guard
