// Guarding: posts, their shift patterns, and the units assigned to facilities.
#include <fmt/format.h>

#include <regex>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "guard/access.hpp"
#include "guard/duties.hpp"
#include "guard/duty_json.hpp"
#include "guard/duty_store.hpp"
#include "guard/instance_json.hpp"

namespace qorgan::guard {

using core::Error;
using core::fail;
using core::Json;

namespace {

Error post_not_found(std::int64_t id) {
  return Error::not_found("No guard post has id " + std::to_string(id) + ".");
}

bool is_date(const std::string& s) {
  return core::parse_date(s).has_value();
}

// Reads the post's fields into `p`; `creating` makes the required ones required.
core::Status read_post(const Json& body, bool creating, DutyPost& p,
                       std::vector<std::string>& given) {
  core::JsonFields f(body);
  if (creating) {
    if (auto v = f.i64("facility_id", true, 1)) p.facility_id = *v;
  } else if (f.has("facility_id")) {
    f.i64("facility_id", false, 1);
    f.add("facility_id", "A post's facility cannot change; add a post at the other facility.");
  }
  if (auto v = f.str("name", creating, 200)) {
    p.name = core::trim(*v);
    if (p.name.empty()) f.add("name", "must not be empty");
  }
  if (auto v = f.f64("lat", false, -90, 90)) p.lat = *v, given.push_back("lat");
  if (auto v = f.f64("lon", false, -180, 180)) p.lon = *v, given.push_back("lon");
  if (auto v = f.i64("min_guards", creating, 1, 50)) p.min_guards = int(*v);
  if (auto v = f.i64("target_guards", false, 1, 50))
    p.target_guards = int(*v);
  else if (creating)
    p.target_guards = p.min_guards;
  if (p.target_guards < p.min_guards) f.add("target_guards", "must be at least min_guards");
  if (const Json* skills = f.array("skills", false)) {
    p.skills.clear();
    if (skills->size() > 20) f.add("skills", "At most 20 skills.");
    for (std::size_t i = 0; i < skills->size() && i < 20; ++i) {
      const Json& s = (*skills)[i];
      std::string at = "skills[" + std::to_string(i) + "]";
      if (!s.is_string() || core::trim(s.get<std::string>()).empty() ||
          s.get<std::string>().size() > 100 || s.get<std::string>().starts_with("@")) {
        f.add(at, "must be a skill name");
        continue;
      }
      p.skills.push_back(core::trim(s.get<std::string>()));
    }
  }
  // A null clears these; the accessors are asked even then, so that null is a known value.
  if (f.has("sex")) {
    auto v = f.choice("sex", false, {"M", "F"});
    if (body["sex"].is_null())
      p.sex.reset();
    else if (v)
      p.sex = *v;
  }
  if (f.has("min_age")) {
    auto v = f.i64("min_age", false, 16, 80);
    if (body["min_age"].is_null())
      p.min_age.reset();
    else if (v)
      p.min_age = int(*v);
  }
  if (auto v = f.str("active_from", creating, 10)) {
    p.active_from = *v;
    if (!is_date(*v)) f.add("active_from", "must be a date YYYY-MM-DD");
  }
  if (f.has("active_to")) {
    auto v = f.str("active_to", false, 10);
    if (body["active_to"].is_null())
      p.active_to.reset();
    else if (v) {
      p.active_to = *v;
      if (!is_date(*v))
        f.add("active_to", "must be a date YYYY-MM-DD");
      else if (is_date(p.active_from) && *v < p.active_from)
        f.add("active_to", "must not be before active_from");
    }
  }
  return f.finish("The guard post");
}

// "HH:MM" → minutes, or -1.
int hhmm(const std::string& s) {
  static const std::regex re("^([01][0-9]|2[0-3]):([0-5][0-9])$");
  std::smatch m;
  if (!std::regex_match(s, m, re)) return -1;
  return std::stoi(m[1]) * 60 + std::stoi(m[2]);
}

}  // namespace

std::optional<std::string> Duties::visible_prefix(const auth::Principal& who) {
  if (!who.in(kReaders)) return std::nullopt;
  auto scope = auth::scope_of(who);
  switch (scope.kind) {
    case auth::Scope::Kind::everything:
      return std::string();
    case auth::Scope::Kind::region:
      return scope.path;
    case auth::Scope::Kind::unit:
      if (auto u = registry_.units.get(auth::system_principal("guard"), scope.id))
        return u->region_path;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

core::Result<core::Page<DutyPost>> Duties::posts(const auth::Principal& who,
                                                 std::optional<std::int64_t> facility,
                                                 std::optional<std::int64_t> after, int limit) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see guard posts."));
  auto rows = db_.read([&](storage::Tx& tx) {
    return duty_store::posts(tx, *prefix, facility, after.value_or(0), limit);
  });
  core::Page<DutyPost> page;
  if (rows.size() > std::size_t(limit)) {
    rows.resize(std::size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

core::Result<DutyPost> Duties::post(const auth::Principal& who, std::int64_t id) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see guard posts."));
  auto p = db_.read([&](storage::Tx& tx) { return duty_store::post(tx, id); });
  if (!p || !p->region_path.starts_with(*prefix)) return fail(post_not_found(id));
  return *p;
}

core::Result<DutyPost> Duties::create_post(const auth::Principal& who, const auth::Actor& actor,
                                           const Json& body) {
  if (!who.in(kPlanners)) return fail(Error::forbidden("Only headquarters staff add guard posts."));
  DutyPost p;
  std::vector<std::string> given;
  if (auto s = read_post(body, true, p, given); !s) return fail(s.error());
  auto facility = registry_.facilities.get(who, p.facility_id);
  if (!facility)
    return fail(Error::invalid("The facility is unknown or outside your region.",
                               {{"facility_id", "no such facility in your scope"}}));
  p.region_id = facility->region_id;
  p.region_path = facility->region_path;
  if (std::ranges::find(given, "lat") == given.end()) p.lat = facility->lat;
  if (std::ranges::find(given, "lon") == given.end()) p.lon = facility->lon;
  p.created_at = p.updated_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<DutyPost> {
    p.id = duty_store::insert_post(tx, p);
    auth::audit(tx, actor, "guard_post.create", "guard_post", std::to_string(p.id), nullptr,
                to_json(p));
    return p;
  });
}

core::Result<DutyPost> Duties::update_post(const auth::Principal& who, const auth::Actor& actor,
                                           std::int64_t id, const Json& body) {
  if (!who.in(kPlanners))
    return fail(Error::forbidden("Only headquarters staff change guard posts."));
  auto old = post(who, id);
  if (!old) return fail(old.error());
  DutyPost p = *old;
  std::vector<std::string> given;
  if (auto s = read_post(body, false, p, given); !s) return fail(s.error());
  p.updated_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<DutyPost> {
    duty_store::update_post(tx, p);
    auth::audit(tx, actor, "guard_post.update", "guard_post", std::to_string(p.id), to_json(*old),
                to_json(p));
    return p;
  });
}

core::Result<std::vector<Pattern>> Duties::patterns(const auth::Principal& who,
                                                    std::int64_t post_id) {
  auto p = post(who, post_id);
  if (!p) return fail(p.error());
  return db_.read([&](storage::Tx& tx) { return duty_store::patterns(tx, post_id); });
}

core::Result<Pattern> Duties::add_pattern(const auth::Principal& who, const auth::Actor& actor,
                                          std::int64_t post_id, const Json& body) {
  if (!who.in(kPlanners))
    return fail(Error::forbidden("Only headquarters staff change shift patterns."));
  auto p = post(who, post_id);
  if (!p) return fail(p.error());
  Pattern pat;
  pat.post_id = post_id;
  core::JsonFields f(body);
  if (auto v = f.str("valid_from", true, 10)) {
    pat.valid_from = *v;
    if (!is_date(*v)) f.add("valid_from", "must be a date YYYY-MM-DD");
  }
  if (!body.is_object() || !body.contains("shifts")) {
    f.add("shifts", "a pattern such as \"3x8@06:00\" or a list [{start: \"HH:MM\", hours}]");
  } else if (body["shifts"].is_string()) {
    auto s = f.str("shifts", true, 40);
    auto parsed = pattern_from_string(s.value_or(""));
    if (!parsed)
      f.add("shifts",
            "must be a pattern such as 3x8@06:00 (N shifts of H hours, N × H ≤ 24) or a list of "
            "shifts");
    else
      pat.shifts = *parsed, pat.label = *s;
  } else if (const Json* list = f.array("shifts", true)) {
    pat.label = "custom";
    if (list->empty() || list->size() > 24) f.add("shifts", "between 1 and 24 shifts");
    for (std::size_t i = 0; i < list->size() && i < 24; ++i) {
      std::string at = "shifts[" + std::to_string(i) + "]";
      const Json& s = (*list)[i];
      if (!s.is_object()) {
        f.add(at, "a shift is an object {start: \"HH:MM\", hours}");
        continue;
      }
      core::JsonFields g(s);
      auto start = g.str("start", true, 5);
      auto hours = g.f64("hours", true, 0.25, 24);
      int minute = start ? hhmm(*start) : 0;
      if (start && minute < 0) g.add("start", "must be a time HH:MM");
      f.absorb(g, at);
      if (start && hours && minute >= 0)
        pat.shifts.push_back({minute, int(std::lround(*hours * 60))});
    }
  }
  if (f.ok() && !pat.shifts.empty()) {
    // The library's rule: a daily pattern within a day whose shifts do not overlap, also
    // across midnight.
    Instance probe;
    probe.zone = settings_.zone;
    Post one;
    one.id = "post";
    one.pattern = pat.shifts;
    probe.posts.push_back(one);
    if (auto s = validate(probe); !s) {
      // The library's words name its own post ids; these name what to change.
      const auto& fields = s.error().fields;
      const std::string why = fields.empty() ? "" : fields.front().message;
      f.add("shifts", why == "overlapping"
                          ? "the shifts overlap each other (a shift past midnight runs into the "
                            "next day's first)"
                      : why == "out of range"
                          ? "a shift must start at 00:00..23:59 and last 1 minute to 24 hours"
                          : s.error().message);
    }
  }
  if (auto s = f.finish("The shift pattern"); !s) return fail(s.error());
  pat.created_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Pattern> {
    if (duty_store::pattern_exists(tx, post_id, pat.valid_from))
      return fail(Error::invalid("The post already has a pattern from this date.",
                                 {{"valid_from", "a pattern from this date exists"}}));
    pat.id = duty_store::insert_pattern(tx, pat);
    auth::audit(tx, actor, "guard_pattern.create", "guard_post", std::to_string(post_id), nullptr,
                to_json(pat));
    return pat;
  });
}

core::Result<std::vector<FacilityUnit>> Duties::facility_units(const auth::Principal& who,
                                                               std::int64_t facility_id) {
  if (!visible_prefix(who)) return fail(Error::forbidden("Your role does not see guard posts."));
  if (!registry_.facilities.get(who, facility_id))
    return fail(Error::not_found("No facility has id " + std::to_string(facility_id) + "."));
  auto rows =
      db_.read([&](storage::Tx& tx) { return duty_store::facility_units(tx, facility_id); });
  for (auto& u : rows)
    if (auto unit = registry_.units.get(auth::system_principal("guard"), u.unit_id))
      u.unit_path = unit->path;
  return rows;
}

core::Result<FacilityUnit> Duties::assign_unit(const auth::Principal& who, const auth::Actor& actor,
                                               std::int64_t facility_id, const Json& body) {
  if (!who.in(kPlanners))
    return fail(Error::forbidden("Only headquarters staff assign units to facilities."));
  if (!registry_.facilities.get(who, facility_id))
    return fail(Error::not_found("No facility has id " + std::to_string(facility_id) + "."));
  core::JsonFields f(body);
  auto unit_id = f.i64("unit_id", true, 1);
  if (auto s = f.finish("The assignment"); !s) return fail(s.error());
  auto unit = registry_.units.get(who, *unit_id);
  if (!unit)
    return fail(Error::invalid("The unit is unknown or outside your region.",
                               {{"unit_id", "no such unit in your scope"}}));
  FacilityUnit out{facility_id, *unit_id, unit->path};
  return db_.write([&](storage::Tx& tx) -> core::Result<FacilityUnit> {
    if (!duty_store::add_facility_unit(tx, facility_id, *unit_id, core::now_us()))
      return fail(Error::conflict("The unit already guards this facility."));
    auth::audit(tx, actor, "guard_facility_unit.add", "facility", std::to_string(facility_id),
                nullptr, {{"unit_id", *unit_id}});
    return out;
  });
}

core::Status Duties::unassign_unit(const auth::Principal& who, const auth::Actor& actor,
                                   std::int64_t facility_id, std::int64_t unit_id) {
  if (!who.in(kPlanners))
    return fail(Error::forbidden("Only headquarters staff assign units to facilities."));
  if (!registry_.facilities.get(who, facility_id))
    return fail(Error::not_found("No facility has id " + std::to_string(facility_id) + "."));
  return db_.write([&](storage::Tx& tx) -> core::Status {
    if (!duty_store::remove_facility_unit(tx, facility_id, unit_id))
      return fail(Error::not_found("The unit does not guard this facility."));
    auth::audit(tx, actor, "guard_facility_unit.remove", "facility", std::to_string(facility_id),
                {{"unit_id", unit_id}}, nullptr);
    return {};
  });
}

}  // namespace qorgan::guard
