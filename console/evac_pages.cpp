// Evacuation planning in the console: the list of plans with the form that starts one
// (/console/evac), and a plan's page with its status, figures, downloads, bottlenecks and the
// map (/console/evac/plans/{id}; the map itself is web/static/evac-map.js, drawn from the API's
// GeoJSON). Everything goes through the evacuation service's public header; admin and hq_staff
// only (others get the console's 403 page).
#ifdef QORGAN_WITH_EVAC_WEB

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "console/pages.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "evac/io/plan_orders_html.hpp"
#include "evac/web/evac_service.hpp"

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;
namespace ew = evac::web;

namespace {

const std::vector<Role> kPlanners{Role::admin, Role::hq_staff};
constexpr std::size_t kShownShelters = 30;

std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::int64_t int_of(const core::Json& j, const char* key, std::int64_t fallback = 0) {
  if (!j.is_object() || !j.contains(key)) return fallback;
  const auto& v = j[key];
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number()) return static_cast<std::int64_t>(std::llround(v.get<double>()));
  return fallback;
}

double num_of(const core::Json& j, const char* key, double fallback = 0) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number()) return fallback;
  return j[key].get<double>();
}

// Time since the evacuation order in the page's language, never a bare "mm:ss" that reads as
// hours: "H+28 min", "H+1 h 05 min", "H+45 s" (evac::io::order_time in words).
std::string after_order(evac::Time step, double step_seconds) {
  const auto total = static_cast<std::int64_t>(std::llround(double(step) * step_seconds));
  const auto s = total < 0 ? -total : total;
  const std::string sign = tr(total < 0 ? "H−" : "H+");
  if (s >= 3600)
    return sign + trf("{} h {:02} min", s / 3600, s / 60 % 60) +
           (s % 60 ? " " + trf("{} s", s % 60) : std::string());
  if (s >= 60)
    return sign + trf("{} min", s / 60) + (s % 60 ? " " + trf("{} s", s % 60) : std::string());
  return sign + trf("{} s", s);
}

// The planner's name as the form offers it.
std::string planner_label(const std::string& code) {
  if (code == "qorgan") return "Qorgan";
  if (code == "ccrp") return "CCRP";
  if (code == "shortest") return tr("Shortest path");
  if (code == "optimal") return tr("Optimal");
  return code;
}

std::string status_label(const std::string& s) {
  return s.empty() ? s : tr(humanize(s));
}

std::string plan_region(registry::Registry& reg, const Principal& who, std::int64_t id) {
  auto r = reg.regions.get(who, id);
  if (!r) return "#" + std::to_string(id);
  return region_name(*r) + " (" + r->code + ")";
}

std::string network_label(const ew::NetworkInfo& n) {
  return trf("{} — {} profile, {} junctions", n.name, tr(n.profile), grouped(n.nodes));
}

// The regions the caller may plan for.
std::vector<Option> plan_regions(registry::Registry& reg, const Principal& who) {
  std::vector<Option> out;
  const auto list = reg.regions.list(who, {}, core::ListParams::first(registry::Regions::sorts()));
  if (!list) return out;
  for (const auto& r : list->items)
    if (who.is(Role::admin) || who.sees_region_path(r.path))
      out.push_back({std::to_string(r.id), region_name(r) + " (" + r.code + ")"});
  return out;
}

// The newest networks first.
std::vector<ew::NetworkInfo> networks_for(ew::Service& svc, const Principal& who) {
  auto p = core::parse_list_params({"200", {}, "-id", {}}, ew::Service::network_sorts());
  if (!p) return {};
  auto list = svc.list_networks(who, *p);
  return list ? std::move(list->items) : std::vector<ew::NetworkInfo>{};
}

// What the form sent (to show it again after a refusal).
struct Sent {
  std::string name, network_id, region_id, planner = "qorgan", evacuees = "buildings",
                                           population = "10000", shelters = "schools",
                                           shelter_capacity = "", with_optimum;
};

Sent sent_of(const Form& f) {
  Sent s;
  s.name = form_value(f, "name");
  s.network_id = form_value(f, "network_id");
  s.region_id = form_value(f, "region_id");
  s.planner = form_value(f, "planner");
  s.evacuees = form_value(f, "evacuees");
  s.population = form_value(f, "population");
  s.shelters = form_value(f, "shelters");
  s.shelter_capacity = form_value(f, "shelter_capacity");
  s.with_optimum = form_value(f, "with_optimum");
  return s;
}

