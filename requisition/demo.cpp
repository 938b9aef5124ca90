#include "requisition/demo.hpp"

#include <chrono>

#include <stb/stb_image_write.h>

#include "core/time.hpp"
#include "core/validate.hpp"
#include "requisition/checks.hpp"

namespace qorgan::requisition {

using core::Error;
using core::fail;
using core::Json;

namespace {

// A stand-in for the photograph on a taking act: a 640×480 gradient in the item's colour (the
// demo has no camera; the image goes through the same checks and thumbnail as a real one).
std::string demo_photo(unsigned char r, unsigned char g, unsigned char b) {
  const int w = 640, h = 480;
  std::vector<unsigned char> px(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      auto* p = &px[(size_t(y) * w + x) * 3];
      double t = double(x + y) / (w + h);
      p[0] = (unsigned char)(r * (1 - t) + 230 * t);
      p[1] = (unsigned char)(g * (1 - t) + 230 * t);
      p[2] = (unsigned char)(b * (1 - t) + 230 * t);
    }
  std::string out;
  stbi_write_png_to_func(
      [](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
      },
      &out, w, h, 3, px.data(), w * 3);
  return out;
}

// Today minus `days`, "YYYY-MM-DD".
std::string days_ago(int days) {
  using namespace std::chrono;
  auto today = core::parse_date(core::today_utc());
  sys_days d =
      year_month_day{year{today->year}, month{unsigned(today->month)}, day{unsigned(today->day)}};
  year_month_day back{d - std::chrono::days{days}};
  return core::format_date(
      {int(back.year()), int(unsigned(back.month())), int(unsigned(back.day()))});
}

// A fictional IIN of someone born on `birth` ("YYMMDD", 20th century).
std::string iin(const std::string& birth, int serial, bool man) {
  for (int s = serial;; ++s) {
    std::string first = birth + (man ? "3" : "4") + std::to_string(1000 + s % 9000);
    if (auto c = core::iin_check_digit(first)) return first + char('0' + *c);
  }
}

Error explain(const Error& e, const std::string& what) {
  Error out = e;
  out.message = "demo requisition data rejected for " + what + ": " + e.message;
  for (const auto& f : e.fields) out.message += " [" + f.field + ": " + f.message + "]";
  return out;
}

auth::Principal as(const std::string& login, auth::Role role) {
  auto p = auth::system_principal(login);
  p.role = role;
  return p;
}

}  // namespace

core::Result<DemoReport> load_demo(registry::Registry& registry, Requisitions& r) {
  const auto sys = auth::system_principal("cli:demo");
  // Distinct people for the two-person steps.
  const auto officer = as("cli:demo-officer", auth::Role::requisition_officer);
  const auto chair = as("cli:demo-commission", auth::Role::requisition_officer);
  const auto appraiser = as("cli:demo-appraiser", auth::Role::appraiser);
  const auto finance = as("cli:demo-finance", auth::Role::finance_officer);
  const auto treasury = as("cli:demo-treasury", auth::Role::finance_officer);
  const auto actor = auth::Actor::cli("demo");
  DemoReport rep;

  auto city = registry.regions.by_code("750000000");
  if (!city) return fail(explain(city.error(), "Almaty"));
  registry::FacilityFilter ff;
  ff.region = city->id;
  auto facilities =
      registry.facilities.list(sys, ff, core::ListParams::first(registry::Facilities::sorts(), 50));
  registry::UnitFilter uf;
  uf.region = city->id;
  auto units = registry.units.list(sys, uf, core::ListParams::first(registry::Units::sorts(), 50));
  if (!facilities || facilities->items.empty() || !units || units->items.empty())
    return fail(Error::conflict("The demo registry has no facility or unit in Almaty."));
  const auto& unit = units->items.front();

  auto decision = r.create_decision(
      officer, actor,
      {{"number", "17-р"},
       {"decided_on", days_ago(40)},
       {"issuing_body", "Акимат города Алматы"},
       {"grounds", "martial_law"},
       {"region_id", city->id},
       {"deadline", days_ago(-60)},
       {"collection_point_ids", {facilities->items.front().id}},
       {"officials",
        {{{"name", "Серик Жанболатович Алиев"}, {"position", "заместитель акима"}},
         {{"name", "Айдос Каримов"}, {"position", "начальник отдела мобилизационной подготовки"}}}},
       {"commission",
        {{{"name", "Дана Омарова"},
          {"position", "оценщик"},
          {"appraiser", true},
          {"licence", "ЛИЦ-0042-17"}},
         {{"name", "Ерлан Ким"}, {"position", "инженер-механик"}},
         {{"name", "Гульнара Бекова"}, {"position", "юрист"}}}}});
  if (!decision) return fail(explain(decision.error(), "the decision"));
  rep.decision_id = decision->id;

  struct Plan {
    Json item;
    int taken_ago;
  };
  auto person = [](const char* name, const std::string& id) {
    return Json{{"kind", "person"}, {"name", name}, {"iin", id}};
  };
  const std::vector<Plan> plans{
      {{{"kind", "vehicle"},
        {"description", "Грузовой автомобиль КамАЗ-43118"},
        {"requisition_type", "use"},
        {"details",
         {{"plate", "482KZA02"},
          {"vin", "XTC43118R00024718"},
          {"make", "КамАЗ"},
          {"model", "43118"},
          {"year", 2018}}},
        {"owner", person("Нурлан Серикович Ахметов", iin("760312", 11, true))}},
       3},
      {{{"kind", "vehicle"},
        {"description", "Внедорожник Toyota Land Cruiser Prado"},
        {"requisition_type", "use"},
        {"details",
         {{"plate", "117ADM02"},
          {"vin", "JTEBU3FJ10K041275"},
          {"make", "Toyota"},
          {"model", "Land Cruiser Prado"},
          {"year", 2016}}},
        {"owner", person("Айгуль Маратовна Сейтова", iin("820914", 22, false))}},
       30},
      {{{"kind", "building"},
        {"description", "Склад 1 200 м² с рампой"},
        {"requisition_type", "use"},
        {"details",
         {{"cadastral_number", "20:315:023:004"}, {"address", "Алматы, ул. Бокейханова, 510"}}},
        {"owner", Json{{"kind", "organisation"},
                       {"name", "ТОО «Жетысу Логистик»"},
                       {"bin", "050540004455"}}}},
       35},
      {{{"kind", "equipment"},
        {"description", "Дизельный генератор 200 кВт"},
        {"requisition_type", "ownership"},
        {"details", {{"serial", "DG200-2019-00731"}, {"name", "Генератор АД-200"}}},
        {"owner", person("Бауыржан Кайратович Оспанов", iin("690705", 33, true))}},
       34},
      {{{"kind", "vehicle"},
        {"description", "Микроавтобус ГАЗель Next"},
        {"requisition_type", "use"},
        {"details",
         {{"plate", "905BCT02"},
          {"vin", "X96A21R32K2775319"},
          {"make", "ГАЗ"},
          {"model", "A21R32"},
          {"year", 2019}}},
        {"owner", person("Ерболат Тимурович Жумабаев", iin("880221", 44, true))}},
       38},
  };
  std::vector<std::int64_t> ids;
  for (const auto& p : plans) {
    Json item = p.item;
    // The VINs are fictional: their check digit is made to fit.
    if (item["details"].contains("vin")) {
      std::string vin = item["details"]["vin"];
      vin[8] = '0';
      vin[8] = vin_check_character(vin);
      item["details"]["vin"] = vin;
    }
    auto i = r.add_item(officer, actor, decision->id, item);
    if (!i) return fail(explain(i.error(), p.item["description"]));
    auto taken =
        r.take(officer, actor, i->id,
               {{"act_date", days_ago(p.taken_ago)},
                {"place", "Пункт сбора: " + facilities->items.front().name},
                {"condition", "исправно, чисто"},
                {"readings", i->kind == "vehicle" ? "пробег 84 512 км" : ""},
                {"defects", i->kind == "vehicle" ? "скол на лобовом стекле" : ""},
                {"accessories", i->kind == "vehicle" ? "запасное колесо, аптечка" : ""},
                {"signed_by", {{"name", i->owner_name}, {"as", "owner"}, {"confirmed", true}}}},
               {{"front.png", demo_photo(i->kind == "vehicle" ? 40 : 150, 90, 60), "image/png"}});
    if (!taken) return fail(explain(taken.error(), "the taking act"));
    ids.push_back(i->id);
    if (i->kind == "building") {
      rep.owner_code = taken->code.value_or("");
      rep.owner_id = "050540004455";
    }
  }
  auto check = [](const auto& x, const char* what) -> core::Status {
    if (!x) return fail(explain(x.error(), what));
    return {};
  };
  // The car, the warehouse, the generator and the minibus go into custody with a unit.
  for (size_t k = 1; k < ids.size(); ++k)
    if (auto s =
            check(r.move(officer, actor, ids[k],
                         {{"unit_id", unit.id},
                          {"place", k == 2 ? "на месте, под охраной" : "автопарк подразделения"},
                          {"responsible", "лейтенант Нурлан Беков"},
                          {"moved_on", days_ago(plans[k].taken_ago - 1)}}),
                  "custody");
        !s)
      return fail(s.error());
  auto value = [&](size_t k, std::int64_t market, std::int64_t rent, std::int64_t damage,
                   int ago) -> core::Status {
    auto v = r.record_valuation(appraiser, actor, ids[k],
                                {{"appraiser", "Дана Омарова"},
                                 {"licence", "ЛИЦ-0042-17"},
                                 {"method", k == 2 ? "income" : "comparative"},
                                 {"value_date", days_ago(ago)},
                                 {"market_value", market},
                                 {"rent_per_day", rent},
                                 {"damage", damage}});
    if (!v) return fail(explain(v.error(), "a valuation"));
    return check(r.approve_valuation(chair, actor, v->id), "the approval");
  };
  // The warehouse: valued, the owner applies and disputes the rent.
  if (auto s = value(2, 180'000'000'000, 45'000'000, 0, plans[2].taken_ago); !s)
    return fail(s.error());
  if (auto s = check(
          r.apply(officer, actor, ids[2], {{"method", "bank"}, {"iban", "KZ86125KZT5004100100"}}),
          "an application");
      !s)
    return fail(s.error());
  if (auto s =
          check(r.open_dispute(
                    officer, actor, ids[2],
                    {{"reason", "Ставка аренды склада ниже рыночной: просим 600 000 ₸ в день."},
                     {"claimed", 2'100'000'000}}),
                "a dispute");
      !s)
    return fail(s.error());
  // The generator: taken into ownership, valued, applied for in cash, half paid.
  if (auto s = value(3, 1'250'000'000, 0, 0, plans[3].taken_ago); !s) return fail(s.error());
  if (auto s = check(r.apply(officer, actor, ids[3], {{"method", "cash"}}), "an application"); !s)
    return fail(s.error());
  auto half = r.create_order(finance, actor, ids[3],
                             {{"amount", 625'000'000}, {"idempotency_key", "demo-generator-1"}});
  if (!half) return fail(explain(half.error(), "a payment order"));
  if (auto s = check(r.confirm_order(treasury, actor, half->order.id), "a payment"); !s)
    return fail(s.error());
  // The minibus: returned with a dented door after 30 days; rent and damage paid in full.
  if (auto s = value(4, 0, 2'500'000, 0, plans[4].taken_ago); !s) return fail(s.error());
  if (auto s = check(
          r.give_back(
              officer, actor, ids[4],
              {{"act_date", days_ago(8)},
               {"place", "Пункт сбора"},
               {"condition", "вмятина на сдвижной двери, разбита левая фара"},
               {"readings", "пробег 61 204 км"},
               {"signed_by",
                {{"name", "Ерболат Тимурович Жумабаев"}, {"as", "owner"}, {"confirmed", true}}}}),
          "the return act");
      !s)
    return fail(s.error());
  if (auto s = value(4, 0, 2'500'000, 38'000'000, 8); !s) return fail(s.error());
  if (auto s = check(
          r.apply(officer, actor, ids[4], {{"method", "bank"}, {"iban", "KZ86125KZT5004100100"}}),
          "an application");
      !s)
    return fail(s.error());
  auto file = r.item(officer, ids[4]);
  if (!file) return fail(file.error());
  auto all = r.create_order(finance, actor, ids[4],
                            {{"amount", file->payable}, {"idempotency_key", "demo-minibus-1"}});
  if (!all) return fail(explain(all.error(), "a payment order"));
  if (auto s = check(r.confirm_order(treasury, actor, all->order.id), "a payment"); !s)
    return fail(s.error());

  rep.items = std::int64_t(ids.size());
  auto report = r.reconcile(sys, decision->id);
  if (report) rep.entries = report->totals.entries;
  return rep;
}

}  // namespace qorgan::requisition
