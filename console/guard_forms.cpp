// Guarding's console forms: a post made and changed, a shift pattern added to a post, two
// guards' shifts swapped; and a person's own page (/console/guard/mine): their duties, their sick
// report, the swaps they ask for and those they are asked to approve. Each works without
// JavaScript: GET shows the form, POST gives its fields to the same service call as the API
// (guard/duties.hpp) under the same roles, then goes back to the guard pages, or shows the form
// again with the service's problems next to their fields and nothing stored.
#include <charconv>
#include <regex>

#include "console/service_forms.hpp"
#include "core/text.hpp"
#include "guard/access.hpp"
#include "guard/duties.hpp"
#include "guard/duty_json.hpp"

namespace qorgan::console {

using http::Request;
using http::Response;

namespace {

// A refusal goes back to the form; anything else (a record gone, a role) is its error page.
bool shown_on_form(const core::Error& e) {
  return e.code == core::ErrorCode::invalid || e.code == core::ErrorCode::conflict;
}

// "armed_guard, first_aid" (or one a line) → ["armed_guard", "first_aid"].
core::Json skills_of(const std::string& typed) {
  core::Json out = core::Json::array();
  std::string one;
  for (char ch : typed + ",") {
    if (ch == ',' || ch == '\n' || ch == ';') {
      if (auto s = core::trim(one); !s.empty()) out.push_back(s);
      one.clear();
    } else {
      one += ch;
    }
  }
  return out;
}

// A pattern as typed: "3x8@06:00", "day@09:00-18:00", or shifts of one's own, one a line
// ("22:00 10": start and hours). Lines that do not read so are sent as typed, so that the
// service names the problem.
core::Json shifts_of(const std::string& typed) {
  static const std::regex line(R"(^\s*(\d{1,2}:\d{2})\s+(\d+(?:[.,]\d+)?)\s*$)");
  const std::string text = core::trim(typed);
  if (text.find(' ') == std::string::npos) return text;
  core::Json out = core::Json::array();
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    std::string one =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text.size() + 1 : end + 1;
    if (core::trim(one).empty()) continue;
    std::smatch m;
    if (!std::regex_match(one, m, line)) return text;
    std::string hours = m[2];
    std::ranges::replace(hours, ',', '.');
    out.push_back({{"start", m[1].str()}, {"hours", std::stod(hours)}});
  }
  return out;
}

std::vector<Field> post_fields(Context& c) {
  Field facility{"facility_id", "Facility", FieldKind::select, true};
  facility.numeric_value = true;
  facility.on_update = false;
  facility.options_fn = [&c](const Principal& who) {
    std::vector<Option> out;
    auto p = core::ListParams::first(registry::Facilities::sorts(), 500);
    if (auto list = c.registry.facilities.list(who, {}, p))
      for (const auto& f : list->items) out.push_back({std::to_string(f.id), f.name});
    return out;
  };
  Field skills{"skills", "Skills", FieldKind::text, false,
               "Skills of the registry that every guard of the post holds, separated by commas."};
  skills.encode = skills_of;
  Field sex{"sex", "Guards' sex", FieldKind::select, false, "Only where the post needs it."};
  sex.options = {{"M", "Men only"}, {"F", "Women only"}};
  return {facility,
          {"name", "Name", FieldKind::text, true},
          {"min_guards", "Guards per shift, at least", FieldKind::integer, true},
          {"target_guards", "Guards per shift, wanted", FieldKind::integer, false,
           "As many as at least when left empty."},
          skills,
          sex,
          {"min_age", "Minimum age", FieldKind::integer, false},
          {"lat", "Latitude", FieldKind::number, false, "The facility's location when left empty."},
          {"lon", "Longitude", FieldKind::number, false},
          {"active_from", "Active from", FieldKind::date, true, "YYYY-MM-DD"},
          {"active_to", "Active until", FieldKind::date, false, "YYYY-MM-DD; open when empty."}};
}

std::vector<Field> pattern_fields() {
  Field shifts{"shifts", "Shifts", FieldKind::textarea, true,
               "For example 3x8@06:00 (three shifts of 8 hours from 06:00), 2x12@08:00, or shifts "
               "of your own, one a line: start and hours (22:00 10)."};
  shifts.encode = shifts_of;
  return {shifts, {"valid_from", "Valid from", FieldKind::date, true, "YYYY-MM-DD"}};
}

// A positive id as typed, else 0 (which no record has).
std::int64_t id_of(const std::string& s) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  return ec == std::errc() && p == s.data() + s.size() && id > 0 ? id : 0;
}