// A number as typed: an integer when it is one, else the text, so that the service names the
// field in its answer.
core::Json number_or_text(const std::string& text) {
  const auto t = core::trim(text);
  if (t.empty() || t.size() > 18) return t;
  std::int64_t n = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return t;
    n = n * 10 + (c - '0');
  }
  return n;
}

core::Json plan_body(const Form& f) {
  core::Json body{
      {"name", core::trim(form_value(f, "name"))},
      {"network_id", number_or_text(form_value(f, "network_id"))},
      {"region_id", number_or_text(form_value(f, "region_id"))},
      {"planner", form_value(f, "planner").empty() ? "qorgan" : form_value(f, "planner")},
      {"with_optimum", form_value(f, "with_optimum") == "1"}};
  if (body["network_id"] == "") body.erase("network_id");
  if (body["region_id"] == "") body.erase("region_id");
  const auto evacuees = form_value(f, "evacuees");
  if (evacuees == "csv")
    body["evacuees"] = {{"csv", form_value(f, "evacuees_file")}};
  else
    body["evacuees"] = {
        {"buildings", {{"population", number_or_text(form_value(f, "population"))}}}};
  const auto shelters = form_value(f, "shelters");
  if (shelters == "csv") {
    body["shelters"] = {{"csv", form_value(f, "shelters_file")}};
  } else if (shelters == "registry") {
    body["shelters"] = {{"registry", core::Json::object()}};
  } else {
    core::Json schools = core::Json::object();
    if (!core::trim(form_value(f, "shelter_capacity")).empty())
      schools["capacity"] = number_or_text(form_value(f, "shelter_capacity"));
    body["shelters"] = {{"schools", schools}};
  }
  return body;
}

// The form field (and template key) a service error names.
struct Placed {
  const char* key;
  const char* anchor;
};
Placed place(const std::string& field) {
  if (field == "name") return {"error_name", "f-name"};
  if (field == "network_id") return {"error_network_id", "f-network"};
  if (field == "region_id") return {"error_region_id", "f-region"};
  if (field == "planner") return {"error_planner", "f-planner"};
  if (field.starts_with("evacuees.buildings")) return {"error_population", "f-population"};
  if (field.starts_with("evacuees.csv")) return {"error_evacuees_csv", "f-evacuees-file"};
  if (field.starts_with("evacuees")) return {"error_evacuees", "f-population"};
  if (field.starts_with("shelters.schools")) return {"error_schools_capacity", "f-capacity"};
  if (field.starts_with("shelters.csv")) return {"error_shelters_csv", "f-shelters-file"};
  if (field.starts_with("shelters")) return {"error_shelters", "f-capacity"};
  return {nullptr, nullptr};
}

