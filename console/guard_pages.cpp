// Guarding in the console (/console/guard): the posts with their shift patterns, the rosters with
// their state and fill, and a form to generate one; a roster (…/rosters/{id}): the fill against
// its bound and the gap between them, the empty slots by reason, the grid of one post for one
// week, publishing, and a guard's replacement (ranked candidates that keep every rule, one button
// each). Every word goes through tr(); everything through guard/duties.hpp.
#include <set>

#include "console/pages.hpp"
#ifdef QORGAN_WITH_EVAC_WEB
#include "evac/web/evac_service.hpp"
#endif
#include "core/time.hpp"
#include "guard/access.hpp"
#include "guard/duties.hpp"
#include "guard/duty_json.hpp"

namespace qorgan::console {

using auth::Role;
using http::Request;
using http::Response;
using view::Data;
using view::list;
using view::object;

namespace {

std::string reason_text(const std::string& r) {
  if (r == "no_skill") return tr("nobody with the skills and eligibility");
  if (r == "nobody_available") return tr("everyone qualified is absent");
  if (r == "rest_limit") return tr("everyone is on duty or within the rest limit");
  if (r == "weekly_hours_limit") return tr("everyone is at the weekly hours limit");
  if (r == "all_assigned") return tr("everyone is at another post");
  return r;
}

std::string status_text(const std::string& s) {
  if (s == "queued") return tr("queued");
  if (s == "running") return tr("running");
  if (s == "done") return tr("done");
  if (s == "failed") return tr("failed");
  if (s == "cancelled") return tr("cancelled");
  if (s == "draft") return tr("draft");
  if (s == "published") return tr("published");
  return s;
}

std::string num(const core::Json& j, const char* key) {
  auto v = j.is_object() ? j.value(key, core::Json()) : core::Json();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return fmt::format("{:.1f}", v.get<double>());
  return "–";
}

guard::Day today_day() {
  return guard::day_of(*core::parse_date(core::today_utc()));
}

}  // namespace

void mount_guard_pages(http::Router& router, Context& c) {
  auto& g = *c.guard_duties;
  router.add(
      "GET", "/console/guard",
      page(c, guard::kReaders, [&c, &g](Request& req, const Principal& who, const Form&) {
        auto posts = g.posts(who, std::nullopt, std::nullopt, 200);
        if (!posts) return error_page(c, req, who, posts.error());
        auto rosters = g.rosters(who, std::nullopt, 50);
        if (!rosters) return error_page(c, req, who, rosters.error());
        auto d = base_data(c, req, &who, tr("Guard duty"), "guard");
        Data ps = list();
        for (const auto& p : posts->items) {
          Data o = object();
          o.set("id", std::to_string(p.id));
          o.set("name", p.name);
          auto f = c.registry.facilities.get(who, p.facility_id);
          o.set("facility", f ? f->name : "#" + std::to_string(p.facility_id));
          o.set("guards", std::to_string(p.min_guards) + "–" + std::to_string(p.target_guards));
          std::string skills;
          for (const auto& s : p.skills) skills += (skills.empty() ? "" : ", ") + s;
          o.set("skills", skills);
          std::string patterns;
          if (auto pats = g.patterns(who, p.id))
            for (const auto& pat : *pats) {
              std::string shifts;
              for (const auto& s : pat.shifts)
                shifts += (shifts.empty() ? "" : ", ") + guard::format_hhmm(s.start_minute) + "–" +
                          guard::format_hhmm(s.start_minute + s.minutes);
              patterns += (patterns.empty() ? "" : "; ") + pat.valid_from + ": " + shifts;
            }
          o.set("patterns", patterns);
          o.set("active", p.active_from + " – " + p.active_to.value_or(""));
          ps.push_back(o);
        }
        d.set("posts", ps);
        d.set("no_posts", posts->items.empty());
        Data rs = list();
        for (const auto& r : rosters->items) {
          Data o = object();
          o.set("id", std::to_string(r.id));
          o.set("from", r.from_date);
          o.set("days", std::to_string(r.days));
          o.set("status", status_text(r.status) + (r.status == guard::kRunning
                                                       ? fmt::format(" {:.0f} %", r.progress * 100)
                                                       : ""));
          o.set("state", r.status == guard::kDone ? status_text(r.state) : "");
          o.set("filled", num(r.summary, "filled_min") + " / " + num(r.summary, "slots_min"));
          o.set("gap", num(r.summary, "gap_min"));
          rs.push_back(o);
        }
        d.set("rosters", rs);
        d.set("no_rosters", rosters->items.empty());
        d.set("can_plan", who.in(guard::kPlanners));
        // The stored road networks a roster may measure travel along (the newest first).
        Data networks = list();
        bool any_network = false;
#ifdef QORGAN_WITH_EVAC_WEB
        if (c.evac && who.in(guard::kPlanners))
          if (auto p = core::parse_list_params({"200", {}, "-id", {}},
                                               evac::web::Service::network_sorts()))
            if (auto ns = c.evac->list_networks(who, *p))
              for (const auto& n : ns->items) {
                Data o = object();
                o.set("id", std::to_string(n.id));
                o.set("name", n.name + " (" + tr(n.profile) + ")");
                networks.push_back(o);
                any_network = true;
              }
#endif
        d.set("has_networks", any_network);
        d.set("networks", networks);
        // People's sick reports with the shifts that want a replacement, and the swaps they
        // asked for, from ?from= (today by default).
        auto since = core::parse_date(req.query_param("from").value_or(core::today_utc()));
        if (!since) since = core::parse_date(core::today_utc());
        d.set("since", core::format_date(*since));
        const bool can_change = who.in(guard::kChangers);
        auto reports = g.sick_reports(who, core::format_date(*since));
        if (!reports) return error_page(c, req, who, reports.error());
        Data sick = list();
        const std::string today = guard::format_local(core::now_us(), c.time_zone).substr(0, 10);
        for (const auto& r : *reports) {
          Data o = object();
          o.set("id", std::to_string(r.id));
          o.set("status", r.status == guard::kFiled ? std::string() : tr("report " + r.status));
          o.set("can_cancel", can_change && r.status == guard::kFiled && r.to_date >= today &&
                                  r.person_id != who.person_id.value_or(0));
          o.set("name", r.name);
          o.set("from", r.from_date);
          o.set("to", r.to_date);
          o.set("note", r.note);
          Data shifts = list();
          for (const auto& x : r.duties) {
            Data s_ = object();
            s_.set("roster", std::to_string(x.roster_id));
            s_.set("shift", std::to_string(x.shift_id));
            s_.set("person", std::to_string(r.person_id));
            s_.set("label", guard::format_local(x.starts_at, c.time_zone) + " · " + x.post_name);
            s_.set("can_change", can_change);
            shifts.push_back(s_);
          }
          o.set("shifts", shifts);
          sick.push_back(o);
        }
        d.set("sick", sick);
        d.set("no_sick", reports->empty());
        auto requests = g.swap_requests(who, guard::kPending);
        if (!requests) return error_page(c, req, who, requests.error());
        Data swaps = list();
        for (const auto& q : *requests) {
          Data o = object();
          o.set("id", std::to_string(q.id));
          o.set("first", q.first_name + ", " + guard::format_local(q.first_starts_at, c.time_zone) +
                             " · " + q.first_post);
          o.set("second", q.second_name + ", " +
                              guard::format_local(q.second_starts_at, c.time_zone) + " · " +
                              q.second_post);
          o.set("reason", q.reason);
          o.set("can_decide", can_change);
          swaps.push_back(o);
        }
        d.set("swaps", swaps);
        d.set("no_swaps", requests->empty());
        d.set("next_monday",
              core::format_date(guard::date_of(today_day() + 7 - (today_day() + 3) % 7)));
        return render(c, "console/guard", d);
      }));

  router.add(
      "POST", "/console/guard/rosters",
      page(c, guard::kPlanners, [&c, &g](Request& req, const Principal& who, const Form& form) {
        core::Json body{{"from", form_value(form, "from")}, {"solver", "fast"}};
        if (auto n = form_value(form, "network_id"); !n.empty()) {
          try {
            body["network_id"] = std::stoll(n);
          } catch (...) {
            body["network_id"] = n;
          }
        }
        try {
          body["days"] = std::stoi(form_value(form, "days"));
        } catch (...) {
          body["days"] = form_value(form, "days");
        }
        auto r = g.request_roster(who, auth::actor(req, who), body);
        if (!r) return error_page(c, req, who, r.error());
        return Response::redirect("/console/guard/rosters/" + std::to_string(r->id), 303);
      }));

  router.add(
      "GET", "/console/guard/rosters/{id:id}",
      page(c, guard::kReaders, [&c, &g](Request& req, const Principal& who, const Form&) {
        auto r = g.roster(who, req.id());
        if (!r) return error_page(c, req, who, r.error());
        auto d = base_data(c, req, &who, tr("Roster") + " " + std::to_string(r->id), "guard");
        d.set("id", std::to_string(r->id));
        d.set("from", r->from_date);
        d.set("days", std::to_string(r->days));
        d.set("status", status_text(r->status));
        d.set("state", status_text(r->state));
        d.set("version", std::to_string(r->version));
        d.set("error", r->error.value_or(""));
        d.set("has_error", r->error.has_value());
        const bool done = r->status == guard::kDone;
        d.set("done", done);
        d.set("waiting", r->status == guard::kQueued || r->status == guard::kRunning);
        d.set("progress", fmt::format("{:.0f}", r->progress * 100));
        d.set("can_publish", done && r->state == "draft" && who.in(guard::kPlanners));
        d.set("can_cancel", !done && who.in(guard::kPlanners));
        d.set("can_change", done && who.in(guard::kChangers));
        const auto& s = r->summary;
        for (const char* k :
             {"filled_min", "slots_min", "fill_bound_min", "gap_min", "filled", "slots",
              "fill_bound", "gap", "km", "people_on_duty", "hours_min", "hours_max", "hours_mean"})
          d.set(k, num(s, k));
        if (s.is_object() && s.value("distance", "") == "road")
          d.set("km_how",
                trf("along the roads of network {}; {} distances off it in a straight line",
                    num(s, "road_network_id"), num(s, "straight_line_fallbacks")));
        else if (done)
          d.set("km_how", tr("in a straight line"));
        Data reasons = list();
        bool any_reason = false;
        const core::Json unfilled =
            s.is_object() ? s.value("unfilled", core::Json::object()) : core::Json::object();
        for (const auto& [reason, n] : unfilled.items()) {
          Data o = object();
          o.set("reason", reason_text(reason));
          o.set("count", std::to_string(n.get<long long>()));
          reasons.push_back(o);
          any_reason = true;
        }
        d.set("reasons", reasons);
        d.set("all_filled", done && !any_reason);
        if (!done) return render(c, "console/guard_roster", d);

        // The grid: one post, one week.
        std::vector<core::FieldError> errors;
        auto post_id = http::query_id(req, "post", errors);
        auto start = core::parse_date(req.query_param("week").value_or(r->from_date));
        if (!start) start = core::parse_date(r->from_date);
        const guard::Day week = guard::day_of(*start);
        auto all = g.view(who, r->id, std::nullopt, std::nullopt, std::nullopt, std::nullopt);
        if (!all) return error_page(c, req, who, all.error());
        std::set<std::int64_t> post_ids;
        for (const auto& x : all->shifts) post_ids.insert(x.post_id);
        if (!post_id && !post_ids.empty()) post_id = *post_ids.begin();
        Data posts = list();
        for (auto id : post_ids) {
          Data o = object();
          o.set("id", std::to_string(id));
          o.set("name", all->posts.count(id) ? all->posts.at(id).name : "#" + std::to_string(id));
          o.set("selected", post_id && id == *post_id);
          posts.push_back(o);
        }
        d.set("posts", posts);
        d.set("week", core::format_date(guard::date_of(week)));
        d.set("prev_week", core::format_date(guard::date_of(week - 7)));
        d.set("next_week", core::format_date(guard::date_of(week + 7)));
        d.set("post", post_id ? std::to_string(*post_id) : "");
        std::vector<std::string> starts;
        for (const auto& x : all->shifts)
          if (post_id && x.post_id == *post_id) {
            auto t = guard::format_local(x.starts_at, c.time_zone).substr(11, 5);
            if (std::ranges::find(starts, t) == starts.end()) starts.push_back(t);
          }
        std::ranges::sort(starts);
        Data heads = list();
        for (const auto& t : starts) {
          Data o = object();
          o.set("time", t);
          heads.push_back(o);
        }
        d.set("starts", heads);
        Data rows = list();
        for (guard::Day day = week; day < week + 7; ++day) {
          const std::string date = core::format_date(guard::date_of(day));
          Data row = object();
          row.set("date", date);
          Data cells = list();
          for (const auto& t : starts) {
            Data cell = object();
            const guard::RosterShift* shift = nullptr;
            for (const auto& x : all->shifts)
              if (x.post_id == *post_id && x.day == date &&
                  guard::format_local(x.starts_at, c.time_zone).substr(11, 5) == t)
                shift = &x;
            cell.set("any", shift != nullptr);
            if (shift) {
              Data guards = list();
              for (auto p : shift->guards) {
                Data o = object();
                o.set("person", std::to_string(p));
                o.set("name", all->names.count(p) ? all->names.at(p) : "#" + std::to_string(p));
                o.set("shift", std::to_string(shift->id));
                guards.push_back(o);
              }
              cell.set("guards", guards);
              const int missing = shift->target_guards - int(shift->guards.size());
              cell.set("missing", missing > 0);
              cell.set("missing_count", std::to_string(std::max(0, missing)));
              cell.set("reason", shift->reason && missing > 0 ? reason_text(*shift->reason) : "");
            }
            cells.push_back(cell);
          }
          row.set("cells", cells);
          rows.push_back(row);
        }
        d.set("rows", rows);
        return render(c, "console/guard_roster", d);
      }));

  router.add("POST", "/console/guard/rosters/{id:id}/publish",
             page(c, guard::kPlanners, [&c, &g](Request& req, const Principal& who, const Form&) {
               auto r = g.publish(who, auth::actor(req, who), req.id());
               if (!r) return error_page(c, req, who, r.error());
               return Response::redirect("/console/guard/rosters/" + std::to_string(req.id()), 303);
             }));
  router.add("POST", "/console/guard/rosters/{id:id}/cancel",
             page(c, guard::kPlanners, [&c, &g](Request& req, const Principal& who, const Form&) {
               auto r = g.cancel_roster(who, auth::actor(req, who), req.id());
               if (!r) return error_page(c, req, who, r.error());
               return Response::redirect("/console/guard/rosters/" + std::to_string(req.id()), 303);
             }));

  // A guard who cannot serve: the ranked replacements, one button each.
  router.add("GET", "/console/guard/rosters/{id:id}/replace",
             page(c, guard::kChangers, [&c, &g](Request& req, const Principal& who, const Form&) {
               std::vector<core::FieldError> errors;
               auto shift = http::query_id(req, "shift", errors);
               auto person = http::query_id(req, "person", errors);
               if (!shift || !person)
                 return error_page(c, req, who, core::Error::invalid("Choose a guard on a shift."));
               auto list_ = g.replacements(who, req.id(), *shift, *person);
               if (!list_) return error_page(c, req, who, list_.error());
               auto d = base_data(c, req, &who, tr("Replacement"), "guard");
               d.set("roster", std::to_string(req.id()));
               d.set("shift", std::to_string(*shift));
               d.set("person", std::to_string(*person));
               d.set("name", g.person_name(*person));
               Data cs = list();
               for (const auto& x : *list_) {
                 Data o = object();
                 o.set("candidate", std::to_string(x.person_id));
                 o.set("name", x.name);
                 o.set("km", fmt::format("{:.1f}", x.km));
                 o.set("hours", fmt::format("{:.0f}", x.hours_week));
                 cs.push_back(o);
               }
               d.set("candidates", cs);
               d.set("none", list_->empty());
               return render(c, "console/guard_replace", d);
             }));
  router.add(
      "POST", "/console/guard/rosters/{id:id}/replace",
      page(c, guard::kChangers, [&c, &g](Request& req, const Principal& who, const Form& form) {
        core::Json body;
        try {
          body = {{"shift_id", std::stoll(form_value(form, "shift"))},
                  {"person_id", std::stoll(form_value(form, "person"))},
                  {"replacement_id", std::stoll(form_value(form, "replacement"))},
                  {"reason", form_value(form, "reason")}};
        } catch (...) {
          return error_page(c, req, who, core::Error::invalid("Choose a replacement."));
        }
        auto r = g.replace(who, auth::actor(req, who), req.id(), body);
        if (!r) return error_page(c, req, who, r.error());
        return Response::redirect("/console/guard/rosters/" + std::to_string(req.id()), 303);
      }));
}

}  // namespace qorgan::console
