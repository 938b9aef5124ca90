#include "demo/loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "demo/buildings.hpp"
#include "demo/dataset.hpp"
#include "demo/districts.hpp"

namespace qorgan::demo {

using core::Error;
using core::fail;
using core::Json;

namespace {

// Names the record that a service refused, so a broken data set is easy to fix.
core::Error explain(const core::Error& e, const std::string& what) {
  core::Error out = e;
  out.message = "demo data rejected for " + what + ": " + e.message;
  for (const auto& f : e.fields) out.message += " [" + f.field + ": " + f.message + "]";
  return out;
}

Json place_json(const Place& p, const char* level, std::optional<std::int64_t> parent) {
  Json j{
      {"code", std::string(p.code)},
      {"level", level},
      {"name", {{"kk", std::string(p.kk)}, {"ru", std::string(p.ru)}, {"en", std::string(p.en)}}},
      {"centroid", {{"lat", p.lat}, {"lon", p.lon}}}};
  if (parent) j["parent_id"] = *parent;
  return j;
}

struct Ids {
  std::int64_t almaty = 0;
  std::vector<std::int64_t> districts;
  std::vector<std::vector<std::int64_t>> hoods;
  std::int64_t akimat = 0, education = 0, health = 0, police = 0, emergencies = 0;
  std::vector<std::int64_t> district_akimats;
  std::vector<std::int64_t> units;
  std::vector<std::int64_t> people;
  std::int64_t energy_company = 0;
};

struct OrgSeed {
  const char* name;
  const char* kind;
  const char* size;
  int district;  // -1: the city
  const char* contact;
};

// Organisations. State agencies of the city are real bodies (facts); every company and NGO is
// fictional, and so are all contact names, phones (+7700000 9xxx) and e-mails (example.kz).
constexpr OrgSeed kOrganisations[] = {
    {"Аппарат акима города Алматы", "agency", "large", -1, "Дежурная часть"},
    {"Управление образования города Алматы", "agency", "large", -1, "Оспанов Ерлан Маратович"},
    {"Управление общественного здравоохранения города Алматы", "agency", "large", -1,
     "Ким Ольга Викторовна"},
    {"Департамент полиции города Алматы", "agency", "large", -1, "Дежурная часть"},
    {"Департамент по чрезвычайным ситуациям города Алматы", "agency", "large", -1,
     "Оперативный дежурный"},
    // Fictional companies: large ones carry facility-protection obligations.
    {"АО «Жетіқала Энерго»", "company", "large", 1, "Сулейменов Арман Канатович"},
    {"ТОО «Көкбұлақ Су Арнасы»", "company", "large", 0, "Петрова Анна Сергеевна"},
    {"АО «Іле Газ Тасымал»", "company", "large", 7, "Жакупов Нурлан Берикович"},
    {"АО «Алатау Байланыс Желісі»", "company", "large", 3, "Лебедев Игорь Павлович"},
    {"АО «Шығыс Химия Өнеркәсібі»", "company", "large", 7, "Тохтаров Даурен Асхатович"},
    {"ТОО «Медеу Логистика Орталығы»", "company", "medium", 5, "Ахметова Динара Ерлановна"},
    {"ТОО «Саялы Құрылыс»", "company", "medium", 0, "Соколов Денис Андреевич"},
    {"ТОО «Бостандық Нан»", "company", "small", 3, "Исаева Жанар Серикқызы"},
    {"ТОО «Достархан Тамақтандыру»", "company", "small", 2, "Бекенов Айдар Болатович"},
    {"ОФ «Қамқор Жастар»", "ngo", "small", 4, "Нуртазина Аружан Маратовна"},
    {"ОО «Таулы Құтқарушылар»", "ngo", "medium", 6, "Волков Максим Игоревич"},
};

// Fictional company facilities at made-up positions near real districts.
struct CompanyFacility {
  const char* name;
  const char* kind;
  int owner;     // index into kOrganisations
  int district;  // index into districts()
  double dlat, dlon;
  int criticality, guard_posts;
};
constexpr CompanyFacility kCompanyFacilities[] = {
    {"Подстанция 110 кВ «Жетіқала-1»", "energy", 5, 1, 0.004, -0.006, 1, 2},
    {"Подстанция 110 кВ «Жетіқала-4»", "energy", 5, 4, -0.006, 0.004, 1, 2},
    {"Распределительный пункт 10 кВ № 17", "energy", 5, 2, 0.003, 0.008, 2, 1},
    {"Насосная станция «Көкбұлақ»", "water", 6, 0, -0.005, -0.004, 1, 2},
    {"Резервуарный парк питьевой воды № 2", "water", 6, 6, 0.010, 0.012, 1, 2},
    {"Газораспределительная станция «Іле-Шығыс»", "gas", 7, 7, 0.012, 0.015, 1, 3},
    {"Газорегуляторный пункт № 34", "gas", 7, 3, -0.004, 0.006, 2, 1},
    {"Узел связи «Алатау-Центр»", "telecom", 8, 3, 0.002, -0.003, 1, 2},
    {"Базовая станция связи № 118", "telecom", 8, 5, -0.008, 0.010, 2, 0},
    {"Склад хлора водоочистных сооружений", "industrial_hazard", 9, 7, 0.015, 0.020, 1, 3},
    {"Логистический терминал «Медеу»", "transport", 10, 5, 0.006, -0.006, 3, 1},
};

std::int64_t shelter_for(const PublicBuilding& b, std::size_t i) {
  // Gym halls and basements: a few hundred people, varying by building.
  std::uint64_t h = std::uint64_t(b.osm_id ? b.osm_id : std::int64_t(i) + 1) * 2654435761ULL;
  return 300 + std::int64_t(h % 13) * 50;
}

}  // namespace

bool registry_empty(registry::Registry& reg) {
  // The demo loader acts as the system: an unscoped admin.
  const auto system = auth::system_principal("cli:demo");
  auto regions =
      reg.regions.list(system, {}, core::ListParams::first(registry::Regions::sorts(), 1));
  if (!regions || !regions->items.empty()) return false;
  auto orgs = reg.organisations.list(system, {},
                                     core::ListParams::first(registry::Organisations::sorts(), 1));
  return orgs && orgs->items.empty();
}

core::Result<Report> load(registry::Registry& reg, auth::Accounts& accounts, const Options& opt) {
  auto started = std::chrono::steady_clock::now();
  auto say = [&](const std::string& s) {
    if (opt.progress) opt.progress(s);
  };
  if (!registry_empty(reg))
    return fail(Error::conflict(
        "the database already holds registry data; the demo only fills a new, empty database "
        "(create one with: qorgan --db sqlite:var/demo.db migrate)"));

  const auto actor = auth::Actor::cli("demo");
  const auto admin = auth::system_principal("cli:demo");
  Report rep;
  Ids ids;

  // Regions: Kazakhstan → Almaty → districts → micro-districts.
  auto kz = reg.regions.create(admin, actor, place_json(kazakhstan(), "country", std::nullopt));
  if (!kz) return fail(explain(kz.error(), "the country"));
  auto city = reg.regions.create(admin, actor, place_json(almaty(), "city", kz->id));
  if (!city) return fail(explain(city.error(), "Almaty"));
  ids.almaty = city->id;
  rep.regions = 2;
  for (const auto& d : districts()) {
    auto r = reg.regions.create(admin, actor, place_json(d.place, "district", ids.almaty));
    if (!r) return fail(explain(r.error(), std::string(d.place.en)));
    ids.districts.push_back(r->id);
    ids.hoods.emplace_back();
    ++rep.regions;
    for (const auto& n : d.neighbourhoods) {
      auto h = reg.regions.create(admin, actor, place_json(n, "neighbourhood", r->id));
      if (!h) return fail(explain(h.error(), std::string(n.en)));
      ids.hoods.back().push_back(h->id);
      ++rep.regions;
    }
  }
  say(fmt::format("regions: {} (Kazakhstan, Almaty, 8 districts, micro-districts)", rep.regions));

  // Organisations: the city's agencies, each district's akimat, fictional companies and NGOs.
  std::vector<std::int64_t> org_ids;
  int phone = 9001;
  auto add_org = [&](const std::string& name, const char* kind, const char* size,
                     std::int64_t region,
                     const std::string& contact) -> core::Result<std::int64_t> {
    Json body{{"name", name},
              {"kind", kind},
              {"size_category", size},
              {"region_id", region},
              {"contact_name", contact},
              {"phone", fmt::format("+7700000{:04}", phone)},
              {"email", fmt::format("org{}@example.kz", phone)}};
    ++phone;
    auto o = reg.organisations.create(admin, actor, body);
    if (!o) return fail(explain(o.error(), name));
    ++rep.organisations;
    return o->id;
  };
  for (const auto& o : kOrganisations) {
    auto id = add_org(o.name, o.kind, o.size,
                      o.district < 0 ? ids.almaty : ids.districts[o.district], o.contact);
    if (!id) return fail(id.error());
    org_ids.push_back(*id);
  }
  ids.akimat = org_ids[0];
  ids.education = org_ids[1];
  ids.health = org_ids[2];
  ids.police = org_ids[3];
  ids.emergencies = org_ids[4];
  ids.energy_company = org_ids[5];
  static const char* kGenitive[] = {"Алатауского",    "Алмалинского", "Ауэзовского",
                                    "Бостандыкского", "Жетысуского",  "Медеуского",
                                    "Наурызбайского", "Турксибского"};
  for (std::size_t d = 0; d < districts().size(); ++d) {
    auto id = add_org(fmt::format("Аппарат акима {} района", kGenitive[d]), "agency", "medium",
                      ids.districts[d], "Дежурная часть");
    if (!id) return fail(id.error());
    ids.district_akimats.push_back(*id);
  }
  say(fmt::format("organisations: {}", rep.organisations));

  // Key facilities at real public buildings (OSM or the built-in list), then company sites.
  std::vector<PublicBuilding> buildings;
  if (!opt.osm_file.empty()) {
    auto read = read_osm_buildings(opt.osm_file, almaty_box());
    if (read && !read->empty()) {
      buildings = std::move(*read);
      rep.used_osm = true;
      rep.facility_source = fmt::format(
          "{} public buildings from OpenStreetMap ({}), © OpenStreetMap contributors (ODbL)",
          buildings.size(), opt.osm_file);
    } else {
      rep.facility_source = fmt::format(
          "built-in list of well-known Almaty buildings (the OSM file {} could not be used: {})",
          opt.osm_file, read ? "no public buildings in Almaty" : read.error().message);
    }
  }
  if (!rep.used_osm) {
    buildings = builtin_buildings();
    if (rep.facility_source.empty())
      rep.facility_source = fmt::format(
          "built-in list of {} well-known Almaty buildings (no OSM extract found: set osm_dir "
          "or QORGAN_OSM_DIR to a folder with almaty-2013.osm.pbf)",
          buildings.size());
  }
  for (std::size_t i = 0; i < buildings.size(); ++i) {
    const auto& b = buildings[i];
    auto near = nearest_district(b.lat, b.lon);
    if (near.metres > 12000) continue;  // outside the city's districts
    std::optional<std::int64_t> owner;
    int criticality = 3, guards = 0;
    if (b.kind == "education") owner = ids.education, criticality = 2, guards = 1;
    if (b.kind == "medical") owner = ids.health, criticality = 1, guards = 2;
    if (b.osm_tag == "amenity=police") owner = ids.police, criticality = 2, guards = 1;
    if (b.osm_tag == "amenity=fire_station") owner = ids.emergencies, criticality = 1, guards = 1;
    if (b.osm_tag == "amenity=townhall")
      owner = ids.district_akimats[near.index], criticality = 2, guards = 2;
    if (b.kind == "transport" || b.kind == "energy" || b.kind == "water")
      criticality = 1, guards = 2;
    Json body{{"name", b.name},
              {"kind", b.kind},
              {"region_id", ids.districts[near.index]},
              {"location", {{"lat", b.lat}, {"lon", b.lon}}},
              {"criticality", criticality},
              {"guard_posts", guards}};
    if (owner) body["organisation_id"] = *owner;
    if (!b.address.empty()) body["address"] = b.address;
    if (b.is_school() || b.osm_tag == "amenity=university") {
      body["shelter_capacity"] = shelter_for(b, i) * (b.is_school() ? 1 : 2);
      ++rep.shelters;
    }
    auto f = reg.facilities.create(admin, actor, body);
    if (!f) return fail(explain(f.error(), b.name));
    ++rep.facilities;
  }
  for (const auto& c : kCompanyFacilities) {
    const auto& d = districts()[c.district].place;
    Json body{{"name", c.name},
              {"kind", c.kind},
              {"organisation_id", org_ids[c.owner]},
              {"region_id", ids.districts[c.district]},
              {"location", {{"lat", d.lat + c.dlat}, {"lon", d.lon + c.dlon}}},
              {"criticality", c.criticality},
              {"guard_posts", c.guard_posts}};
    auto f = reg.facilities.create(admin, actor, body);
    if (!f) return fail(explain(f.error(), c.name));
    ++rep.facilities;
  }
  say(fmt::format("facilities: {} ({} with shelter capacity); source: {}", rep.facilities,
                  rep.shelters, rep.facility_source));

  // Units, parents first.
  DataSet ds = generate(opt.seed, opt.people);
  for (const auto& u : ds.units) {
    Json positions = Json::array();
    for (const auto& p : u.positions)
      positions.push_back({{"position", p.position}, {"target", p.target}});
    Json body{{"name", u.name},
              {"kind", u.kind},
              {"status", u.status},
              {"region_id", ids.districts[u.district]},
              {"positions", positions}};
    if (u.parent) body["parent_id"] = ids.units[*u.parent];
    auto r = reg.units.create(admin, actor, body);
    if (!r) return fail(explain(r.error(), u.name));
    ids.units.push_back(r->id);
    ++rep.units;
  }
  say(fmt::format("units: {}", rep.units));

  // People, then their memberships, then each unit's commander.
  auto hhmm = [](int m) { return fmt::format("{:02}:{:02}", m / 60, m % 60); };
  for (std::size_t i = 0; i < ds.people.size(); ++i) {
    const auto& p = ds.people[i];
    Json skills = Json::array(), slots = Json::array(), away = Json::array();
    for (const auto& s : p.skills)
      skills.push_back(
          {{"skill", s.skill}, {"qualified_on", s.qualified_on}, {"expires_on", s.expires_on}});
    for (const auto& s : p.availability)
      slots.push_back(
          {{"weekday", s.weekday}, {"start", hhmm(s.start_minute)}, {"end", hhmm(s.end_minute)}});
    for (const auto& a : p.unavailable)
      away.push_back({{"from", a.from}, {"to", a.to}, {"reason", a.reason}});
    std::int64_t region =
        p.neighbourhood ? ids.hoods[p.district][*p.neighbourhood] : ids.districts[p.district];
    Json body{{"family_name", p.family_name},
              {"given_name", p.given_name},
              {"birth_date", p.birth_date},
              {"iin", p.iin},
              {"phone", p.phone},
              {"region_id", region},
              {"status", p.status},
              {"skills", skills},
              {"availability", slots},
              {"unavailable", away}};
    if (p.patronymic) body["patronymic"] = *p.patronymic;
    if (p.email) body["email"] = *p.email;
    auto r = reg.people.create(admin, actor, body);
    if (!r) return fail(explain(r.error(), p.family_name + " " + p.given_name));
    ids.people.push_back(r->id);
    ++rep.people;
    if (opt.progress && (i + 1) % 500 == 0) say(fmt::format("people: {}…", i + 1));
  }
  for (std::size_t i = 0; i < ds.people.size(); ++i) {
    const auto& m = ds.people[i].membership;
    if (!m) continue;
    Json body{{"unit_id", ids.units[m->unit]}, {"position", m->position}, {"from", m->from_date}};
    auto r = reg.people.add_membership(admin, actor, ids.people[i], body);
    if (!r) return fail(explain(r.error(), "a membership of " + ds.people[i].family_name));
    ++rep.memberships;
  }
  for (std::size_t u = 0; u < ds.units.size(); ++u) {
    if (!ds.commanders[u]) continue;
    auto r = reg.units.update(admin, actor, ids.units[u],
                              {{"commander_id", ids.people[*ds.commanders[u]]}});
    if (!r) return fail(explain(r.error(), "the commander of " + ds.units[u].name));
  }
  say(fmt::format("people: {}, memberships: {}", rep.people, rep.memberships));

  // One account per role, each with a fresh random password (never stored anywhere but the
  // accounts file the operator is told about).
  std::optional<std::size_t> volunteer;
  for (std::size_t i = 0; i < ds.people.size() && !volunteer; ++i) {
    const auto& m = ds.people[i].membership;
    if (m && ds.units[m->unit].kind == "volunteer_squad" && m->position == "volunteer")
      volunteer = i;
  }
  auto make = [&](const std::string& login, auth::Role role, const std::string& scope,
                  auto&& scope_setter) -> core::Status {
    auth::NewAccount a;
    a.login = login;
    a.role = role;
    a.password = core::random_token(12);  // 16 characters of base64url, 96 bits
    scope_setter(a);
    auto id = accounts.create(actor, a);
    if (!id) return fail(explain(id.error(), "the account " + login));
    rep.accounts.push_back({login, a.password, std::string(auth::to_string(role)), scope});
    return {};
  };
  std::int64_t battalion = ids.units[0];
  std::vector<core::Status> made;
  made.push_back(make("demo-admin", auth::Role::admin, "everything", [](auth::NewAccount&) {}));
  made.push_back(make("demo-hq", auth::Role::hq_staff, "region Almaty (750000000)",
                      [](auth::NewAccount& a) { a.region_code = "750000000"; }));
  made.push_back(make("demo-commander", auth::Role::commander,
                      fmt::format("unit {} ({})", battalion, ds.units[0].name),
                      [&](auth::NewAccount& a) { a.unit_id = battalion; }));
  made.push_back(
      make("demo-company", auth::Role::company_officer,
           fmt::format("organisation {} ({})", ids.energy_company, kOrganisations[5].name),
           [&](auth::NewAccount& a) { a.organisation_id = ids.energy_company; }));
  if (volunteer) {
    const auto& v = ds.people[*volunteer];
    made.push_back(
        make("demo-volunteer", auth::Role::volunteer,
             fmt::format("person {} ({} {})", ids.people[*volunteer], v.family_name, v.given_name),
             [&](auth::NewAccount& a) { a.person_id = ids.people[*volunteer]; }));
  }
  made.push_back(
      make("demo-auditor", auth::Role::auditor, "read-only, audit log", [](auth::NewAccount&) {}));
  made.push_back(
      make("demo-editor", auth::Role::editor, "portal: writes articles", [](auth::NewAccount&) {}));
  made.push_back(make("demo-chief-editor", auth::Role::chief_editor,
                      "portal: approves and publishes", [](auth::NewAccount&) {}));
  made.push_back(make("demo-alert-officer", auth::Role::alert_officer,
                      "public alerts, region Almaty (750000000)",
                      [](auth::NewAccount& a) { a.region_code = "750000000"; }));
  for (auto& s : made)
    if (!s) return fail(s.error());

  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return rep;
}

core::Status write_accounts_file(const std::string& path, const std::vector<DemoAccount>& list) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto dir = fs::path(path).parent_path();
  if (!dir.empty()) fs::create_directories(dir, ec);
  std::string text;
  for (const auto& a : list)
    text += fmt::format("{:<16} {:<18} {:<16} {}\n", a.login, a.password, a.role, a.scope);
  // Created 0600 (and tightened if it existed): it holds passwords.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(Error::internal("cannot write " + path));
  ::fchmod(fd, 0600);
  bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) return fail(Error::internal("cannot write " + path));
  return {};
}

}  // namespace qorgan::demo
