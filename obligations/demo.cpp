#include "obligations/demo.hpp"

#include <algorithm>
#include <chrono>

#include "core/time.hpp"

namespace qorgan::obligations {

using core::Error;
using core::fail;
using core::Json;

namespace {

// Today in the service's zone minus `days`, "YYYY-MM-DD".
std::string days_ago(const Obligations& o, int days) {
  using namespace std::chrono;
  auto today = core::parse_date(o.today());
  sys_days d =
      year_month_day{year{today->year}, month{unsigned(today->month)}, day{unsigned(today->day)}};
  year_month_day back{d - std::chrono::days{days}};
  return core::format_date(
      {int(back.year()), int(unsigned(back.month())), int(unsigned(back.day()))});
}

Error explain(const Error& e, const std::string& what) {
  Error out = e;
  out.message = "demo protection duties data rejected for " + what + ": " + e.message;
  for (const auto& f : e.fields) out.message += " [" + f.field + ": " + f.message + "]";
  return out;
}

// What the company reports (or the inspector finds) for each duty of class 1.
Json answers(std::int64_t guards, std::int64_t lighting, std::int64_t backup_hours,
             std::int64_t shelter_places) {
  return Json::array({{{"duty", "guards_per_shift"}, {"value", guards}},
                      {{"duty", "access_control"}, {"value", 1}},
                      {{"duty", "perimeter_lighting"}, {"value", lighting}},
                      {{"duty", "video_surveillance"}, {"value", 1}},
                      {{"duty", "backup_power_hours"},
                       {"value", backup_hours},
                       {"comment", "Дизель-генератор 500 кВт, запас топлива на складе"}},
                      {{"duty", "shelter_places_percent"}, {"value", shelter_places}},
                      {{"duty", "drills_per_year"}, {"value", 4}}});
}

// A one-page PDF standing for the scanned protection plan.
constexpr std::string_view kPlanPdf =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages "
    "/Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 "
    "595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

}  // namespace

core::Result<DemoReport> load_demo(registry::Registry& registry, Obligations& o) {
  const auto sys = auth::system_principal("cli:demo");
  const auto actor = auth::Actor::cli("demo");
  DemoReport rep;
  auto city = registry.regions.by_code("750000000");
  if (!city) return fail(explain(city.error(), "Almaty"));

  // The registry demo's first large company (the one its company officer account works for).
  registry::OrganisationFilter of;
  of.kind = "company";
  of.size_category = "large";
  auto companies = registry.organisations.list(
      sys, of, core::ListParams::first(registry::Organisations::sorts(), 500));
  if (!companies || companies->items.empty())
    return fail(Error::conflict("The demo registry has no large company."));
  auto company = std::ranges::min(companies->items, {}, &registry::Organisation::id);
  rep.organisation_id = company.id;
  auto substation = registry.facilities.create(sys, actor,
                                               {{"name", "Подстанция 220 кВ «Тау-Энерго Южная»"},
                                                {"kind", "energy"},
                                                {"region_id", city->id},
                                                {"organisation_id", company.id},
                                                {"address", "Алматы, мкр. Шугыла"},
                                                {"location", {{"lat", 43.2021}, {"lon", 76.8454}}},
                                                {"criticality", 1},
                                                {"guard_posts", 2}});
  if (!substation) return fail(explain(substation.error(), "the substation"));
  rep.facility_id = substation->id;

  auto officer = auth::system_principal("cli:demo-company");
  officer.role = auth::Role::company_officer;
  officer.organisation_id = company.id;
  auto assessment = o.submit_assessment(
      officer, actor, substation->id,
      {{"assessed_on", days_ago(o, 45)}, {"workers", 140}, {"answers", answers(4, 1, 24, 160)}});
  if (!assessment) return fail(explain(assessment.error(), "the self-assessment"));
  rep.assessment_id = assessment->id;
  auto plan = o.add_evidence(officer, actor, assessment->id, kPlanPdf, "application/pdf",
                             "План охраны объекта.pdf");
  if (!plan) return fail(explain(plan.error(), "the evidence"));

  auto inspector = auth::system_principal("cli:demo-inspector");
  inspector.role = auth::Role::hq_staff;
  auto inspection = o.create_inspection(
      inspector, actor, substation->id,
      {{"inspected_on", days_ago(o, 21)},
       {"inspector", "майор Тимур Ахметов, штаб территориальной обороны"},
       {"workers", 140},
       {"notes", "Плановая проверка. Объект охраняется, пропускной режим соблюдается."},
       {"checklist", answers(3, 0, 24, 150)},
       {"findings",
        {{{"duty", "perimeter_lighting"},
          {"deficiency", "Северный участок периметра (около 300 м) не освещён"},
          {"severity", "high"},
          {"deadline", days_ago(o, 5)},
          {"responsible", "Главный энергетик Бауыржан Жумабаев"}},
         {{"duty", "guards_per_shift"},
          {"deficiency", "В ночную смену три охранника вместо четырёх"},
          {"severity", "medium"},
          {"deadline", days_ago(o, -30)},
          {"responsible", "Начальник службы безопасности Ирина Ли"}},
         {{"duty", "backup_power_hours"},
          {"deficiency", "Резервное питание на 24 часа вместо 72"},
          {"severity", "critical"},
          {"deadline", days_ago(o, -60)},
          {"responsible", "Главный энергетик Бауыржан Жумабаев"}}}}});
  if (!inspection) return fail(explain(inspection.error(), "the inspection"));
  rep.inspection_id = inspection->id;
  // The company has started on the guards.
  auto progress = o.change_finding(
      officer, actor, inspection->findings[1].id,
      {{"status", "in_progress"}, {"note", "Объявлен набор; кандидат проходит проверку"}});
  if (!progress) return fail(explain(progress.error(), "the follow-up"));
  rep.open_findings = std::int64_t(inspection->findings.size());
  return rep;
}

}  // namespace qorgan::obligations