Response list_page(Context& c, ew::Service& svc, Request& req, const Principal& who,
                   const Sent& sent, const core::Error* refused, int status) {
  auto d = base_data(c, req, &who, tr("Evacuation plans"), "evac");
  if (req.query_param("deleted")) d.set("notice", tr("The plan has been deleted."));
  // The plans, newest first.
  Data plans{Data::type::list};
  bool any = false;
  std::map<std::int64_t, std::string> network_names;
  auto networks = networks_for(svc, who);
  for (const auto& n : networks) network_names[n.id] = n.name;
  if (auto p = core::parse_list_params({"50", req.query_param("cursor"), "-id", {}},
                                       ew::Service::plan_sorts())) {
    if (auto list = svc.list_plans(who, {}, *p)) {
      for (const auto& plan : list->items) {
        any = true;
        Data row{Data::type::object};
        row.set("id", std::to_string(plan.id));
        row.set("name", plan.name);
        row.set("region", plan_region(c.registry, who, plan.region_id));
        const auto nid = plan.network_id;
        row.set("network",
                network_names.contains(nid) ? network_names[nid] : "#" + std::to_string(nid));
        row.set("planner", planner_label(plan.planner));
        row.set("status", plan.status);
        row.set("status_label", status_label(plan.status));
        row.set("running", plan.status == ew::kQueued || plan.status == ew::kRunning);
        row.set("progress", fmt::format("{:.3f}", plan.progress));
        row.set("percent", fmt::format("{:.0f}%", plan.progress * 100));
        row.set("egress",
                plan.summary.is_object()
                    ? after_order(static_cast<evac::Time>(int_of(plan.summary, "egress_time")),
                                  num_of(plan.summary, "step_seconds", 1))
                    : std::string("—"));
        row.set("created_by", plan.created_by);
        row.set("created_at", local_time(c, plan.created_at));
        plans.push_back(row);
      }
      if (list->next_cursor)
        d.set("next_href", "/console/evac?cursor=" + http::url_encode(*list->next_cursor));
    }
  }
  d.set("plans", plans);
  d.set("empty", !any);

  // The form.
  d.set("name", sent.name);
  Data nets{Data::type::list};
  for (const auto& n : networks) {
    Data o{Data::type::object};
    o.set("value", std::to_string(n.id));
    o.set("label", network_label(n));
    o.set("selected", std::to_string(n.id) == sent.network_id);
    nets.push_back(o);
  }
  d.set("networks", nets);
  d.set("has_networks", !networks.empty());
  Data regions{Data::type::list};
  for (const auto& r : plan_regions(c.registry, who)) {
    Data o{Data::type::object};
    o.set("value", r.value);
    o.set("label", r.label);
    o.set("selected", r.value == sent.region_id);
    regions.push_back(o);
  }
  d.set("regions", regions);
  Data planners{Data::type::list};
  for (auto [value, label] :
       {std::pair{"qorgan", "Qorgan (fast, near the optimum)"},
        std::pair{"ccrp", "CCRP (the published heuristic)"},
        std::pair{"shortest", "Shortest path (everyone takes the quickest road)"},
        std::pair{"optimal", "Optimal (exact, slow on large inputs)"}}) {
    Data o{Data::type::object};
    o.set("value", value);
    o.set("label", tr(label));
    o.set("selected", sent.planner == value);
    planners.push_back(o);
  }
  d.set("planners", planners);
  d.set("evacuees_buildings", sent.evacuees != "csv");
  d.set("evacuees_csv", sent.evacuees == "csv");
  d.set("population", sent.population);
  d.set("shelters_registry", sent.shelters == "registry");
  d.set("shelters_schools", sent.shelters != "registry" && sent.shelters != "csv");
  d.set("shelters_csv", sent.shelters == "csv");
  d.set("shelter_capacity", sent.shelter_capacity);
  d.set("with_optimum", sent.with_optimum == "1");
  if (refused) {
    Data errors{Data::type::list};
    auto add = [&](const std::string& message, const char* anchor) {
      Data e{Data::type::object};
      e.set("message", tr_message(message));
      if (anchor) e.set("href", std::string("#") + anchor);
      errors.push_back(e);
    };
    if (refused->fields.empty()) add(refused->message, nullptr);
    for (const auto& f : refused->fields) {
      auto [key, anchor] = place(f.field);
      if (key) d.set(key, tr_message(f.message));
      add(f.field.empty() ? f.message : f.field + ": " + f.message, anchor);
    }
    d.set("errors", errors);
    d.set("has_errors", true);
  }
  return render(c, "console/evac_list", d, status);
}