std::string shift_label(const Context& c, const guard::RosterView& v, const guard::RosterShift& s) {
  auto post = v.posts.find(s.post_id);
  return guard::format_local(s.starts_at, c.time_zone) + " · " +
         (post == v.posts.end() ? "#" + std::to_string(s.post_id) : post->second.name);
}

}  // namespace

void mount_guard_forms(http::Router& router, Context& c) {
  auto& g = *c.guard_duties;
  const std::string back = "/console/guard";

  router.add("GET", "/console/guard/posts/new",
             page(c, guard::kPlanners, [&c, back](Request& req, const Principal& who, const Form&) {
               FormView v{"guard", "New guard post", "Add the post", back, post_fields(c)};
               return show_form(
                   c, req, who, v, [](const std::string&) { return std::string(); }, nullptr);
             }));
  router.add("POST", "/console/guard/posts/new",
             page(c, guard::kPlanners,
                  [&c, &g, back](Request& req, const Principal& who, const Form& form) {
                    FormView v{"guard", "New guard post", "Add the post", back, post_fields(c)};
                    auto p = g.create_post(who, auth::actor(req, who),
                                           form_to_json(v.fields, form, true));
                    if (p) return Response::redirect(back, 303);
                    if (!shown_on_form(p.error())) return error_page(c, req, who, p.error());
                    return show_form(
                        c, req, who, v, [&](const std::string& n) { return form_value(form, n); },
                        &p.error());
                  }));

  router.add(
      "GET", "/console/guard/posts/{id:id}/edit",
      page(c, guard::kPlanners, [&c, &g, back](Request& req, const Principal& who, const Form&) {
        auto p = g.post(who, req.id());
        if (!p) return error_page(c, req, who, p.error());
        FormView v{"guard", "Change the guard post", "Save the post", back, post_fields(c), {},
                   false};
        const core::Json values = guard::to_json(*p);
        return show_form(
            c, req, who, v, [&](const std::string& n) { return json_text(values, n); }, nullptr);
      }));
  router.add("POST", "/console/guard/posts/{id:id}/edit",
             page(c, guard::kPlanners,
                  [&c, &g, back](Request& req, const Principal& who, const Form& form) {
                    FormView v{"guard", "Change the guard post", "Save the post",
                               back,    post_fields(c),          {},
                               false};
                    auto p = g.update_post(who, auth::actor(req, who), req.id(),
                                           form_to_json(v.fields, form, false));
                    if (p) return Response::redirect(back, 303);
                    if (!shown_on_form(p.error())) return error_page(c, req, who, p.error());
                    return show_form(
                        c, req, who, v, [&](const std::string& n) { return form_value(form, n); },
                        &p.error());
                  }));

  router.add(
      "GET", "/console/guard/posts/{id:id}/patterns/new",
      page(c, guard::kPlanners, [&c, &g, back](Request& req, const Principal& who, const Form&) {
        auto p = g.post(who, req.id());
        if (!p) return error_page(c, req, who, p.error());
        FormView v{"guard", "New shift pattern", "Add the pattern", back, pattern_fields()};
        v.title = tr("New shift pattern") + ": " + p->name;
        return show_form(
            c, req, who, v, [](const std::string&) { return std::string(); }, nullptr);
      }));
  router.add(
      "POST", "/console/guard/posts/{id:id}/patterns/new",
      page(c, guard::kPlanners,
           [&c, &g, back](Request& req, const Principal& who, const Form& form) {
             FormView v{"guard", "New shift pattern", "Add the pattern", back, pattern_fields()};
             auto p = g.add_pattern(who, auth::actor(req, who), req.id(),
                                    form_to_json(v.fields, form, true));
             if (p) return Response::redirect(back, 303);
             if (!shown_on_form(p.error())) return error_page(c, req, who, p.error());
             if (auto post = g.post(who, req.id()))
               v.title = tr("New shift pattern") + ": " + post->name;
             return show_form(
                 c, req, who, v, [&](const std::string& n) { return form_value(form, n); },
                 &p.error());
           }));

  // A swap starts from one guard on one shift (?shift=&person=, the grid's link) and offers the
  // guards of the roster's shifts within a week either side.
  auto swap_view = [&c, &g](const Request& req, const Principal& who, std::int64_t shift,
                            std::int64_t person) -> core::Result<FormView> {
    auto v = g.view(who, req.id(), std::nullopt, std::nullopt, std::nullopt, std::nullopt);
    if (!v) return core::fail(v.error());
    auto first = std::ranges::find(v->shifts, shift, &guard::RosterShift::id);
    if (first == v->shifts.end() || std::ranges::find(first->guards, person) == first->guards.end())
      return core::fail(core::Error::not_found("The guard is not on this shift of the roster."));
    const std::int64_t week = std::int64_t{7} * 24 * 3600 * 1000000;
    Field second{"second", "Swap with", FieldKind::select, true,
                 "The other guard takes this shift and this guard takes theirs."};
    for (const auto& s : v->shifts)
      if (s.id != shift && std::abs(s.starts_at - first->starts_at) <= week)
        for (auto p : s.guards)
          if (p != person)
            second.options.push_back({std::to_string(s.id) + ":" + std::to_string(p),
                                      shift_label(c, *v, s) + " — " + v->names[p]});
    FormView out{"guard", "Swap shifts", "Swap the shifts",
                 "/console/guard/rosters/" + std::to_string(req.id())};
    out.title = tr("Swap shifts") + ": " + v->names[person] + ", " + shift_label(c, *v, *first);
    out.fields = {second, {"reason", "Reason", FieldKind::textarea, true}};
    out.hidden = {"shift", "person"};
    // The choices are records, not words: their labels stay as they are.
    out.fields[0].options_fn = [opts = second.options](const Principal&) { return opts; };
    return out;
  };
  auto ids = [](const std::string& a, const std::string& b) {
    return std::pair{id_of(a), id_of(b)};
  };
  router.add("GET", "/console/guard/rosters/{id:id}/swap",
             page(c, guard::kChangers,
                  [&c, swap_view, ids](Request& req, const Principal& who, const Form&) {
                    const auto [shift, person] = ids(req.query_param("shift").value_or(""),
                                                     req.query_param("person").value_or(""));
                    auto v = swap_view(req, who, shift, person);
                    if (!v) return error_page(c, req, who, v.error());
                    return show_form(
                        c, req, who, *v,
                        [&](const std::string& n) {
                          return n == "shift"    ? std::to_string(shift)
                                 : n == "person" ? std::to_string(person)
                                                 : std::string();
                        },
                        nullptr);
                  }));
  router.add(
      "POST", "/console/guard/rosters/{id:id}/swap",
      page(c, guard::kChangers,
           [&c, &g, swap_view, ids](Request& req, const Principal& who, const Form& form) {
             auto [shift, person] = ids(form_value(form, "shift"), form_value(form, "person"));
             auto v = swap_view(req, who, shift, person);
             if (!v) return error_page(c, req, who, v.error());
             const std::string choice = form_value(form, "second");
             const auto colon = choice.find(':');
             auto [other_shift, other] =
                 colon == std::string::npos
                     ? std::pair<std::int64_t, std::int64_t>{0, 0}
                     : ids(choice.substr(0, colon), choice.substr(colon + 1));
             core::Json body{{"first", {{"shift_id", shift}, {"person_id", person}}},
                             {"reason", core::trim(form_value(form, "reason"))}};
             if (other_shift && other)
               body["second"] = {{"shift_id", other_shift}, {"person_id", other}};
             if (body["reason"] == "") body.erase("reason");
             auto r = g.swap(who, auth::actor(req, who), req.id(), body);
             if (r) return Response::redirect(v->back, 303);
             if (!shown_on_form(r.error())) return error_page(c, req, who, r.error());
             // The rules a swap would break belong to the choice of the other guard.
             core::Error e = r.error();
             for (auto& f : e.fields)
               if (f.field == "swap" || f.field == "shift_id" || f.field == "person_id")
                 f.field = "second";
             return show_form(
                 c, req, who, *v, [&](const std::string& n) { return form_value(form, n); }, &e);
           }));

  // A person's own duties, sick reports and swap requests.
  const std::string mine = "/console/guard/mine";
  router.add(
      "GET", mine,
      page(c, guard::kPeople, [&c, &g](Request& req, const Principal& who, const Form&) {
        if (!who.person_id)
          return error_page(c, req, who,
                            core::Error::not_found("Your account is not linked to a person."));
        auto from_date = core::parse_date(req.query_param("from").value_or(core::today_utc()));
        if (!from_date) from_date = core::parse_date(core::today_utc());
        const guard::Day first = guard::day_of(*from_date);
        const auto start = guard::local_instant(c.time_zone, first, 0);
        auto duties =
            g.duties(who, std::nullopt, start, guard::local_instant(c.time_zone, first + 28, 0));
        if (!duties) return error_page(c, req, who, duties.error());
        auto reports = g.sick_reports(who, core::format_date(*from_date));
        if (!reports) return error_page(c, req, who, reports.error());
        auto requests = g.swap_requests(who, "");
        if (!requests) return error_page(c, req, who, requests.error());
        auto d = base_data(c, req, &who, tr("My duties"), "guard-mine");
        d.set("from", core::format_date(*from_date));
        Data ds{Data::type::list};
        for (const auto& x : *duties) {
          Data o{Data::type::object};
          o.set("roster", std::to_string(x.roster_id));
          o.set("shift", std::to_string(x.shift_id));
          o.set("post", x.post_name);
          o.set("starts", guard::format_local(x.starts_at, c.time_zone));
          o.set("ends", guard::format_local(x.ends_at, c.time_zone).substr(11));
          ds.push_back(o);
        }
        d.set("duties", ds);
        d.set("no_duties", duties->empty());
        Data rs{Data::type::list};
        const std::string today = guard::format_local(core::now_us(), c.time_zone).substr(0, 10);
        for (const auto& r : *reports)
          if (r.person_id == *who.person_id) {
            Data o{Data::type::object};
            o.set("id", std::to_string(r.id));
            o.set("from", r.from_date);
            o.set("to", r.to_date);
            o.set("note", r.note);
            o.set("status", r.status == guard::kFiled ? std::string() : tr("report " + r.status));
            o.set("can_withdraw", r.status == guard::kFiled && r.to_date >= today);
            rs.push_back(o);
          }
        d.set("reports", rs);
        Data asked{Data::type::list}, mine_{Data::type::list};
        for (const auto& q : *requests) {
          const bool to_me = q.second_person_id == *who.person_id;
          if (!to_me && q.first_person_id != *who.person_id) continue;
          Data o{Data::type::object};
          o.set("id", std::to_string(q.id));
          o.set("first",
                guard::format_local(q.first_starts_at, c.time_zone) + " · " + q.first_post);
          o.set("second",
                guard::format_local(q.second_starts_at, c.time_zone) + " · " + q.second_post);
          o.set("who", to_me ? q.first_name : q.second_name);
          o.set("reason", q.reason);
          o.set("status", tr(q.status));
          o.set("pending", q.status == guard::kPending);
          (to_me ? asked : mine_).push_back(o);
        }
        d.set("asked", asked);
        d.set("requested", mine_);
        return render(c, "console/guard_mine", d);
      }));

  auto sick_fields = [] {
    return std::vector<Field>{{"from", "First day", FieldKind::date, true, "YYYY-MM-DD"},
                              {"to", "Last day", FieldKind::date, true, "YYYY-MM-DD"},
                              {"note", "Note", FieldKind::textarea, false,
                               "Seen by your commander; no diagnosis is needed."}};
  };
  router.add("GET", mine + "/sick",
             page(c, guard::kPeople,
                  [&c, mine, sick_fields](Request& req, const Principal& who, const Form&) {
                    FormView v{"guard-mine", "Report sick", "Send the report", mine, sick_fields()};
                    return show_form(
                        c, req, who, v, [](const std::string&) { return std::string(); }, nullptr);
                  }));
  router.add(
      "POST", mine + "/sick",
      page(c, guard::kPeople,
           [&c, &g, mine, sick_fields](Request& req, const Principal& who, const Form& form) {
             FormView v{"guard-mine", "Report sick", "Send the report", mine, sick_fields()};
             auto r = g.report_sick(who, auth::actor(req, who), form_to_json(v.fields, form, true));
             if (r) return Response::redirect(mine + "?from=" + r->from_date, 303);
             if (!shown_on_form(r.error())) return error_page(c, req, who, r.error());
             return show_form(
                 c, req, who, v, [&](const std::string& n) { return form_value(form, n); },
                 &r.error());
           }));

  // Asking for a swap of one's own shift (?roster=&shift=, the link beside each duty).
  auto request_view = [&c, &g, mine](const Principal& who, std::int64_t roster,
                                     std::int64_t shift) -> core::Result<FormView> {
    auto choices = g.swap_choices(who, roster, shift);
    if (!choices) return core::fail(choices.error());
    Field other{"other", "Swap with", FieldKind::select, true,
                "The other guard takes your shift and you take theirs, once they or their "
                "commander approve."};
    std::vector<Option> opts;
    for (const auto& x : *choices)
      opts.push_back(
          {std::to_string(x.shift_id) + ":" + std::to_string(x.person_id),
           guard::format_local(x.starts_at, c.time_zone) + " · " + x.post + " — " + x.name});
    other.options_fn = [opts](const Principal&) { return opts; };
    FormView v{"guard-mine", "Ask for a swap", "Ask for the swap", mine};
    v.fields = {other, {"reason", "Reason", FieldKind::textarea, true}};
    v.hidden = {"roster", "shift"};
    return v;
  };
  router.add("GET", mine + "/swap",
             page(c, guard::kPeople,
                  [&c, request_view, ids](Request& req, const Principal& who, const Form&) {
                    auto [roster, shift] = ids(req.query_param("roster").value_or(""),
                                               req.query_param("shift").value_or(""));
                    auto v = request_view(who, roster, shift);
                    if (!v) return error_page(c, req, who, v.error());
                    return show_form(
                        c, req, who, *v,
                        [&](const std::string& n) {
                          return n == "roster"  ? std::to_string(roster)
                                 : n == "shift" ? std::to_string(shift)
                                                : std::string();
                        },
                        nullptr);
                  }));
  router.add(
      "POST", mine + "/swap",
      page(c, guard::kPeople,
           [&c, &g, mine, request_view, ids](Request& req, const Principal& who, const Form& form) {
             auto [roster, shift] = ids(form_value(form, "roster"), form_value(form, "shift"));
             auto v = request_view(who, roster, shift);
             if (!v) return error_page(c, req, who, v.error());
             const std::string choice = form_value(form, "other");
             const auto colon = choice.find(':');
             core::Json body{{"roster_id", roster}, {"shift_id", shift}};
             if (colon != std::string::npos) {
               auto [other_shift, other] = ids(choice.substr(0, colon), choice.substr(colon + 1));
               body["other"] = {{"shift_id", other_shift}, {"person_id", other}};
             }
             if (auto reason = core::trim(form_value(form, "reason")); !reason.empty())
               body["reason"] = reason;
             auto r = g.request_swap(who, auth::actor(req, who), body);
             if (r) return Response::redirect(mine, 303);
             if (!shown_on_form(r.error())) return error_page(c, req, who, r.error());
             return show_form(
                 c, req, who, *v, [&](const std::string& n) { return form_value(form, n); },
                 &r.error());
           }));

  // A sick report ended early: withdrawn by its author (from their page), cancelled by someone
  // who changes the person's rosters (from the guard page).
  router.add(
      "POST", "/console/guard/sick-reports/{id:id}/withdraw",
      page(c, guard::kPeople, [&c, &g, mine](Request& req, const Principal& who, const Form& form) {
        core::Json body = core::Json::object();
        if (auto note = core::trim(form_value(form, "note")); !note.empty()) body["note"] = note;
        auto r = g.close_sick(who, auth::actor(req, who), req.id(), body);
        if (!r) return error_page(c, req, who, r.error());
        const std::string next = form_value(form, "next");
        return Response::redirect(safe_next(next) ? next : mine, 303);
      }));

  // A swap request decided: by the other person (from their page) or by someone who changes
  // rosters for them (from the guard page); withdrawn by the one who asked.
  for (const bool approve : {true, false})
    router.add(
        "POST",
        std::string("/console/guard/swap-requests/{id:id}/") + (approve ? "approve" : "decline"),
        page(c, guard::kPeople,
             [&c, &g, mine, approve](Request& req, const Principal& who, const Form& form) {
               core::Json body = core::Json::object();
               if (auto note = core::trim(form_value(form, "note")); !note.empty())
                 body["note"] = note;
               auto r = g.decide_swap(who, auth::actor(req, who), req.id(), approve, body);
               if (!r) return error_page(c, req, who, r.error());
               const std::string next = form_value(form, "next");
               return Response::redirect(safe_next(next) ? next : mine, 303);
             }));
}

}  // namespace qorgan::console
