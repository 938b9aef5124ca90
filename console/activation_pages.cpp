// Activation in the console: the plans and activations (/console/activation), an activation's
// live muster (/console/activation/activations/{id}: counts per status, the curve, the people;
// console.js reloads the muster every few seconds, the page stands without it), readiness with
// its charts (/console/activation/readiness) and the printable after-action report (…/report).
// Charts are inline SVG drawn here from the services' figures; every word goes through tr().
#include <algorithm>
#include <cmath>

#include "activation/activations.hpp"
#include "activation/plans.hpp"
#include "activation/readiness.hpp"
#include "console/pages.hpp"

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;
using view::add;
using view::Data;
using view::list;
using view::object;
using view::put;

namespace {

const std::vector<Role> kPlanReaders{Role::admin, Role::auditor, Role::hq_staff};
const std::vector<Role> kMusterReaders{Role::admin, Role::auditor, Role::hq_staff, Role::commander};
// Who sends reminders and records answers by phone (the service narrows commanders to their units).
const std::vector<Role> kMusterActors{Role::admin, Role::hq_staff, Role::commander};

std::string num(double v, int decimals = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "95 min", "3 h 05 min" in the page's language.
std::string duration(double minutes) {
  const long m = std::lround(minutes);
  if (m < 60) return std::to_string(m) + " " + tr("min");
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02ld", m % 60);
  return std::to_string(m / 60) + " " + tr("h") + " " + buf + " " + tr("min");
}

std::string percent(double share) {
  return std::to_string(std::lround(share * 100)) + " %";
}

std::string status_label(activation::Muster m) {
  switch (m) {
    case activation::Muster::called:
      return tr("called");
    case activation::Muster::reached:
      return tr("reached");
    case activation::Muster::confirmed:
      return tr("confirmed");
    case activation::Muster::declined:
      return tr("declined");
    case activation::Muster::arrived:
      return tr("arrived");
    case activation::Muster::overdue:
      return tr("overdue");
  }
  return "";
}

std::string reason_label(const std::string& r) {
  if (r == "ill") return tr("ill");
  if (r == "abroad") return tr("abroad");
  if (r == "exempt") return tr("exempt");
  if (r == "other") return tr("other reason");
  if (r == "did_not_come") return tr("answered, did not come");
  if (r == "no_answer") return tr("no answer");
  return r;
}

std::string phase_label(activation::Phase p) {
  switch (p) {
    case activation::Phase::proposed:
      return tr("proposed");
    case activation::Phase::active:
      return tr("active");
    case activation::Phase::closed:
      return tr("closed");
    case activation::Phase::cancelled:
      return tr("cancelled");
  }
  return "";
}

std::string kind_label(activation::Kind k) {
  return k == activation::Kind::exercise ? tr("EXERCISE") : tr("real");
}

// --- charts ---------------------------------------------------------------------------------

constexpr double kW = 640, kH = 260, kLeft = 52, kRight = 16, kTop = 14, kBottom = 34;
// The most units a plan's strength chart draws: beyond that, the ones furthest below their
// target (a region's plan of 1,000 units drew 2,000 bars no one could read; the table below the
// chart keeps every unit).
constexpr std::size_t kStrengthBars = 24;

// The share arrived against minutes since the activation: one polyline per series, the 50 % and
// 90 % lines, ticks in hours or minutes.
Data curve_chart(const std::vector<const activation::MusterSeries*>& series, double span,
                 const std::string& label) {
  double top = 1.0;
  for (const auto* s : series)
    for (const auto& p : s->figures.curve) top = std::max(top, p.share);
  span = std::max(span, 1.0);
  for (const auto* s : series)
    if (!s->figures.curve.empty()) span = std::max(span, s->figures.curve.back().minutes);
  const double pw = kW - kLeft - kRight, ph = kH - kTop - kBottom;
  auto x = [&](double m) { return kLeft + pw * m / span; };
  auto y = [&](double share) { return kTop + ph * (1 - share / top); };
  Data d = object();
  d.set("width", num(kW, 0));
  d.set("height", num(kH, 0));
  d.set("label", label);
  d.set("left", num(kLeft, 0));
  d.set("right", num(kW - kRight, 0));
  d.set("base", num(kTop + ph, 1));
  Data yticks = list();
  for (double s : {0.0, 0.5, 0.9, 1.0}) {
    Data t = object();
    t.set("y", num(y(s)));
    t.set("label", percent(s));
    t.set("guide", s == 0.5 || s == 0.9);
    add(yticks, std::move(t));
  }
  put(d, "yticks", std::move(yticks));
  Data xticks = list();
  const double step = span <= 60 ? 10 : span <= 180 ? 30 : span <= 720 ? 60 : 180;
  auto tick = [&](double m) {
    Data t = object();
    t.set("x", num(x(m)));
    t.set("label", m < 60 ? std::to_string(std::lround(m)) + " " + tr("min")
                          : num(m / 60, std::fmod(m, 60) == 0 ? 0 : 1) + " " + tr("h"));
    add(xticks, std::move(t));
  };
  double last = 0;
  for (double m = 0; m <= span + 1e-9; m += step) tick(last = m);
  // The end of the axis, unless a tick is close to it already.
  if (span - last > step / 2) tick(span);
  put(d, "xticks", std::move(xticks));
  d.set("xlabel_y", num(kH - 4, 0));
  Data lines = list();
  int index = 0;
  for (const auto* s : series) {
    std::string points = num(x(0)) + "," + num(y(0));
    double share = 0;
    for (const auto& p : s->figures.curve) {
      points += " " + num(x(p.minutes)) + "," + num(y(share));  // a step: flat until the arrival
      share = p.share;
      points += " " + num(x(p.minutes)) + "," + num(y(share));
    }
    Data l = object();
    l.set("points", points);
    l.set("index", std::to_string(index++ % 6));
    l.set("name", s->unit_id ? s->name : tr("All units"));
    add(lines, std::move(l));
  }
  put(d, "lines", std::move(lines));
  d.set("legend", series.size() > 1);
  return d;
}

// Horizontal bars: per row a target bar and an actual (or held) bar on one scale.
Data bar_chart(const std::vector<std::tuple<std::string, std::int64_t, std::int64_t>>& rows,
               const std::string& label) {
  std::int64_t top = 1;
  for (const auto& [name, a, b] : rows) top = std::max({top, a, b});
  constexpr double kRow = 30, kNameW = 190, kBarsW = kW - kNameW - 60;
  Data d = object();
  d.set("width", num(kW, 0));
  d.set("height", num(double(rows.size()) * kRow + 8, 0));
  d.set("label", label);
  Data bars = list();
  double yy = 4;
  for (const auto& [name, target, actual] : rows) {
    Data b = object();
    b.set("name", name);
    b.set("text_y", num(yy + 15));
    b.set("x", num(kNameW, 0));
    b.set("target_y", num(yy + 2));
    b.set("target_w", num(kBarsW * double(target) / double(top)));
    b.set("actual_y", num(yy + 12));
    b.set("actual_w", num(kBarsW * double(actual) / double(top)));
    b.set("value_x", num(kNameW + kBarsW + 6, 0));
    b.set("value", std::to_string(actual) + " / " + std::to_string(target));
    b.set("short", actual < target);
    add(bars, std::move(b));
    yy += kRow;
  }
  put(d, "bars", std::move(bars));
  return d;
}

Data positions_data(const std::vector<activation::PositionCoverage>& positions) {
  Data out = list();
  for (const auto& pc : positions) {
    Data y = object();
    y.set("position", pc.position);
    y.set("target", std::to_string(pc.target));
    y.set("actual", std::to_string(pc.actual));
    y.set("short", pc.short_of());
    add(out, std::move(y));
  }
  return out;
}

Data skills_data(const std::vector<activation::SkillCoverage>& skills) {
  Data out = list();
  for (const auto& s : skills) {
    Data o = object();
    o.set("skill", s.skill);
    o.set("needed", std::to_string(s.needed));
    o.set("holders", std::to_string(s.holders));
    o.set("short", s.short_of());
    add(out, std::move(o));
  }
  return out;
}

Data counts_data(const std::map<std::string, std::int64_t>& counts) {
  Data out = list();
  for (auto m :
       {activation::Muster::called, activation::Muster::reached, activation::Muster::confirmed,
        activation::Muster::declined, activation::Muster::arrived, activation::Muster::overdue}) {
    auto key = std::string(activation::to_string(m));
    auto it = counts.find(key);
    Data o = object();
    o.set("status", key);
    o.set("label", status_label(m));
    o.set("count", std::to_string(it == counts.end() ? 0 : it->second));
    add(out, std::move(o));
  }
  return out;
}

void activation_head(Context& c, Data& d, const activation::Activation& a,
                     const std::string& plan_name) {
  d.set("id", std::to_string(a.id));
  d.set("plan_name", plan_name);
  d.set("exercise", a.kind == activation::Kind::exercise);
  d.set("kind", kind_label(a.kind));
  d.set("phase", std::string(activation::to_string(a.phase)));
  d.set("phase_label", phase_label(a.phase));
  d.set("activated_at", a.activated_at ? local_time(c, *a.activated_at) : "—");
  d.set("deadline_at", a.deadline_at ? local_time(c, *a.deadline_at) : "—");
  if (a.ended_at) d.set("ended_at", local_time(c, *a.ended_at));
}

std::optional<std::int64_t> query_number(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    long long n = std::stoll(*v, &used);
    if (used == v->size() && n > 0) return n;
  } catch (...) {
  }
  return std::nullopt;
}

// An activation's muster (counts, curve, people) with the commander's and headquarters' acts on
// it: a reminder, and an answer taken by phone for a person. `refused`: why the act just sent was
// refused, shown above the people with nothing changed.
// A refused submission of one of the muster page's forms: the reminder, or the phone answer of
// one notice, with what was sent, so that its errors stand beside the fields they are about.
struct MusterRefusal {
  const core::Error& error;
  std::optional<std::int64_t> notice;  // the answer form of this notice; none: the reminder
  std::string answer, reason, unit_id;
};

Response muster_page(Context& c, Request& req, const Principal& who,
                     const MusterRefusal* refused = nullptr) {
  auto m = c.readiness->muster(who, req.id());
  if (!m) return error_page(c, req, who, m.error());
  auto d = base_data(c, req, &who, trf("Muster of activation {}", m->activation.id), "activation");
  activation_head(c, d, m->activation, m->plan_name);
  put(d, "counts", counts_data(m->activation.counts));
  d.set("target", std::to_string(m->total.figures.target));
  d.set("arrived", std::to_string(m->total.figures.arrived));
  d.set("share", m->total.figures.target
                     ? percent(double(m->total.figures.arrived) / m->total.figures.target)
                     : "—");
  d.set("since", duration(m->minutes_since));
  std::vector<const activation::MusterSeries*> series{&m->total};
  if (m->units.size() > 1)  // one unit's curve is the total's
    for (const auto& u : m->units) series.push_back(&u);
  // Each unit's notices on paper (A4, QR codes), for delivery by hand when networks are down.
  Data print_units = list();
  bool any_unit = false;
  for (const auto& u : m->units) {
    if (!u.unit_id) continue;
    Data o = object();
    o.set("name", u.name);
    o.set("href", "/api/v1/activation/activations/" + std::to_string(m->activation.id) +
                      "/print?unit=" + std::to_string(*u.unit_id) + "&all=true");
    add(print_units, std::move(o));
    any_unit = true;
  }
  d.set("has_print_units", any_unit);
  put(d, "print_units", std::move(print_units));
  put(d, "chart",
      curve_chart(series, m->minutes_since,
                  tr("Share of the target arrived against time since activation")));
  // A large muster is read a status at a time: the counts link to their people, and the
  // list stops at kMaxRows (the page refreshes every few seconds).
  constexpr std::size_t kMaxRows = 300;
  std::optional<activation::Muster> only;
  if (auto s = req.query_param("status")) only = activation::muster_from(*s);
  std::size_t matching = 0;
  Data people = list();
  for (const auto& p : m->people) {
    if (only && p.muster.status != *only) continue;
    if (++matching > kMaxRows) continue;
    Data o = object();
    o.set("name", p.person_name);
    o.set("unit", p.unit_name);
    o.set("status", std::string(activation::to_string(p.muster.status)));
    o.set("status_label", status_label(p.muster.status));
    o.set("reason", p.muster.reason
                        ? reason_label(std::string(activation::to_string(*p.muster.reason)))
                        : "");
    o.set("arrived_at", p.muster.arrived_at ? local_time(c, *p.muster.arrived_at) : "");
    o.set("delivered_at", p.delivered_at ? local_time(c, *p.delivered_at) : "");
    o.set("elsewhere", p.elsewhere);
    o.set("notice_id", std::to_string(p.notice_id));
    o.set("answerable", p.muster.status != activation::Muster::arrived);
    if (refused && refused->notice == p.notice_id) {
      for (const auto& f : refused->error.fields)
        if (f.field == "answer" || f.field == "reason")
          o.set(f.field + "_error", tr_message(f.message));
      o.set("chose_decline", refused->answer == "decline");
      if (!refused->reason.empty()) o.set("chose_" + refused->reason, true);
    }
    add(people, std::move(o));
  }
  put(d, "people", std::move(people));
  d.set("no_people", m->people.empty());
  if (matching > kMaxRows) d.set("shown_note", trf("Showing {} of {} people.", kMaxRows, matching));
  if (only) d.set("filtered", true);
  d.set("live", m->activation.phase == activation::Phase::active);
  const bool acts = m->activation.phase == activation::Phase::active && who.in(kMusterActors);
  d.set("can_remind", acts);
  d.set("remind_all", !who.is(Role::commander));
  Data remind_units = list();
  for (const auto& u : m->units) {
    if (!u.unit_id) continue;
    Data o = object();
    o.set("id", std::to_string(*u.unit_id));
    o.set("name", u.name);
    o.set("selected",
          refused && !refused->notice && refused->unit_id == std::to_string(*u.unit_id));
    add(remind_units, std::move(o));
  }
  put(d, "remind_units", std::move(remind_units));
  d.set("can_answer", acts);
  if (auto n = query_number(req, "reminded")) d.set("done", trf("Reminders queued: {}", *n));
  if (refused) {
    // Each field's message beside its field; the others (and a refusal without fields) above.
    Data fields = list();
    for (const auto& f : refused->error.fields) {
      const bool placed =
          refused->notice ? (f.field == "answer" || f.field == "reason") : f.field == "unit_id";
      if (!refused->notice && placed)
        d.set("unit_error", tr_message(f.message));
      else if (!placed)
        fields.push_back(Data(tr_message(f.message)));
    }
    d.set("refused", tr_message(refused->error.message));
    put(d, "refused_fields", std::move(fields));
  }
  return render(c, "console/activation_muster", std::move(d),
                refused ? http::status_of(refused->error.code) : 200);
}

}  // namespace