Data plan_data(Context& c, ew::Service& svc, Request& req, const Principal& who,
               const ew::PlanInfo& p) {
  auto d = base_data(c, req, &who, p.name, "evac");
  d.set("id", std::to_string(p.id));
  d.set("name", p.name);
  d.set("status", p.status);
  d.set("status_label", status_label(p.status));
  const bool live = p.status == ew::kQueued || p.status == ew::kRunning;
  d.set("live", live);
  d.set("can_cancel", live);
  d.set("progress", fmt::format("{:.3f}", p.progress));
  d.set("percent", fmt::format("{:.0f}%", p.progress * 100));
  d.set("region", plan_region(c.registry, who, p.region_id));
  d.set("planner",
        planner_label(p.planner) + (p.with_optimum ? tr(", compared with the optimum") : ""));
  auto net = svc.get_network(who, p.network_id);
  d.set("network", net ? network_label(*net) : "#" + std::to_string(p.network_id));
  d.set("network_id", std::to_string(p.network_id));
  // The words web/static/evac-map.js writes into the page.
  core::Json words{{"after", tr("H+")},
                   {"h", tr("h")},
                   {"min", tr("min")},
                   {"s", tr("s")},
                   {"step", tr("step {t} of {n}")},
                   {"play", tr("Play")},
                   {"pause", tr("Pause")},
                   {"showing", tr("Showing on the map:")},
                   {"not_drawn", tr("This bottleneck is not among the drawn routes.")},
                   {"failed", tr("The map could not be loaded:")}};
  for (const char* s : {"queued", "running", "done", "failed", "cancelled"})
    words["status_" + std::string(s)] = status_label(s);
  d.set("i18n", words.dump());
  d.set("input",
        trf("{} people at {} origins; {} shelters with {} places",
            grouped(int_of(p.input, "population")), grouped(int_of(p.input, "sources")),
            grouped(int_of(p.input, "shelters")), grouped(int_of(p.input, "shelter_capacity"))));
  d.set("created_by", p.created_by);
  d.set("created_at", local_time(c, p.created_at));
  if (p.finished_at) d.set("finished_at", local_time(c, *p.finished_at));
  // Kept as the parts of its message, the engine's error reads in the page's language; older
  // plans and internal failures have only the English.
  if (p.error)
    d.set("error",
          p.error_parts.empty() ? tr_message(*p.error) : evac::render(p.error_parts, language()));
  if (req.query_param("cancelled")) d.set("notice", tr("Planning has been cancelled."));
  if (req.query_param("started") && live)
    d.set("notice",
          tr("The plan is queued. This page shows its progress and the map when it is done."));
  return d;
}

void add_result(Data& d, const ew::PlanResult& r) {
  const auto& j = r.plan_json;
  const double step = num_of(j, "step_seconds", r.problem.network.step_seconds);
  const auto egress = static_cast<evac::Time>(int_of(j, "egress_time"));
  const auto population = int_of(j, "population");
  const auto evacuated = int_of(j, "evacuated");
  d.set("done", true);
  d.set("population", grouped(population));
  d.set("evacuated", grouped(evacuated));
  d.set("unroutable", grouped(population - evacuated));
  d.set("has_unroutable", population > evacuated);
  d.set("unroutable_hint",
        tr(population > evacuated ? "see the list below" : "everyone is routed"));
  d.set("egress", after_order(egress, step));
  d.set("egress_steps", std::to_string(egress));
  d.set("step_seconds", fmt::format("{:g}", step));
  d.set(
      "mean",
      after_order(static_cast<evac::Time>(std::llround(num_of(j, "mean_evacuation_time"))), step));
  const auto& cmp = j.contains("compared_with") ? j["compared_with"] : core::Json();
  if (cmp.is_object() && cmp.contains("optimum"))
    d.set("optimum_hint",
          trf("the best possible last arrival is {} ({:.1f}% sooner)",
              after_order(static_cast<evac::Time>(int_of(cmp, "optimum")), step),
              100.0 * (1 - 1 / std::max(1.0, num_of(cmp, "egress_over_optimum", 1)))));
  else if (cmp.is_object() && cmp.contains("lower_bound"))
    d.set("optimum_hint",
          trf("no plan can finish before {} (this one is {:.1f}% later at most)",
              after_order(static_cast<evac::Time>(int_of(cmp, "lower_bound")), step),
              int_of(cmp, "lower_bound") > 0
                  ? 100.0 * (static_cast<double>(egress) /
                                 static_cast<double>(int_of(cmp, "lower_bound")) -
                             1)
                  : 0.0));
  d.set("has_optimum_hint",
        cmp.is_object() && (cmp.contains("optimum") || cmp.contains("lower_bound")));
  d.set("mean_hint", tr("average over everyone routed"));
  d.set("has_map", r.problem.network.has_coordinates());
  d.set("attribution", r.network->info.osm ? std::string(ew::kOsmAttribution) : std::string());

  Data bottlenecks{Data::type::list};
  if (j.contains("bottlenecks"))
    for (const auto& b : j["bottlenecks"]) {
      Data row{Data::type::object};
      const std::string street = json_text(b, "street");
      const std::string ends = trf("junction {} → {}", json_text(b, "from"), json_text(b, "to"));
      row.set("arc", std::to_string(int_of(b, "arc")));
      row.set("label", street.empty() ? ends : street + " (" + ends + ")");
      row.set("saturated", grouped(int_of(b, "saturated_steps")));
      row.set("peak", grouped(int_of(b, "peak")));
      row.set("capacity", grouped(int_of(b, "capacity")));
      row.set("total", grouped(int_of(b, "total")));
      bottlenecks.push_back(row);
    }
  d.set("has_bottlenecks", !bottlenecks.is_empty_list());
  d.set("bottlenecks", bottlenecks);

  // Shelters, the busiest first (the map's time column keeps each one's index).
  struct Row {
    std::size_t index;
    std::string name;
    std::int64_t capacity, received;
  };
  std::vector<Row> rows;
  if (j.contains("shelter_arrivals"))
    for (const auto& s : j["shelter_arrivals"])
      rows.push_back({static_cast<std::size_t>(int_of(s, "shelter")), json_text(s, "name"),
                      int_of(s, "capacity"), int_of(s, "received")});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.received > b.received; });
  Data shelters{Data::type::list};
  for (std::size_t i = 0; i < rows.size() && i < kShownShelters; ++i) {
    Data row{Data::type::object};
    row.set("index", std::to_string(rows[i].index));
    row.set("name", rows[i].name.empty() ? trf("Shelter {}", rows[i].index + 1) : rows[i].name);
    row.set("capacity", grouped(rows[i].capacity));
    row.set("received", grouped(rows[i].received));
    shelters.push_back(row);
  }
  d.set("shelters", shelters);
  if (rows.size() > kShownShelters)
    d.set("more_shelters",
          trf("More shelters in the downloads: {}.", rows.size() - kShownShelters));

  Data unroutable{Data::type::list};
  const auto& net = r.problem.network;
  for (const auto& u : r.plan.unroutable) {
    Data row{Data::type::object};
    const auto& src = r.problem.sources[u.source];
    row.set("count", trf("people: {}", grouped(u.count)));
    row.set("origin", (src.name.empty() ? std::string() : src.name + ", ") +
                          trf("junction {}", net.node_id[src.node]));
    row.set("reason", evac::translate(u.reason, language()));
    unroutable.push_back(row);
  }
  d.set("unroutable_rows", unroutable);
}

}  // namespace

