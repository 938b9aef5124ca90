// What the console shows of each registry entity: columns, filters, detail rows and form
// fields over the registry's typed records, bound to the registry's services (the same calls
// the API's routes make, so the same scope rules hold). Forms speak the services' JSON bodies,
// so a record's form values are its API JSON (registry_json.hpp).
#include <charconv>

#include "console/pages.hpp"
#include "console/region_people_section.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "registry/registry_json.hpp"

namespace qorgan::console {

using auth::Role;
using http::Request;
using registry::Facility;
using registry::Organisation;
using registry::Person;
using registry::Region;
using registry::Unit;

namespace {

const std::vector<Role> kEveryone{};

std::string opt_text(const std::optional<std::string>& s) {
  return s.value_or("");
}

std::string opt_text(const std::optional<std::int64_t>& n) {
  return n ? std::to_string(*n) : std::string();
}

std::string number_text(double d) {
  return core::Json(d).dump();
}

// The time zone the pages show times in (the console's, shared by every entity).
using Zone = std::shared_ptr<const std::string>;

// The start of every entity's description: its names, who reads and who writes it, its sorts.
// NOLINTBEGIN(performance-unnecessary-value-param): clang-tidy 14 misses the std::moves below
template <typename T, typename Filter>
Entity<T, Filter> entity(std::string key, std::string singular, std::string plural,
                         std::vector<Role> readers, std::vector<Role> writers,
                         const std::vector<core::SortOption>& sorts) {
  // NOLINTEND(performance-unnecessary-value-param)
  Entity<T, Filter> e;
  e.key = std::move(key);
  e.singular = std::move(singular);
  e.plural = std::move(plural);
  e.readers = std::move(readers);
  e.writers = std::move(writers);
  e.sorts = sorts;
  e.form_values = [](const T& r) { return registry::to_json(r); };
  return e;
}

// get, list, create, update and remove bound to a registry service (all take the caller).
template <typename T, typename Filter, typename Svc>
void bind_service(Entity<T, Filter>& e, Svc& svc) {
  e.list = [&svc](const Principal& who, const Filter& f, const core::ListParams& p) {
    return svc.list(who, f, p);
  };
  e.get = [&svc](const Principal& who, std::int64_t id) { return svc.get(who, id); };
  e.create = [&svc](const Principal& who, const auth::Actor& a, const core::Json& body) {
    return svc.create(who, a, body);
  };
  e.update = [&svc](const Principal& who, const auth::Actor& a, std::int64_t id,
                    const core::Json& body) { return svc.update(who, a, id, body); };
  e.remove = [&svc](const Principal& who, const auth::Actor& a, std::int64_t id) {
    return svc.remove(who, a, id);
  };
}

// A plain column: the field's text.
template <typename T>
Column<T> text(std::string label, std::function<std::string(const T&)> f) {
  return {std::move(label), [f = std::move(f)](const T& r, const Principal&) { return f(r); }};
}

// A code shown as words ("territorial_troops" → "Territorial troops").
template <typename T>
Column<T> code(std::string label, std::function<std::string(const T&)> f) {
  return {std::move(label),
          [f = std::move(f)](const T& r, const Principal&) { return tr(humanize(f(r))); }};
}

// A column naming the record whose id `id_of` gives and linking to its page under
// /console/<key>. The name is looked up with the viewer's rights: a record the viewer may not
// see reads as its id.
template <typename T, typename Svc>
Column<T> reference(
    Svc& svc, std::string label, std::function<std::optional<std::int64_t>(const T&)> id_of,
    const std::string& key,
    std::function<
        std::string(const typename std::decay_t<decltype(*svc.get(std::declval<Principal>(), 0))>&)>
        name_of) {
  return {std::move(label),
          [&svc, id_of, name_of](const T& r, const Principal& who) -> std::string {
            auto id = id_of(r);
            if (!id) return "";
            auto x = svc.get(who, *id);
            return x ? name_of(*x) : "#" + std::to_string(*id);
          },
          [id_of, key](const T& r) {
            auto id = id_of(r);
            return id ? "/console/" + key + "/" + std::to_string(*id) : std::string();
          }};
}

template <typename T>
Column<T> region_column(registry::Registry& reg, std::string label,
                        std::function<std::optional<std::int64_t>(const T&)> id_of) {
  return reference<T>(reg.regions, std::move(label), std::move(id_of), "regions",
                      [](const Region& r) { return region_name(r); });
}

// A select of codes ("territorial_troops" shown as "Territorial troops").
Field choice(std::string path, std::string label, const std::vector<std::string>& codes,
             bool required = false, std::string hint = "") {
  return {std::move(path),    std::move(label), FieldKind::select, required, std::move(hint), "",
          enum_options(codes)};
}

// A select whose values are record ids, with the choices computed for the caller.
Field id_choice(std::string path, std::string label, bool required,
                std::function<std::vector<Option>(const Principal&)> options) {
  Field f{std::move(path), std::move(label), FieldKind::select, required};
  f.numeric_value = true;
  f.options_fn = std::move(options);
  return f;
}

const std::vector<Option> kCriticality{
    {"1", "Class 1 (highest)"}, {"2", "Class 2"}, {"3", "Class 3"}};

std::vector<Option> organisation_options(registry::Registry& reg, const Principal& who) {
  std::vector<Option> out;
  auto list =
      reg.organisations.list(who, {}, core::ListParams::first(registry::Organisations::sorts()));
  if (!list) return out;
  for (const auto& o : list->items) out.push_back({std::to_string(o.id), o.name});
  return out;
}

Field region_field(registry::Registry& reg, std::string path, std::string label, bool required) {
  return id_choice(std::move(path), std::move(label), required,
                   [&reg](const Principal& who) { return region_options(reg, who); });
}

// The non-empty, trimmed lines of a textarea.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    auto line =
        core::trim(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (!line.empty()) out.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// --- the entities --------------------------------------------------------------------------

EntitySpec regions_spec(registry::Registry& reg) {
  using registry::Regions;
  auto e = entity<Region, registry::RegionFilter>("regions", "region", "Regions", kEveryone,
                                                  {Role::admin}, Regions::sorts());
  e.title = [](const Region& r) { return region_name(r); };
  e.columns = {text<Region>("Name", [](const Region& r) { return region_name(r); }),
               text<Region>("Name (Kazakh)", [](const Region& r) { return r.name_kk; }),
               text<Region>("Name (Russian)", [](const Region& r) { return r.name_ru; }),
               text<Region>("Code", [](const Region& r) { return r.code; }),
               code<Region>("Level", [](const Region& r) { return r.level; }),
               region_column<Region>(reg, "Parent", [](const Region& r) { return r.parent_id; })};
  e.details = e.columns;
  e.details.push_back(text<Region>("Centroid", [](const Region& r) {
    return r.lat && r.lon ? number_text(*r.lat) + ", " + number_text(*r.lon) : std::string();
  }));
  e.filters = {choice("level", "Level", Regions::levels()),
               region_field(reg, "within", "Within region", false)};
  e.fields = {{"name.en", "Name in English", FieldKind::text, true},
              {"name.kk", "Name in Kazakh", FieldKind::text, true},
              {"name.ru", "Name in Russian", FieldKind::text, true},
              {"code", "Official code (KATO)", FieldKind::text, true,
               "Digits, capital Latin letters and '-'."},
              choice("level", "Level", Regions::levels(), true),
              region_field(reg, "parent_id", "Parent region", false),
              {"centroid.lat", "Centroid latitude", FieldKind::number, false,
               "Decimal degrees, e.g. 43.2389."},
              {"centroid.lon", "Centroid longitude", FieldKind::number, false,
               "Decimal degrees, e.g. 76.8897."}};
  e.filter = [](const Request& req, std::vector<core::FieldError>& errors) {
    registry::RegionFilter f;
    f.level = http::query_enum(req, "level", Regions::levels(), errors);
    f.within = http::query_id(req, "within", errors);
    return f;
  };
  bind_service(e, reg.regions);
  e.sections = [&reg](view::Data& d, const Request&, const Principal& who, const Region& region,
                      const Rejected*) { region_people_section(reg, d, who, region); };
  return erase(std::move(e));
}

EntitySpec organisations_spec(registry::Registry& reg, const Zone& tz) {
  using registry::Organisations;
  auto e = entity<Organisation, registry::OrganisationFilter>(
      "organisations", "organisation", "Organisations",
      {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::company_officer},
      {Role::admin, Role::hq_staff}, Organisations::sorts());
  e.title = [](const Organisation& o) { return o.name; };
  e.columns = {text<Organisation>("Name", [](const Organisation& o) { return o.name; }),
               code<Organisation>("Kind", [](const Organisation& o) { return o.kind; }),
               code<Organisation>("Size", [](const Organisation& o) { return o.size_category; }),
               region_column<Organisation>(reg, "Region",
                                           [](const Organisation& o) { return o.region_id; })};
  e.details = e.columns;
  e.details.push_back(text<Organisation>("Facility-protection obligation", [](const auto& o) {
    return tr(o.protection_obligation() ? "Yes" : "No");
  }));
  e.details.push_back(
      text<Organisation>("Contact person", [](const auto& o) { return opt_text(o.contact_name); }));
  e.details.push_back(text<Organisation>("Phone", [](const auto& o) { return opt_text(o.phone); }));
  e.details.push_back(
      text<Organisation>("E-mail", [](const auto& o) { return opt_text(o.email); }));
  e.details.push_back(text<Organisation>(
      "Last changed", [tz](const auto& o) { return view::format_time(o.updated_at, *tz); }));
  e.filters = {choice("kind", "Kind", Organisations::kinds()),
               choice("size_category", "Size", Organisations::sizes()),
               region_field(reg, "region", "Region", false)};
  e.fields = {{"name", "Name", FieldKind::text, true, "", "organization"},
              choice("kind", "Kind", Organisations::kinds(), true),
              choice("size_category", "Size category", Organisations::sizes(), true,
                     "A large company must protect its facilities."),
              region_field(reg, "region_id", "Region", false),
              {"contact_name", "Contact person", FieldKind::text},
              {"phone", "Phone", FieldKind::tel, false, "International format, e.g. +77012345678."},
              {"email", "E-mail", FieldKind::email}};
  e.filter = [](const Request& req, std::vector<core::FieldError>& errors) {
    registry::OrganisationFilter f;
    f.kind = http::query_enum(req, "kind", Organisations::kinds(), errors);
    f.size_category = http::query_enum(req, "size_category", Organisations::sizes(), errors);
    f.region = http::query_id(req, "region", errors);
    return f;
  };
  bind_service(e, reg.organisations);
  return erase(std::move(e));
}

EntitySpec units_spec(registry::Registry& reg, const Zone& tz) {
  using registry::Units;
  auto e = entity<Unit, registry::UnitFilter>(
      "units", "unit", "Units",
      {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::volunteer},
      {Role::admin, Role::hq_staff}, Units::sorts());
  e.title = [](const Unit& u) { return u.name; };
  e.columns = {text<Unit>("Name", [](const Unit& u) { return u.name; }),
               code<Unit>("Kind", [](const Unit& u) { return u.kind; }),
               code<Unit>("Status", [](const Unit& u) { return u.status; }),
               region_column<Unit>(reg, "Home region", [](const Unit& u) { return u.region_id; })};
  e.details = e.columns;
  e.details.push_back(reference<Unit>(
      reg.units, "Parent unit", [](const Unit& u) { return u.parent_id; }, "units",
      [](const Unit& u) { return u.name; }));
  e.details.push_back(
      {"Commander", [](const Unit& u, const Principal&) { return opt_text(u.commander_id); },
       [](const Unit& u) {
         return u.commander_id ? "/console/people/" + std::to_string(*u.commander_id)
                               : std::string();
       }});
  e.details.push_back(text<Unit>("Target strength", [](const Unit& u) {
    std::string out;
    for (const auto& p : u.positions)
      out += (out.empty() ? "" : ", ") + p.position + ": " + std::to_string(p.target);
    return out;
  }));
  e.details.push_back(text<Unit>(
      "Last changed", [tz](const Unit& u) { return view::format_time(u.updated_at, *tz); }));
  e.filters = {choice("kind", "Kind", Units::kinds()),
               choice("status", "Status", Units::statuses()),
               region_field(reg, "region", "Home region", false)};
  Field positions{"positions", "Target strength by position", FieldKind::textarea, false,
                  "One position per line with its target, e.g. \"rifleman: 30\"."};
  positions.encode = [](const std::string& text) {
    core::Json arr = core::Json::array();
    for (const auto& line : lines_of(text)) {
      auto colon = line.rfind(':');
      std::string name = core::trim(line.substr(0, colon));
      std::string count = colon == std::string::npos ? "" : core::trim(line.substr(colon + 1));
      std::int64_t n = 0;
      auto [p, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
      // A count that does not parse goes as text, so that the service names the field.
      core::Json target = ec == std::errc() && p == count.data() + count.size() && !count.empty()
                              ? core::Json(n)
                              : core::Json(count);
      arr.push_back({{"position", name}, {"target", target}});
    }
    return arr;
  };
  positions.decode = [](const core::Json& r) {
    std::string out;
    if (const auto* p = json_at(r, "positions"))
      for (const auto& x : *p)
        out += json_text(x, "position") + ": " + json_text(x, "target") + "\n";
    return out;
  };
  e.fields = {{"name", "Name", FieldKind::text, true},
              choice("kind", "Kind", Units::kinds(), true),
              choice("status", "Status", Units::statuses(), false, "New units start as planned."),
              region_field(reg, "region_id", "Home region", true),
              id_choice("parent_id", "Parent unit", false,
                        [&reg](const Principal& who) { return unit_options(reg, who); }),
              {"commander_id", "Commander (person id)", FieldKind::integer, false,
               "The id of the person who commands the unit."},
              positions};
  e.filter = [](const Request& req, std::vector<core::FieldError>& errors) {
    registry::UnitFilter f;
    f.kind = http::query_enum(req, "kind", Units::kinds(), errors);
    f.status = http::query_enum(req, "status", Units::statuses(), errors);
    f.region = http::query_id(req, "region", errors);
    f.parent_id = http::query_id(req, "parent_id", errors);
    return f;
  };
  bind_service(e, reg.units);
  e.sections = [&reg](view::Data& d, const Request&, const Principal& who, const Unit& unit,
                      const Rejected*) { strength_section(reg, d, who, unit); };
  return erase(std::move(e));
}

EntitySpec people_spec(registry::Registry& reg, const Zone& tz) {
  using registry::People;
  auto e = entity<Person, registry::PersonFilter>(
      "people", "person", "People",
      {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::volunteer},
      {Role::admin, Role::hq_staff}, People::sorts());
  e.title = person_name;
  auto region_col =
      region_column<Person>(reg, "Home region", [](const Person& p) { return p.region_id; });
  e.columns = {text<Person>("Name", person_name),
               text<Person>("Born", [](const Person& p) { return p.birth_date; }),
               code<Person>("Status", [](const Person& p) { return p.status; }), region_col};
  auto iin = text<Person>("National ID (IIN)", [](const Person& p) { return p.iin; });
  iin.shown = [](const Person& p) { return p.view.iin; };
  auto contact = [](std::string label, std::optional<std::string> Person::*field) {
    auto c =
        text<Person>(std::move(label), [field](const Person& p) { return opt_text(p.*field); });
    c.shown = [](const Person& p) { return p.view.contacts; };
    return c;
  };
  e.details = {
      text<Person>("Family name", [](const Person& p) { return p.family_name; }),
      text<Person>("Given name", [](const Person& p) { return p.given_name; }),
      text<Person>("Patronymic", [](const Person& p) { return opt_text(p.patronymic); }),
      text<Person>("Birth date", [](const Person& p) { return p.birth_date; }),
      iin,
      contact("Phone", &Person::phone),
      contact("E-mail", &Person::email),
      code<Person>("Status", [](const Person& p) { return p.status; }),
      region_col,
      text<Person>("Skills",
                   [](const Person& p) {
                     std::string out;
                     for (const auto& s : p.skills) {
                       out += (out.empty() ? "" : ", ") + s.skill;
                       if (s.expires_on)
                         out += trf(s.expired ? " (expired {})" : " (until {})", *s.expires_on);
                     }
                     return out;
                   }),
      text<Person>("Last changed",
                   [tz](const Person& p) { return view::format_time(p.updated_at, *tz); })};
  e.filters = {choice("status", "Status", People::statuses()),
               region_field(reg, "region", "Home region", false),
               {"skill", "Skill", FieldKind::text}};
  Field skills{"skills", "Skills", FieldKind::textarea, false,
               "One skill per line, optionally with dates: \"first aid | 2024-03-01 | "
               "2027-03-01\" (qualified on | expires on)."};
  skills.encode = [](const std::string& text) {
    core::Json arr = core::Json::array();
    for (const auto& line : lines_of(text)) {
      std::vector<std::string> parts;
      size_t s0 = 0;
      while (true) {
        auto bar = line.find('|', s0);
        parts.push_back(
            core::trim(line.substr(s0, bar == std::string::npos ? std::string::npos : bar - s0)));
        if (bar == std::string::npos) break;
        s0 = bar + 1;
      }
      core::Json skill{{"skill", parts[0]}};
      if (parts.size() > 1 && !parts[1].empty()) skill["qualified_on"] = parts[1];
      if (parts.size() > 2 && !parts[2].empty()) skill["expires_on"] = parts[2];
      arr.push_back(skill);
    }
    return arr;
  };
  skills.decode = [](const core::Json& r) {
    std::string out;
    if (const auto* p = json_at(r, "skills"))
      for (const auto& x : *p) {
        out += json_text(x, "skill");
        auto q = json_text(x, "qualified_on"), e = json_text(x, "expires_on");
        if (!q.empty() || !e.empty()) out += " | " + q;
        if (!e.empty()) out += " | " + e;
        out += "\n";
      }
    return out;
  };
  e.fields = {
      {"family_name", "Family name", FieldKind::text, true, "", "family-name"},
      {"given_name", "Given name", FieldKind::text, true, "", "given-name"},
      {"patronymic", "Patronymic", FieldKind::text, false, "", "additional-name"},
      {"birth_date", "Birth date", FieldKind::date, true, "YYYY-MM-DD"},
      {"iin", "National ID (IIN)", FieldKind::text, true, "12 digits.", "off"},
      {"phone", "Phone", FieldKind::tel, false, "International format, e.g. +77012345678.", "tel"},
      {"email", "E-mail", FieldKind::email, false, "", "email"},
      region_field(reg, "region_id", "Home region", true),
      choice("status", "Status", People::statuses(), true),
      skills};
  e.filter = [](const Request& req, std::vector<core::FieldError>& errors) {
    registry::PersonFilter f;
    f.status = http::query_enum(req, "status", People::statuses(), errors);
    f.region = http::query_id(req, "region", errors);
    f.unit = http::query_id(req, "unit", errors);
    if (auto sk = req.query_param("skill")) f.skill = *sk;
    return f;
  };
  bind_service(e, reg.people);
  e.actions = {{"/console/people/import", "Import people from CSV"}};
  e.sections = [&reg](view::Data& d, const Request& req, const Principal& who, const Person& p,
                      const Rejected* rejected) {
    membership_section(reg, d, req, who, p, rejected);
  };
  return erase(std::move(e));
}

EntitySpec facilities_spec(registry::Registry& reg, const Zone& tz) {
  using registry::Facilities;
  auto e = entity<Facility, registry::FacilityFilter>(
      "facilities", "facility", "Facilities",
      {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::company_officer},
      {Role::admin, Role::hq_staff, Role::company_officer}, Facilities::sorts());
  e.title = [](const Facility& x) { return x.name; };
  e.columns = {
      text<Facility>("Name", [](const Facility& x) { return x.name; }),
      code<Facility>("Kind", [](const Facility& x) { return x.kind; }),
      text<Facility>("Criticality",
                     [](const Facility& x) { return trf("Class {}", x.criticality); }),
      region_column<Facility>(reg, "Region", [](const Facility& x) { return x.region_id; })};
  e.details = e.columns;
  e.details.push_back(reference<Facility>(
      reg.organisations, "Owner", [](const Facility& x) { return x.organisation_id; },
      "organisations", [](const Organisation& o) { return o.name; }));
  e.details.push_back(text<Facility>("Address", [](const auto& x) { return opt_text(x.address); }));
  e.details.push_back(text<Facility>(
      "Location", [](const auto& x) { return number_text(x.lat) + ", " + number_text(x.lon); }));
  e.details.push_back(text<Facility>("Guard posts per shift",
                                     [](const auto& x) { return std::to_string(x.guard_posts); }));
  e.details.push_back(text<Facility>("Shelter capacity",
                                     [](const auto& x) { return opt_text(x.shelter_capacity); }));
  e.details.push_back(text<Facility>(
      "Last changed", [tz](const auto& x) { return view::format_time(x.updated_at, *tz); }));
  e.filters = {choice("kind", "Kind", Facilities::kinds()),
               {"criticality", "Criticality", FieldKind::select, false, "", "", kCriticality},
               region_field(reg, "region", "Region", false)};
  Field crit = id_choice("criticality", "Criticality class", true, nullptr);
  crit.hint = "1 is the highest.";
  crit.options = kCriticality;
  e.fields = {
      {"name", "Name", FieldKind::text, true},
      choice("kind", "Kind", Facilities::kinds(), true),
      id_choice("organisation_id", "Owner organisation", false,
                [&reg](const Principal& who) { return organisation_options(reg, who); }),
      region_field(reg, "region_id", "Region", true),
      {"address", "Address", FieldKind::text, false, "", "street-address"},
      {"location.lat", "Latitude", FieldKind::number, true, "Decimal degrees, e.g. 43.2389."},
      {"location.lon", "Longitude", FieldKind::number, true, "Decimal degrees, e.g. 76.8897."},
      crit,
      {"guard_posts", "Guard posts per shift", FieldKind::integer},
      {"shelter_capacity", "Shelter capacity (people)", FieldKind::integer, false,
       "Leave empty if it cannot serve as a shelter."}};
  e.filter = [](const Request& req, std::vector<core::FieldError>& errors) {
    registry::FacilityFilter f;
    f.kind = http::query_enum(req, "kind", Facilities::kinds(), errors);
    f.criticality = http::query_int(req, "criticality", errors, 1, 3);
    f.region = http::query_id(req, "region", errors);
    return f;
  };
  bind_service(e, reg.facilities);
  e.actions = {{"/console/facilities/import", "Import facilities from CSV"}};
  // Any facility may be an assembly point: those who check people in get its check-in page.
  e.sections = [](view::Data& d, const Request&, const Principal& who, const Facility& x,
                  const Rejected*) {
    if (who.is(Role::admin) || who.is(Role::hq_staff))
      d.set("muster_href", "/muster/" + std::to_string(x.id));
  };
  return erase(std::move(e));
}

}  // namespace

std::string region_name(const Region& r) {
  const auto& lang = language();
  const auto& name = lang == "kk" ? r.name_kk : lang == "ru" ? r.name_ru : r.name_en;
  return name.empty() ? (r.name_en.empty() ? r.name_ru : r.name_en) : name;
}

std::string person_name(const Person& p) {
  auto n = p.family_name + " " + p.given_name;
  if (p.patronymic) n += " " + *p.patronymic;
  return n;
}

std::vector<Option> region_options(registry::Registry& reg, const Principal& who) {
  std::vector<Option> out;
  auto list = reg.regions.list(who, {}, core::ListParams::first(registry::Regions::sorts()));
  if (!list) return out;
  for (const auto& r : list->items)
    out.push_back({std::to_string(r.id), region_name(r) + " (" + r.code + ")"});
  return out;
}

std::vector<EntitySpec> registry_entities(registry::Registry& registry,
                                          const std::string& time_zone) {
  auto zone = std::make_shared<const std::string>(time_zone);
  std::vector<EntitySpec> out;
  out.push_back(regions_spec(registry));
  out.push_back(organisations_spec(registry, zone));
  out.push_back(units_spec(registry, zone));
  out.push_back(people_spec(registry, zone));
  out.push_back(facilities_spec(registry, zone));
  return out;
}

}  // namespace qorgan::console