void mount_activation_pages(http::Router& router, Context& c) {
  router.add("GET", "/console/activation",
             page(c, kPlanReaders, [&c](Request& req, const Principal& who, const Form&) {
               auto d = base_data(c, req, &who, tr("Activation"), "activation");
               auto plans = c.activation_plans->list(who, std::nullopt, 200);
               if (!plans) return error_page(c, req, who, plans.error());
               std::map<std::int64_t, std::string> plan_names;
               Data pl = list();
               for (const auto& p : plans->items) {
                 plan_names[p.id] = p.name;
                 std::int64_t target = 0;
                 for (const auto& u : p.units) target += u.target;
                 Data o = object();
                 o.set("id", std::to_string(p.id));
                 o.set("name", p.name);
                 o.set("units", std::to_string(p.units.size()));
                 o.set("target", std::to_string(target));
                 o.set("deadline", duration(double(p.deadline_minutes)));
                 o.set("updated", local_time(c, p.updated_at));
                 add(pl, std::move(o));
               }
               put(d, "plans", std::move(pl));
               d.set("no_plans", plans->items.empty());
               auto acts = c.activations->list(who);
               if (!acts) return error_page(c, req, who, acts.error());
               Data al = list();
               for (const auto& a : *acts) {
                 Data o = object();
                 activation_head(c, o, a,
                                 plan_names.contains(a.plan_id) ? plan_names[a.plan_id] : "");
                 add(al, std::move(o));
               }
               put(d, "activations", std::move(al));
               d.set("no_activations", acts->empty());
               return render(c, "console/activation_list", std::move(d));
             }));

  router.add("GET", "/console/activation/activations/{id:id}",
             page(c, kMusterReaders, [&c](Request& req, const Principal& who, const Form&) {
               return muster_page(c, req, who);
             }));
  // A reminder to everyone of the activation (or of one unit) who has not answered yet.
  router.add(
      "POST", "/console/activation/activations/{id:id}/remind",
      page(c, kMusterActors, [&c](Request& req, const Principal& who, const Form& form) {
        core::Json body = core::Json::object();
        if (auto unit = form_value(form, "unit_id"); !unit.empty()) {
          char* end = nullptr;
          long long id = std::strtoll(unit.c_str(), &end, 10);
          body["unit_id"] = end && *end == '\0' && id > 0 ? core::Json(id) : core::Json(unit);
        }
        auto r = c.activations->remind(who, auth::actor(req, who), req.id(), body);
        if (!r) {
          MusterRefusal refused{r.error(), std::nullopt, "", "", form_value(form, "unit_id")};
          return muster_page(c, req, who, &refused);
        }
        return Response::redirect("/console/activation/activations/" + std::to_string(req.id()) +
                                  "?reminded=" + std::to_string(r->queued));
      }));
  // A person's answer taken by phone.
  router.add(
      "POST", "/console/activation/activations/{id:id}/notices/{notice:id}/answer",
      page(c, kMusterActors, [&c](Request& req, const Principal& who, const Form& form) {
        core::Json body{{"answer", form_value(form, "answer")}};
        if (auto reason = form_value(form, "reason"); !reason.empty()) body["reason"] = reason;
        auto r =
            c.activations->answer(who, auth::actor(req, who), req.id(), req.id("notice"), body);
        if (!r) {
          MusterRefusal refused{r.error(), req.id("notice"), form_value(form, "answer"),
                                form_value(form, "reason"), ""};
          return muster_page(c, req, who, &refused);
        }
        return Response::redirect("/console/activation/activations/" + std::to_string(req.id()));
      }));

  router.add(
      "GET", "/console/activation/readiness",
      page(c, kMusterReaders, [&c](Request& req, const Principal& who, const Form&) {
        activation::ReadinessQuery q;
        q.region = query_number(req, "region");
        q.unit = query_number(req, "unit");
        auto d = base_data(c, req, &who, tr("Readiness"), "readiness");
        Data regions = list(), units = list();
        for (const auto& o : region_options(c.registry, who)) {
          Data x = object();
          x.set("value", o.value);
          x.set("label", o.label);
          x.set("selected", q.region && o.value == std::to_string(*q.region));
          add(regions, std::move(x));
        }
        for (const auto& o : unit_options(c.registry, who)) {
          Data x = object();
          x.set("value", o.value);
          x.set("label", o.label);
          x.set("selected", q.unit && o.value == std::to_string(*q.unit));
          add(units, std::move(x));
        }
        put(d, "regions", std::move(regions));
        put(d, "units", std::move(units));
        auto r = c.readiness->readiness(who, q);
        if (!r) return error_page(c, req, who, r.error());
        d.set("date", r->date);
        d.set("training_note",
              trf("Training current: a member who arrived (checked in) at an exercise in the {} "
                  "days up to the day shown, that is from {}. Arrivals at real activations do not "
                  "count as training.",
                  activation::kTrainingDays, r->trained_since));
        Data plans = list();
        for (const auto& p : r->plans) {
          Data o = object();
          o.set("name", p.name);
          o.set("target", std::to_string(p.target));
          o.set("actual", std::to_string(p.actual));
          o.set("trained", std::to_string(p.trained));
          o.set("trained_share", p.actual ? percent(double(p.trained) / double(p.actual)) : "—");
          o.set("short", p.actual < p.target);
          std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> rows, skill_rows;
          Data ul = list();
          for (const auto& u : p.units) {
            rows.emplace_back(u.unit_name, u.target, u.actual);
            Data x = object();
            x.set("name", u.unit_name);
            x.set("href", "/console/units/" + std::to_string(u.unit_id));
            x.set("target", std::to_string(u.target));
            x.set("actual", std::to_string(u.actual));
            x.set("short", u.actual < u.target);
            put(x, "skills", skills_data(u.skills));
            x.set("trained", std::to_string(u.trained));
            x.set("trained_share", u.actual ? percent(double(u.trained) / double(u.actual)) : "—");
            put(x, "positions", positions_data(u.positions));
            add(ul, std::move(x));
          }
          for (const auto& s : p.skills) skill_rows.emplace_back(s.skill, s.needed, s.holders);
          std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> position_rows;
          for (const auto& pc : p.positions)
            position_rows.emplace_back(pc.position, pc.target, pc.actual);
          o.set("has_positions", !p.positions.empty());
          put(o, "positions_chart",
              bar_chart(position_rows, trf("Target and actual strength by position: {}", p.name)));
          put(o, "units", std::move(ul));
          put(o, "skills", skills_data(p.skills));
          o.set("has_skills", !p.skills.empty());
          if (rows.size() > kStrengthBars) {
            auto shortfall = [](const auto& r) { return std::get<1>(r) - std::get<2>(r); };
            std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
              return shortfall(a) > shortfall(b);
            });
            rows.resize(kStrengthBars);
            put(o, "strength_chart",
                bar_chart(rows, trf("Target and actual strength of the {} units furthest below "
                                    "their target, of {}: {}",
                                    kStrengthBars, p.units.size(), p.name)));
            o.set("strength_note",
                  trf("The chart shows the {} units furthest below their target; the table "
                      "below lists all {}.",
                      kStrengthBars, p.units.size()));
          } else {
            put(o, "strength_chart",
                bar_chart(rows, trf("Target and actual strength: {}", p.name)));
          }
          put(o, "skills_chart",
              bar_chart(skill_rows, trf("Skills needed and held on the day: {}", p.name)));
          add(plans, std::move(o));
        }
        put(d, "plans", std::move(plans));
        d.set("no_plans", r->plans.empty());
        auto musters = [&](const std::vector<activation::ActivationMuster>& ms) {
          Data out = list();
          for (const auto& m : ms) {
            Data o = object();
            activation_head(c, o, m.activation, m.plan_name);
            o.set("arrived", std::to_string(m.total.figures.arrived));
            o.set("target", std::to_string(m.total.figures.target));
            o.set("since", duration(m.minutes_since));
            // A curve for each unit as the answer carries them: only while a few can be told
            // apart (ReadinessService::kUnitCurves); the curves of more are on the activation's
            // muster page. One unit's curve would be the total's again.
            std::vector<const activation::MusterSeries*> series{&m.total};
            if (m.units.size() > 1)
              for (const auto& u : m.units)
                if (u.has_curve) series.push_back(&u);
            put(o, "chart",
                curve_chart(series, m.minutes_since,
                            trf("Muster curve of activation {}", m.activation.id)));
            add(out, std::move(o));
          }
          return out;
        };
        put(d, "real", musters(r->real));
        put(d, "exercises", musters(r->exercises));
        d.set("no_real", r->real.empty());
        d.set("no_exercises", r->exercises.empty());
        return render(c, "console/readiness", std::move(d));
      }));

  router.add("GET", "/console/activation/activations/{id:id}/report",
             page(c, kMusterReaders, [&c](Request& req, const Principal& who, const Form&) {
               auto a = c.readiness->after_action(who, req.id());
               if (!a) return error_page(c, req, who, a.error());
               auto d =
                   base_data(c, req, &who, trf("After-action report of activation {}", req.id()),
                             "activation");
               activation_head(c, d, a->activation, a->plan_name);
               d.set("final", a->final);
               d.set("day", a->day);
               auto unit_row = [&](const activation::UnitAfterAction& u) {
                 Data o = object();
                 o.set("name", u.unit_id ? u.unit_name : tr("All units"));
                 o.set("target", std::to_string(u.figures.target));
                 o.set("called", std::to_string(u.called));
                 o.set("arrived", std::to_string(u.figures.arrived));
                 o.set("half", u.figures.minutes_to_half ? duration(*u.figures.minutes_to_half)
                                                         : tr("not reached"));
                 o.set("most", u.figures.minutes_to_nine_tenths
                                   ? duration(*u.figures.minutes_to_nine_tenths)
                                   : tr("not reached"));
                 std::int64_t missing = 0;
                 Data reasons = list();
                 for (const auto& r : activation::no_show_reasons()) {
                   auto it = u.no_shows.find(r);
                   if (it == u.no_shows.end() || it->second == 0) continue;
                   missing += it->second;
                   Data x = object();
                   x.set("label", reason_label(r));
                   x.set("count", std::to_string(it->second));
                   add(reasons, std::move(x));
                 }
                 o.set("no_shows", std::to_string(missing));
                 put(o, "reasons", std::move(reasons));
                 put(o, "skills", skills_data(u.skills));
                 put(o, "positions", positions_data(u.positions));
                 return o;
               };
               Data units = list();
               for (const auto& u : a->units) units.push_back(unit_row(u));
               put(d, "units", std::move(units));
               d.set("total", unit_row(a->total));
               Data short_skills = list();
               bool any_short = false;
               for (const auto& u : a->units)
                 for (const auto& s : u.skills)
                   if (s.short_of()) {
                     any_short = true;
                     Data o = object();
                     o.set("unit", u.unit_name);
                     o.set("skill", s.skill);
                     o.set("needed", std::to_string(s.needed));
                     o.set("holders", std::to_string(s.holders));
                     add(short_skills, std::move(o));
                   }
               Data short_positions = list();
               bool any_position_short = false, any_positions = false;
               for (const auto& u : a->units)
                 for (const auto& pc : u.positions) {
                   any_positions = true;
                   if (!pc.short_of()) continue;
                   any_position_short = true;
                   Data o = object();
                   o.set("unit", u.unit_name);
                   o.set("position", pc.position);
                   o.set("target", std::to_string(pc.target));
                   o.set("came", std::to_string(pc.actual));
                   add(short_positions, std::move(o));
                 }
               put(d, "positions_short", std::move(short_positions));
               d.set("has_positions", any_positions);
               d.set("no_positions_short", !any_position_short);
               put(d, "skills_short", std::move(short_skills));
               d.set("no_skills_short", !any_short);
               std::map<std::int64_t, std::string> unit_names;
               for (const auto& u : a->units)
                 if (u.unit_id) unit_names[*u.unit_id] = u.unit_name;
               Data no_shows = list();
               for (const auto& n : a->no_shows) {
                 Data o = object();
                 o.set("name", n.person_name);
                 o.set("unit", unit_names[n.unit_id]);
                 o.set("reason", reason_label(n.reason));
                 add(no_shows, std::move(o));
               }
               put(d, "no_shows", std::move(no_shows));
               d.set("no_no_shows", a->no_shows.empty());
               d.set("csv_href", "/api/v1/activation/activations/" + std::to_string(req.id()) +
                                     "/after-action.csv");
               return render(c, "console/after_action", std::move(d));
             }));
}

}  // namespace qorgan::console
