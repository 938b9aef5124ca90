#include "core/time.hpp"
#include "guard/access.hpp"
#include "guard/duty_json.hpp"
#include "guard/roster_outputs.hpp"
#include "guard/routes.hpp"
#include "http/reply.hpp"

namespace qorgan::guard {

using auth::Principal;
using http::Request;
using http::Response;

namespace {

struct Paging {
  std::optional<std::int64_t> after;
  int limit = 50;
};
std::optional<Paging> paging(Request& req, std::vector<core::FieldError>& errors) {
  auto after = http::query_id(req, "cursor", errors);
  auto limit = http::query_id(req, "limit", errors);
  if (limit && *limit > 200) errors.push_back({"limit", "at most 200"});
  if (!errors.empty()) return std::nullopt;
  return Paging{after, int(limit.value_or(50))};
}

// A date query parameter (YYYY-MM-DD) as the instant of its local midnight.
std::optional<Day> query_day(Request& req, const std::string& name,
                             std::vector<core::FieldError>& errors) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  auto d = core::parse_date(*v);
  if (!d) {
    errors.push_back({name, "must be a date YYYY-MM-DD"});
    return std::nullopt;
  }
  return day_of(*d);
}

Response items(const std::vector<core::Json>& list) {
  return Response::json({{"items", list}});
}

}  // namespace

