// Company protection duties in the console: the compliance overview per facility, organisation
// and region with its trend and the overdue findings (/console/obligations); the duties table
// by criticality (…/duties); a facility's standing, history, self-assessments with their
// evidence files and inspections (…/facilities/{id}); an inspection's checklist and findings,
// with the follow-up form and the printed act in kk, ru and en (…/inspections/{id}); and the
// admins' forms that add a duty and change one (…/duties/new, …/duties/{code}/edit), given to the
// same service calls as the API's, refusals shown beside their fields with nothing stored.
// Every word goes through tr(); times are shown in the console's zone.
#include <charconv>

#include "console/service_forms.hpp"
#include "core/text.hpp"
#include "obligations/access.hpp"
#include "obligations/obligations.hpp"

namespace qorgan::console {

using auth::Role;
using http::Request;
using http::Response;
using view::Data;
using view::list;
using view::object;

namespace {

const std::vector<Role> kReaders{Role::admin, Role::auditor, Role::hq_staff, Role::company_officer};
const std::vector<Role> kFollowers{Role::admin, Role::hq_staff, Role::company_officer};

std::string word(const std::string& code) {
  static const std::map<std::string, std::string> words{{"not_assessed", "not assessed"},
                                                        {"non_compliant", "not compliant"},
                                                        {"partly_compliant", "partly compliant"},
                                                        {"compliant", "compliant"},
                                                        {"assessment", "self-assessment"},
                                                        {"inspection", "inspection"},
                                                        {"low", "low"},
                                                        {"medium", "medium"},
                                                        {"high", "high"},
                                                        {"critical", "critical"},
                                                        {"open", "not remedied"},
                                                        {"in_progress", "in progress"},
                                                        {"remedied", "remedied"},
                                                        {"closed", "closed"},
                                                        {"yes_no", "yes or no"},
                                                        {"count", "at least, people"},
                                                        {"hours", "at least, hours"},
                                                        {"percent", "% of workers"},
                                                        {"per_year", "at least, a year"}};
  auto it = words.find(code);
  return it == words.end() ? code : tr(it->second);
}

std::string duty_name(const std::string& en, const std::string& ru, const std::string& kk) {
  const auto& lang = language();
  return lang == "kk" ? kk : lang == "en" ? en : ru;
}

// A level, or what was found (`found`): for a percent-of-workers duty what is found is the number
// of places.
std::string amount(const std::string& measure, std::optional<std::int64_t> v, bool found = false) {
  if (!v) return tr("not reported");
  if (measure == "yes_no") return tr(*v >= 1 ? "yes" : "no");
  if (measure == "percent") return found ? trf("places: {}", *v) : std::to_string(*v) + " %";
  return std::to_string(*v);
}

Data standing(const obligations::Standing& s) {
  Data d = object();
  d.set("status", word(s.status));
  d.set("status_code", s.status);
  d.set("score", std::to_string(s.score) + " %");
  d.set("open_findings", std::to_string(s.open_findings));
  d.set("overdue_findings", std::to_string(s.overdue_findings));
  d.set("has_overdue", s.overdue_findings > 0);
  if (s.basis) {
    d.set("basis", word(s.basis->kind) + ", " + s.basis->on);
    d.set("basis_href", s.basis->kind == "inspection"
                            ? "/console/obligations/inspections/" + std::to_string(s.basis->id)
                            : "");
  } else {
    d.set("basis", tr("none yet"));
  }
  return d;
}

Data summary(const std::string& label, const obligations::Summary& s) {
  Data d = object();
  d.set("label", label);
  d.set("facilities", std::to_string(s.facilities));
  d.set("assessed", std::to_string(s.assessed));
  d.set("score", std::to_string(s.score) + " %");
  auto n = [&](const char* k) {
    return std::to_string(s.by_status.contains(k) ? s.by_status.at(k) : 0);
  };
  d.set("compliant", n("compliant"));
  d.set("partly", n("partly_compliant"));
  d.set("non_compliant", n("non_compliant"));
  d.set("not_assessed", n("not_assessed"));
  d.set("open_findings", std::to_string(s.open_findings));
  d.set("overdue_findings", std::to_string(s.overdue_findings));
  return d;
}

Data trend(const Context& c, const std::vector<obligations::TrendPoint>& points) {
  Data out = list();
  for (const auto& p : points) {
    Data d = object();
    d.set("at", local_time(c, p.at).substr(0, 10));
    d.set("facilities", std::to_string(p.facilities));
    d.set("compliant", std::to_string(p.compliant));
    d.set("score", std::to_string(p.score) + " %");
    d.set("width", std::to_string(p.score));
    out.push_back(d);
  }
  return out;
}

Data check_lines(const std::vector<obligations::CheckLine>& lines) {
  Data out = list();
  for (const auto& l : lines) {
    Data d = object();
    d.set("duty", duty_name(l.name_en, l.name_ru, l.name_kk));
    d.set("required", amount(l.measure, l.required));
    d.set("observed", amount(l.measure, l.observed, true));
    d.set("met", tr(l.met ? "yes" : "no"));
    d.set("unmet", !l.met);
    d.set("comment", l.note);
    out.push_back(d);
  }
  return out;
}

Data findings(const std::vector<obligations::Finding>& fs, const std::string& today,
              const Principal& who) {
  Data out = list();
  bool headquarters = who.in({Role::admin, Role::hq_staff});
  for (const auto& f : fs) {
    Data d = object();
    d.set("id", std::to_string(f.id));
    d.set("inspection_id", std::to_string(f.inspection_id));
    d.set("deficiency", f.deficiency);
    d.set("severity", word(f.severity));
    d.set("deadline", f.deadline);
    d.set("responsible", f.responsible);
    d.set("status", word(f.status));
    d.set("closing_note", f.closing_note.value_or(""));
    d.set("overdue", obligations::overdue(f, today));
    bool can_follow = f.status != "closed" && who.in(kFollowers);
    d.set("can_follow", can_follow);
    Data options = list();
    for (const char* s : {"open", "in_progress", "remedied", "closed"}) {
      if (s == f.status) continue;
      if (!headquarters && std::string(s) != "in_progress" && std::string(s) != "remedied")
        continue;
      Data o = object();
      o.set("value", std::string(s));
      o.set("label", word(s));
      options.push_back(o);
    }
    d.set("options", options);
    out.push_back(d);
  }
  return out;
}

// The duty form's fields; the code and the measure are given once. A level left empty means the
// duty does not apply to that class; levels set in qorgan.toml are not in the form.
std::vector<Field> duty_fields(bool levels) {
  Field measure{"measure", "Measure", FieldKind::select, true};
  measure.on_update = false;
  measure.options = {{"yes_no", "yes or no"},
                     {"count", "at least, people"},
                     {"hours", "at least, hours"},
                     {"percent", "% of workers"},
                     {"per_year", "at least, a year"}};
  Field code{"code", "Code", FieldKind::text, true,
             "Lowercase Latin letters, digits and _; it does not change."};
  code.on_update = false;
  std::vector<Field> out{code,
                         measure,
                         {"name.kk", "Name in Kazakh", FieldKind::text, true},
                         {"name.ru", "Name in Russian", FieldKind::text, true},
                         {"name.en", "Name in English", FieldKind::text, true}};
  if (levels)
    for (int k = 1; k <= obligations::kCriticalityClasses; ++k)
      out.push_back({"level_" + std::to_string(k), "Level for class " + std::to_string(k),
                     FieldKind::text, false,
                     k == 1 ? "A whole number (1 for yes); empty: the duty does not apply." : ""});
  out.push_back({"active", "In force", FieldKind::checkbox});
  out.push_back({"position", "Position in the table", FieldKind::integer, false});
  return out;
}

// The form as the service's body: the three levels become its `levels` list.
core::Json duty_body(const std::vector<Field>& fields, const Form& form, bool creating,
                     bool levels) {
  core::Json body = form_to_json(fields, form, creating);
  if (!levels) return body;
  core::Json list = core::Json::array();
  for (int k = 1; k <= obligations::kCriticalityClasses; ++k) {
    const std::string key = "level_" + std::to_string(k);
    body.erase(key);
    const std::string typed = core::trim(form_value(form, key));
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(typed.data(), typed.data() + typed.size(), n);
    list.push_back(typed.empty()                                           ? core::Json()
                   : ec == std::errc() && p == typed.data() + typed.size() ? core::Json(n)
                                                                           : core::Json(typed));
  }
  body["levels"] = list;
  return body;
}

// The service names levels[0]…; the form has level_1….
core::Error on_duty_fields(core::Error e) {
  for (auto& f : e.fields) {
    if (f.field == "levels") f.field = "level_1";
    if (f.field.starts_with("levels[") && f.field.size() > 8)
      f.field = "level_" + std::to_string(f.field[7] - '0' + 1);
  }
  return e;
}

}  // namespace

void mount_obligation_pages(http::Router& router, Context& c) {
  auto& o = *c.obligations;
  router.add("GET", "/console/obligations",
             page(c, kReaders, [&c, &o](Request& req, const Principal& who, const Form&) {
               auto ov = o.overview(who);
               if (!ov) return error_page(c, req, who, ov.error());
               auto overdue = o.findings(who, true, std::nullopt, 200);
               if (!overdue) return error_page(c, req, who, overdue.error());
               auto d = base_data(c, req, &who, tr("Protection duties"), "obligations");
               d.set("total", summary(tr("All facilities"), ov->total));
               Data fs = list();
               for (const auto& f : ov->facilities) {
                 Data x = standing(f.standing);
                 x.set("id", std::to_string(f.facility_id));
                 x.set("facility", f.facility);
                 x.set("organisation", f.organisation);
                 x.set("criticality", std::to_string(f.criticality));
                 fs.push_back(x);
               }
               d.set("facilities", fs);
               d.set("no_facilities", ov->facilities.empty());
               Data orgs = list(), regions = list();
               for (const auto& g : ov->organisations) orgs.push_back(summary(g.label, g.summary));
               for (const auto& g : ov->regions) regions.push_back(summary(g.label, g.summary));
               d.set("organisations", orgs);
               d.set("regions", regions);
               d.set("trend", trend(c, ov->trend));
               d.set("overdue", findings(overdue->items, o.today(), who));
               d.set("no_overdue", overdue->items.empty());
               return render(c, "console/obligations", d);
             }));

  router.add("GET", "/console/obligations/duties",
             page(c, kReaders, [&c, &o](Request& req, const Principal& who, const Form&) {
               auto ds = o.duties(who);
               if (!ds) return error_page(c, req, who, ds.error());
               auto d = base_data(c, req, &who, tr("Duties by criticality"), "obligations");
               Data rows = list();
               for (const auto& x : *ds) {
                 Data r = object();
                 r.set("name", duty_name(x.name_en, x.name_ru, x.name_kk));
                 r.set("measure", word(x.measure));
                 for (int k = 0; k < obligations::kCriticalityClasses; ++k)
                   r.set("level_" + std::to_string(k + 1),
                         x.levels[k] ? amount(x.measure, x.levels[k]) : tr("does not apply"));
                 r.set("active", tr(x.active ? "yes" : "no"));
                 r.set("version", std::to_string(x.version));
                 r.set("code", x.code);
                 rows.push_back(r);
               }
               d.set("duties", rows);
               d.set("can_edit", who.in(obligations::kDutyEditors));
               return render(c, "console/obligations_duties", d);
             }));

  router.add("GET", "/console/obligations/facilities/{id:id}",
             page(c, kReaders, [&c, &o](Request& req, const Principal& who, const Form&) {
               auto fc = o.facility_compliance(who, req.id());
               if (!fc) return error_page(c, req, who, fc.error());
               auto as = o.assessments(who, req.id(), std::nullopt, 50);
               if (!as) return error_page(c, req, who, as.error());
               auto is = o.inspections(who, req.id(), std::nullopt, 50);
               if (!is) return error_page(c, req, who, is.error());
               auto d = base_data(c, req, &who, fc->facility.facility, "obligations");
               d.set("facility", fc->facility.facility);
               d.set("organisation", fc->facility.organisation);
               d.set("criticality", std::to_string(fc->facility.criticality));
               d.set("standing", standing(fc->facility.standing));
               Data history = list();
               for (const auto& s : fc->history) {
                 Data h = object();
                 h.set("at", local_time(c, s.taken_at));
                 h.set("status", word(s.status));
                 h.set("score", std::to_string(s.score) + " %");
                 history.push_back(h);
               }
               d.set("history", history);
               Data assessments = list();
               for (const auto& a : as->items) {
                 auto full = o.assessment(who, a.id);
                 Data x = object();
                 x.set("id", std::to_string(a.id));
                 x.set("assessed_on", a.assessed_on);
                 x.set("workers", std::to_string(a.workers));
                 x.set("result", trf("{} of {} duties met", a.met, a.required));
                 x.set("submitted_by", a.submitted_by);
                 x.set("lines", check_lines(a.lines));
                 Data files = list();
                 if (full)
                   for (const auto& e : full->evidence) {
                     Data f = object();
                     f.set("href", "/api/v1/obligations/evidence/" + std::to_string(e.id));
                     f.set("name", e.name);
                     f.set("size", trf("{} KB", (e.bytes + 1023) / 1024));
                     files.push_back(f);
                   }
                 x.set("has_files", full && !full->evidence.empty());
                 x.set("files", files);
                 assessments.push_back(x);
               }
               d.set("assessments", assessments);
               d.set("no_assessments", as->items.empty());
               Data inspections = list();
               for (const auto& i : is->items) {
                 Data x = object();
                 x.set("id", std::to_string(i.id));
                 x.set("inspected_on", i.inspected_on);
                 x.set("inspector", i.inspector);
                 x.set("result", trf("{} of {} duties met", i.met, i.required));
                 x.set("findings", std::to_string(i.findings.size()));
                 inspections.push_back(x);
               }
               d.set("inspections", inspections);
               d.set("no_inspections", is->items.empty());
               return render(c, "console/obligations_facility", d);
             }));

  router.add("GET", "/console/obligations/inspections/{id:id}",
             page(c, kReaders, [&c, &o](Request& req, const Principal& who, const Form&) {
               auto i = o.inspection(who, req.id());
               if (!i) return error_page(c, req, who, i.error());
               auto fc = o.facility_compliance(who, i->facility_id);
               std::string facility = fc ? fc->facility.facility : std::to_string(i->facility_id);
               auto d = base_data(c, req, &who, trf("Inspection {}", i->id), "obligations");
               d.set("id", std::to_string(i->id));
               d.set("facility", facility);
               d.set("facility_id", std::to_string(i->facility_id));
               d.set("organisation", fc ? fc->facility.organisation : "");
               d.set("inspected_on", i->inspected_on);
               d.set("inspector", i->inspector);
               d.set("notes", i->notes);
               d.set("result", trf("{} of {} duties met", i->met, i->required));
               d.set("lines", check_lines(i->lines));
               d.set("findings", findings(i->findings, o.today(), who));
               d.set("no_findings", i->findings.empty());
               d.set("changed", req.query_param("changed").has_value());
               return render(c, "console/obligations_inspection", d);
             }));

  router.add(
      "POST", "/console/obligations/findings/{id:id}/status",
      page(c, kFollowers, [&c, &o](Request& req, const Principal& who, const Form& form) {
        core::Json body{{"status", form_value(form, "status")}, {"note", form_value(form, "note")}};
        auto r = o.change_finding(who, auth::actor(req, who), req.id(), body);
        if (!r) return error_page(c, req, who, r.error());
        return Response::redirect("/console/obligations/inspections/" +
                                  std::to_string(r->finding.inspection_id) + "?changed=1");
      }));

  // The duties table's forms (admins).
  const std::string duties = "/console/obligations/duties";
  router.add(
      "GET", duties + "/new",
      page(c, obligations::kDutyEditors,
           [&c, duties](Request& req, const Principal& who, const Form&) {
             FormView v{"obligations", "New duty", "Add the duty", duties, duty_fields(true)};
             return show_form(
                 c, req, who, v, [](const std::string& n) { return n == "active" ? "true" : ""; },
                 nullptr);
           }));
  router.add(
      "POST", duties + "/new",
      page(c, obligations::kDutyEditors,
           [&c, &o, duties](Request& req, const Principal& who, const Form& form) {
             FormView v{"obligations", "New duty", "Add the duty", duties, duty_fields(true)};
             auto r =
                 o.create_duty(who, auth::actor(req, who), duty_body(v.fields, form, true, true));
             if (r) return Response::redirect(duties, 303);
             if (r.error().code != core::ErrorCode::invalid)
               return error_page(c, req, who, r.error());
             auto e = on_duty_fields(r.error());
             return show_form(
                 c, req, who, v, [&](const std::string& n) { return form_value(form, n); }, &e);
           }));
  // The duty as it is now, with whether qorgan.toml sets its levels.
  auto duty_of = [&o](const Principal& who,
                      const std::string& code) -> core::Result<obligations::Duty> {
    auto all = o.duties(who);
    if (!all) return core::fail(all.error());
    for (const auto& d : *all)
      if (d.code == code) return d;
    return core::fail(core::Error::not_found("No duty has the code " + code + "."));
  };
  router.add("GET", duties + "/{code}/edit",
             page(c, obligations::kDutyEditors,
                  [&c, duties, duty_of](Request& req, const Principal& who, const Form&) {
                    auto d = duty_of(who, req.params["code"]);
                    if (!d) return error_page(c, req, who, d.error());
                    FormView v{"obligations", "Change the duty",           "Save the duty",
                               duties,        duty_fields(!d->overridden), {},
                               false};
                    v.title = tr("Change the duty") + ": " +
                              duty_name(d->name_en, d->name_ru, d->name_kk);
                    return show_form(
                        c, req, who, v,
                        [&](const std::string& n) -> std::string {
                          if (n == "name.kk") return d->name_kk;
                          if (n == "name.ru") return d->name_ru;
                          if (n == "name.en") return d->name_en;
                          if (n == "active") return d->active ? "true" : "";
                          if (n == "position") return std::to_string(d->position);
                          for (int k = 1; k <= obligations::kCriticalityClasses; ++k)
                            if (n == "level_" + std::to_string(k) && d->levels[k - 1])
                              return std::to_string(*d->levels[k - 1]);
                          return "";
                        },
                        nullptr);
                  }));
  router.add(
      "POST", duties + "/{code}/edit",
      page(c, obligations::kDutyEditors,
           [&c, &o, duties, duty_of](Request& req, const Principal& who, const Form& form) {
             auto d = duty_of(who, req.params["code"]);
             if (!d) return error_page(c, req, who, d.error());
             FormView v{"obligations", "Change the duty",           "Save the duty",
                        duties,        duty_fields(!d->overridden), {},
                        false};
             v.title = tr("Change the duty") + ": " + duty_name(d->name_en, d->name_ru, d->name_kk);
             auto r = o.update_duty(who, auth::actor(req, who), d->code,
                                    duty_body(v.fields, form, false, !d->overridden));
             if (r) return Response::redirect(duties, 303);
             if (r.error().code != core::ErrorCode::invalid)
               return error_page(c, req, who, r.error());
             auto e = on_duty_fields(r.error());
             return show_form(
                 c, req, who, v, [&](const std::string& n) { return form_value(form, n); }, &e);
           }));
}

}  // namespace qorgan::console