void mount_evac_pages(http::Router& router, Context& c, ew::Service& svc) {
  router.add("GET", "/console/evac",
             page(c, kPlanners, [&c, &svc](Request& req, const Principal& who, const Form&) {
               return list_page(c, svc, req, who, Sent{}, nullptr, 200);
             }));

  router.add("POST", "/console/evac/plans",
             page(c, kPlanners,
                  [&c, &svc](Request& req, const Principal& who, const Form& form) {
                    auto created =
                        svc.create_plan(who, auth::actor(req, who), plan_body(form), language());
                    if (created)
                      return Response::redirect("/console/evac/plans/" +
                                                std::to_string(created->id) + "?started=1");
                    if (created.error().code == core::ErrorCode::forbidden)
                      return error_page(c, req, who, created.error());
                    return list_page(c, svc, req, who, sent_of(form), &created.error(),
                                     http::status_of(created.error().code));
                  }),
             http::Cost::heavy);

  router.add("GET", "/console/evac/plans/{id:id}",
             page(c, kPlanners,
                  [&c, &svc](Request& req, const Principal& who, const Form&) {
                    auto p = svc.get_plan(who, req.id());
                    if (!p) return error_page(c, req, who, p.error());
                    auto d = plan_data(c, svc, req, who, *p);
                    if (p->status == ew::kDone) {
                      auto r = svc.plan_result(who, p->id);
                      if (!r) return error_page(c, req, who, r.error());
                      add_result(d, *r);
                    }
                    return render(c, "console/evac_plan", d);
                  }),
             http::Cost::heavy);

  router.add("POST", "/console/evac/plans/{id:id}/cancel",
             page(c, kPlanners, [&c, &svc](Request& req, const Principal& who, const Form&) {
               auto p = svc.cancel_plan(who, auth::actor(req, who), req.id());
               if (!p && p.error().code != core::ErrorCode::conflict)
                 return error_page(c, req, who, p.error());
               return Response::redirect("/console/evac/plans/" + std::to_string(req.id()) +
                                         (p ? "?cancelled=1" : ""));
             }));
}

}  // namespace qorgan::console

#endif  // QORGAN_WITH_EVAC_WEB