void mount_routes(http::Router& router, const auth::Guard& guard, Duties& d) {
  const std::string zone = d.settings().zone;
  auto json = [](const auto& x) { return to_json(x); };
  auto body_call = [&guard](const std::vector<auth::Role>& roles, auto call) {
    return guard.api(roles, [call](Request& req, const Principal& who) {
      auto body = http::json_body(req);
      if (!body) return http::problem(req, body.error());
      return call(req, who, *body);
    });
  };
  auto list = [](Request& req, const auto& result) {
    if (!result) return http::problem(req, result.error());
    std::vector<core::Json> out;
    for (const auto& x : *result) out.push_back(to_json(x));
    return items(out);
  };

  // Posts and patterns.
  router.add("GET", "/api/v1/guard/posts",
             guard.api(kReaders, [&d, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto facility = http::query_id(req, "facility_id", errors);
               auto p = paging(req, errors);
               if (!p) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, d.posts(who, facility, p->after, p->limit), json);
             }));
  router.add("POST", "/api/v1/guard/posts",
             body_call(kPlanners, [&d, json](Request& req, const Principal& who, auto& body) {
               return http::created(req, d.create_post(who, auth::actor(req, who), body), json,
                                    "/api/v1/guard/posts");
             }));
  router.add("GET", "/api/v1/guard/posts/{id:id}",
             guard.api(kReaders, [&d, json](Request& req, const Principal& who) {
               return http::reply(req, d.post(who, req.id()), json);
             }));
  router.add("PATCH", "/api/v1/guard/posts/{id:id}",
             body_call(kPlanners, [&d, json](Request& req, const Principal& who, auto& body) {
               return http::reply(req, d.update_post(who, auth::actor(req, who), req.id(), body),
                                  json);
             }));
  router.add("GET", "/api/v1/guard/posts/{id:id}/patterns",
             guard.api(kReaders, [&d, list](Request& req, const Principal& who) {
               return list(req, d.patterns(who, req.id()));
             }));
  router.add("POST", "/api/v1/guard/posts/{id:id}/patterns",
             body_call(kPlanners, [&d, json](Request& req, const Principal& who, auto& body) {
               return http::reply(req, d.add_pattern(who, auth::actor(req, who), req.id(), body),
                                  json, 201);
             }));

  // Units assigned to facilities.
  router.add("GET", "/api/v1/guard/facilities/{id:id}/units",
             guard.api(kReaders, [&d, list](Request& req, const Principal& who) {
               return list(req, d.facility_units(who, req.id()));
             }));
  router.add("POST", "/api/v1/guard/facilities/{id:id}/units",
             body_call(kPlanners, [&d, json](Request& req, const Principal& who, auto& body) {
               return http::reply(req, d.assign_unit(who, auth::actor(req, who), req.id(), body),
                                  json, 201);
             }));
  router.add("DELETE", "/api/v1/guard/facilities/{id:id}/units/{unit:id}",
             guard.api(kPlanners, [&d](Request& req, const Principal& who) {
               return http::reply(
                   req, d.unassign_unit(who, auth::actor(req, who), req.id(), req.id("unit")));
             }));

  // Rosters.
  router.add("POST", "/api/v1/guard/rosters",
             body_call(kPlanners, [&d, json](Request& req, const Principal& who, auto& body) {
               auto r = d.request_roster(who, auth::actor(req, who), body);
               if (!r) return http::problem(req, r.error());
               auto res = Response::json(to_json(*r), 202);
               res.header("Location", "/api/v1/guard/rosters/" + std::to_string(r->id));
               return res;
             }));
  router.add("GET", "/api/v1/guard/rosters",
             guard.api(kReaders, [&d, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto p = paging(req, errors);
               if (!p) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, d.rosters(who, p->after, p->limit), json);
             }));
  router.add("GET", "/api/v1/guard/rosters/{id:id}",
             guard.api(kReaders, [&d, json](Request& req, const Principal& who) {
               return http::reply(req, d.roster(who, req.id()), json);
             }));
  router.add("POST", "/api/v1/guard/rosters/{id:id}/cancel",
             guard.api(kPlanners, [&d, json](Request& req, const Principal& who) {
               return http::reply(req, d.cancel_roster(who, auth::actor(req, who), req.id()), json);
             }));
  router.add("POST", "/api/v1/guard/rosters/{id:id}/publish",
             guard.api(kPlanners, [&d, json](Request& req, const Principal& who) {
               return http::reply(req, d.publish(who, auth::actor(req, who), req.id()), json);
             }));
  router.add("GET", "/api/v1/guard/rosters/{id:id}/versions",
             guard.api(kReaders, [&d, list](Request& req, const Principal& who) {
               return list(req, d.versions(who, req.id()));
             }));

  // The shifts of a version (JSON or CSV), of one post and from a date for some days.
  auto read_view =
      [&d](Request& req, const Principal& who,
           std::vector<core::FieldError>& errors) -> std::optional<core::Result<RosterView>> {
    auto version = http::query_int(req, "version", errors, 1, 1'000'000);
    auto post = http::query_id(req, "post_id", errors);
    auto from = query_day(req, "from", errors);
    auto days = http::query_int(req, "days", errors, 1, 62);
    if (!errors.empty()) return std::nullopt;
    std::optional<std::int64_t> start, end;
    if (from) {
      start = local_instant(d.settings().zone, *from, 0);
      end = local_instant(d.settings().zone, *from + int(days.value_or(7)), 0);
    }
    return d.view(who, req.id(), version ? std::optional<int>(int(*version)) : std::nullopt, post,
                  start, end);
  };
  router.add("GET", "/api/v1/guard/rosters/{id:id}/shifts",
             guard.api(kReaders, [read_view, zone](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto v = read_view(req, who, errors);
               if (!v) return http::invalid_query(req, std::move(errors));
               if (!*v) return http::problem(req, v->error());
               return Response::json(to_json(**v, zone));
             }));
  router.add("GET", "/api/v1/guard/rosters/{id:id}/roster.csv",
             guard.api(kReaders, [read_view, zone](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto v = read_view(req, who, errors);
               if (!v) return http::invalid_query(req, std::move(errors));
               if (!*v) return http::problem(req, v->error());
               auto res = Response::text(roster_csv(**v, zone), "text/csv; charset=utf-8");
               res.header("Content-Disposition",
                          "attachment; filename=\"roster-" + std::to_string(req.id()) + ".csv\"");
               return res;
             }));
  // The printed week: ?week=YYYY-MM-DD&post_id=N or &unit_id=N, lang kk|ru|en.
  router.add("GET", "/api/v1/guard/rosters/{id:id}/print",
             guard.api(kReaders, [&d, zone](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto lang = http::query_enum(req, "lang", {"kk", "ru", "en"}, errors).value_or("ru");
               auto week = query_day(req, "week", errors);
               auto post = http::query_id(req, "post_id", errors);
               auto unit = http::query_id(req, "unit_id", errors);
               if (!week && errors.empty()) errors.push_back({"week", "the week's first date"});
               if (!post == !unit && errors.empty())
                 errors.push_back({"post_id", "give post_id or unit_id"});
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               auto v = d.view(who, req.id(), std::nullopt, post, local_instant(zone, *week, 0),
                               local_instant(zone, *week + 7, 0));
               if (!v) return http::problem(req, v.error());
               std::string html;
               if (post) {
                 auto p = d.post(who, *post);
                 if (!p) return http::problem(req, p.error());
                 html = print_post_week(*v, *p, *week, zone, lang);
               } else {
                 auto members = d.unit_members(who, *unit);
                 if (!members) return http::problem(req, members.error());
                 html = print_unit_week(*v, members->first, members->second, *week, zone, lang);
               }
               auto res = Response::html(std::move(html));
               res.header("Content-Security-Policy", kPrintPolicy);
               return res;
             }));

  // Changes.
  router.add("GET", "/api/v1/guard/rosters/{id:id}/replacements",
             guard.api(kChangers, [&d, list](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto shift = http::query_id(req, "shift_id", errors);
               auto person = http::query_id(req, "person_id", errors);
               if (!shift) errors.push_back({"shift_id", "required"});
               if (!person) errors.push_back({"person_id", "required"});
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return list(req, d.replacements(who, req.id(), *shift, *person));
             }));
  router.add("POST", "/api/v1/guard/rosters/{id:id}/replacements",
             body_call(kChangers, [&d, json](Request& req, const Principal& who, auto& body) {
               return http::reply(req, d.replace(who, auth::actor(req, who), req.id(), body), json,
                                  201);
             }));
  router.add("POST", "/api/v1/guard/rosters/{id:id}/swaps",
             body_call(kChangers, [&d, json](Request& req, const Principal& who, auto& body) {
               return http::reply(req, d.swap(who, auth::actor(req, who), req.id(), body), json,
                                  201);
             }));

  // A person's duties and calendar.
  auto period = [](Request& req, std::vector<core::FieldError>& errors,
                   const std::string& zone_) -> std::pair<std::int64_t, std::int64_t> {
    auto from = query_day(req, "from", errors);
    auto days = http::query_int(req, "days", errors, 1, 400);
    const core::Timestamp start =
        from ? local_instant(zone_, *from, 0) : core::now_us() - 7 * 24 * kHour;
    return {start, start + days.value_or(from ? 31 : 62) * 24 * kHour};
  };
  router.add("GET", "/api/v1/guard/duties",
             guard.api(kPeople, [&d, period, zone](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto person = http::query_id(req, "person_id", errors);
               auto [from, to] = period(req, errors, zone);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               auto r = d.duties(who, person, from, to);
               if (!r) return http::problem(req, r.error());
               core::Json out = core::Json::array();
               for (const auto& x : *r) out.push_back(to_json(x, zone));
               return Response::json({{"items", out}});
             }));
  auto ics = [](Request& req, const core::Result<std::vector<Duty>>& r) {
    if (!r) return http::problem(req, r.error());
    auto res = Response::text(duties_ics(*r, "qorgan"), "text/calendar; charset=utf-8");
    res.header("Cache-Control", "private, no-store");
    return res;
  };
  router.add("GET", "/api/v1/guard/duties.ics",
             guard.api(kPeople, [&d, period, zone, ics](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto [from, to] = period(req, errors, zone);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return ics(req, d.duties(who, std::nullopt, from, to));
             }));
  router.add("POST", "/api/v1/guard/calendar-token",
             guard.api(kPeople, [&d](Request& req, const Principal& who) {
               auto token = d.calendar_token(who, auth::actor(req, who));
               if (!token) return http::problem(req, token.error());
               return Response::json(
                   {{"token", *token}, {"path", "/api/v1/guard/calendar/" + *token + ".ics"}}, 201);
             }));
  // Sick reports and swap requests: people's own, decided by the other person or a commander.
  auto zoned = [zone](Request& req, const auto& result, int status = 200) {
    if (!result) return http::problem(req, result.error());
    if constexpr (requires { result->begin(); }) {
      core::Json out = core::Json::array();
      for (const auto& x : *result) out.push_back(to_json(x, zone));
      return Response::json({{"items", out}});
    } else {
      return Response::json(to_json(*result, zone), status);
    }
  };
  router.add("POST", "/api/v1/guard/sick-reports",
             body_call(kPeople, [&d, zoned](Request& req, const Principal& who, auto& body) {
               return zoned(req, d.report_sick(who, auth::actor(req, who), body), 201);
             }));
  router.add("GET", "/api/v1/guard/sick-reports",
             guard.api(kPeople, [&d, zoned](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto from = query_day(req, "from", errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               const std::string since =
                   from ? core::format_date(date_of(*from)) : core::today_utc();
               return zoned(req, d.sick_reports(who, since));
             }));
  router.add("POST", "/api/v1/guard/sick-reports/{id:id}/withdraw",
             body_call(kPeople, [&d, zoned](Request& req, const Principal& who, auto& body) {
               return zoned(req, d.close_sick(who, auth::actor(req, who), req.id(), body));
             }));
  router.add("POST", "/api/v1/guard/swap-requests",
             body_call(kPeople, [&d, zoned](Request& req, const Principal& who, auto& body) {
               return zoned(req, d.request_swap(who, auth::actor(req, who), body), 201);
             }));
  router.add("GET", "/api/v1/guard/swap-requests",
             guard.api(kPeople, [&d, zoned](Request& req, const Principal& who) {
               return zoned(req, d.swap_requests(who, req.query_param("status").value_or("")));
             }));
  router.add("GET", "/api/v1/guard/rosters/{id:id}/swap-choices",
             guard.api(kPeople, [&d, zoned](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto shift = http::query_id(req, "shift_id", errors);
               if (!shift) errors.push_back({"shift_id", "is required"});
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               return zoned(req, d.swap_choices(who, req.id(), *shift));
             }));
  for (const bool approve : {true, false})
    router.add(
        "POST",
        std::string("/api/v1/guard/swap-requests/{id:id}/") + (approve ? "approve" : "decline"),
        body_call(kPeople, [&d, zoned, approve](Request& req, const Principal& who, auto& body) {
          return zoned(req, d.decide_swap(who, auth::actor(req, who), req.id(), approve, body));
        }));

  // No account: the secret token in the address is the credential (a calendar app cannot sign
  // in); a wrong token is the same 404 as an unknown address.
  router.add("GET", "/api/v1/guard/calendar/{token}", [&d, period, zone, ics](Request& req) {
    std::string token = req.params["token"];
    if (!token.ends_with(".ics"))
      return http::problem(req, core::Error::not_found("No calendar has this address."));
    token.resize(token.size() - 4);
    std::vector<core::FieldError> errors;
    auto [from, to] = period(req, errors, zone);
    if (!errors.empty()) return http::invalid_query(req, std::move(errors));
    return ics(req, d.duties_by_token(token, from, to));
  });
}

}  // namespace qorgan::guard
