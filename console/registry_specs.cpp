// What the console shows of each registry entity: columns, filters, detail rows and form
// fields, bound to the registry's services (the same calls the API's routes make, so the same
// scope rules hold).
#include <charconv>

#include "console/pages.hpp"
#include "core/text.hpp"

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using http::Request;
using registry::SortOption;

namespace {

const std::vector<Role> kEveryone{};

std::optional<std::int64_t> query_int(const Request& req, const std::string& name,
                                      std::vector<core::FieldError>& errors, std::int64_t min = 1,
                                      std::int64_t max = INT64_MAX) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < min || n > max) {
    errors.push_back({name, "must be a whole number" + (min == 1 ? std::string(" (an id)") : "")});
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> query_choice(const Request& req, const std::string& name,
                                        const std::vector<std::string>& allowed,
                                        std::vector<core::FieldError>& errors) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
    errors.push_back({name, "is not one of the choices"});
    return std::nullopt;
  }
  return v;
}

// Parses the list parameters and merges their errors with the filters' errors.
core::Result<registry::ListParams> list_params(const Request& req,
                                               const std::vector<SortOption>& sorts,
                                               std::vector<core::FieldError>& errors) {
  Request r = req;
  if (!r.query_param("limit")) r.query.emplace("limit", "25");
  auto p = registry::parse_list_params(r, sorts);
  if (!p) errors.insert(errors.end(), p.error().fields.begin(), p.error().fields.end());
  if (!errors.empty())
    return core::fail(core::Error::invalid("The filters are not valid.", errors));
  return p;
}

template <typename T>
core::Result<core::Json> as_json(const core::Result<T>& r) {
  if (!r) return core::fail(r.error());
  if constexpr (std::is_same_v<T, core::Json>)
    return *r;
  else
    return r->json();
}

std::vector<Option> sort_options(const std::vector<SortOption>& sorts) {
  std::vector<Option> out;
  for (const auto& s : sorts) {
    out.push_back({s.name, humanize(s.name) + ", ascending"});
    out.push_back({"-" + s.name, humanize(s.name) + ", descending"});
  }
  return out;
}

// --- the pieces every entity is described with --------------------------------------------

// The start of every entity's description: its names, who reads and who writes it, its sorts
// and its title (the record's `title_path`).
EntitySpec spec_of(std::string key, std::string singular, std::string plural,
                   std::vector<Role> readers, std::vector<Role> writers,
                   const std::vector<SortOption>& sorts, std::string title_path = "name") {
  EntitySpec s;
  s.key = std::move(key);
  s.singular = std::move(singular);
  s.plural = std::move(plural);
  s.readers = std::move(readers);
  s.writers = std::move(writers);
  s.sorts = sort_options(sorts);
  s.title = [title_path](const core::Json& r) { return json_text(r, title_path); };
  return s;
}

// get, create, update and remove bound to a registry service. Regions may be read by every
// account, so their service's get takes no caller.
template <typename Svc>
void bind_service(EntitySpec& s, Svc& svc) {
  s.get = [&svc](const Principal& who, std::int64_t id) {
    if constexpr (requires { svc.get(who, id); })
      return as_json(svc.get(who, id));
    else
      return as_json(svc.get(id));
  };
  s.create = [&svc](const Principal& who, const auth::Actor& a, const core::Json& body) {
    return as_json(svc.create(who, a, body));
  };
  s.update = [&svc](const Principal& who, const auth::Actor& a, std::int64_t id,
                    const core::Json& body) { return as_json(svc.update(who, a, id, body)); };
  s.remove = [&svc](const Principal& who, const auth::Actor& a, std::int64_t id) {
    return svc.remove(who, a, id);
  };
}

// The list bound to a registry service: `read(req, filter, errors)` fills the service's filter
// from the query string and names the parameters it cannot read.
template <typename Filter, typename Svc, typename Read>
auto lister(Svc& svc, const std::vector<SortOption>& sorts, Read read) {
  return
      [&svc, &sorts, read](const Request& req, const Principal& who) -> core::Result<core::Json> {
        std::vector<core::FieldError> errors;
        Filter f;
        read(req, f, errors);
        auto p = list_params(req, sorts, errors);
        if (!p) return core::fail(p.error());
        if constexpr (requires { svc.list(who, f, *p); })
          return as_json(svc.list(who, f, *p));
        else
          return svc.list(f, *p);
      };
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

std::string region_label(const core::Json& r) {
  return json_text(r, "name.en") + " (" + json_text(r, "code") + ")";
}

std::vector<Option> region_options(registry::Registry& reg) {
  Request r;
  r.query = {{"limit", "500"}};
  auto p = registry::parse_list_params(r, registry::Regions::sorts());
  std::vector<Option> out;
  if (!p) return out;
  auto list = reg.regions.list({}, *p);
  for (const auto& item : list["items"]) out.push_back({json_text(item, "id"), region_label(item)});
  return out;
}

std::vector<Option> organisation_options(registry::Registry& reg, const Principal& who) {
  Request r;
  r.query = {{"limit", "500"}};
  auto p = registry::parse_list_params(r, registry::Organisations::sorts());
  std::vector<Option> out;
  if (!p) return out;
  auto list = reg.organisations.list(who, {}, *p);
  if (!list) return out;
  for (const auto& item : (*list)["items"])
    out.push_back({json_text(item, "id"), json_text(item, "name")});
  return out;
}

Field region_field(registry::Registry& reg, std::string path, std::string label, bool required) {
  return id_choice(std::move(path), std::move(label), required,
                   [&reg](const Principal&) { return region_options(reg); });
}

// A column naming the record whose id is at `path` and linking to its page under /console/<key>.
// The name is looked up with the viewer's rights: a record the viewer may not see reads as its
// id.
template <typename Svc>
Column ref_column(Svc& svc, std::string label, std::string path, std::string key) {
  auto name = [&svc, path](const core::Json& r) -> std::string {
    const auto* id = json_at(r, path);
    if (!id || !id->is_number_integer()) return "";
    auto n = id->get<std::int64_t>();
    if constexpr (requires { svc.get(viewer(), n); }) {
      auto x = svc.get(viewer(), n);
      return x ? x->name : "#" + id->dump();
    } else {
      auto x = svc.get(n);
      return x ? x->name_en : "#" + id->dump();
    }
  };
  auto href = [path, key](const core::Json& r) {
    return "/console/" + key + "/" + json_text(r, path);
  };
  return {std::move(label), path, name, false, href};
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
  auto s = spec_of("regions", "region", "Regions", kEveryone, {Role::admin}, Regions::sorts(),
                   "name.en");
  s.columns = {
      {"Name", "name.en"},           {"Name (Kazakh)", "name.kk"},
      {"Name (Russian)", "name.ru"}, {"Code", "code"},
      {"Level", "level", {}, true},  ref_column(reg.regions, "Parent", "parent_id", "regions")};
  s.details = s.columns;
  s.details.push_back({"Centroid", "centroid", [](const core::Json& r) {
                         auto lat = json_text(r, "centroid.lat");
                         return lat.empty() ? std::string()
                                            : lat + ", " + json_text(r, "centroid.lon");
                       }});
  s.filters = {choice("level", "Level", Regions::levels()),
               region_field(reg, "within", "Within region", false)};
  s.fields = {{"name.en", "Name in English", FieldKind::text, true},
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
  s.list = lister<registry::RegionFilter>(
      reg.regions, Regions::sorts(), [](const Request& req, auto& f, auto& errors) {
        f.level = query_choice(req, "level", Regions::levels(), errors);
        f.within = query_int(req, "within", errors);
      });
  bind_service(s, reg.regions);
  return s;
}

EntitySpec organisations_spec(registry::Registry& reg) {
  using registry::Organisations;
  auto s =
      spec_of("organisations", "organisation", "Organisations",
              {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::company_officer},
              {Role::admin, Role::hq_staff}, Organisations::sorts());
  s.columns = {{"Name", "name"},
               {"Kind", "kind", {}, true},
               {"Size", "size_category", {}, true},
               ref_column(reg.regions, "Region", "region_id", "regions")};
  s.details = s.columns;
  s.details.push_back(
      {"Facility-protection obligation", "protection_obligation", [](const core::Json& r) {
         return json_text(r, "protection_obligation") == "true" ? std::string("Yes")
                                                                : std::string("No");
       }});
  s.details.push_back({"Contact person", "contact_name"});
  s.details.push_back({"Phone", "phone"});
  s.details.push_back({"E-mail", "email"});
  s.details.push_back({"Last changed", "updated_at"});
  s.filters = {choice("kind", "Kind", Organisations::kinds()),
               choice("size_category", "Size", Organisations::sizes()),
               region_field(reg, "region", "Region", false)};
  s.fields = {{"name", "Name", FieldKind::text, true, "", "organization"},
              choice("kind", "Kind", Organisations::kinds(), true),
              choice("size_category", "Size category", Organisations::sizes(), true,
                     "A large company must protect its facilities."),
              region_field(reg, "region_id", "Region", false),
              {"contact_name", "Contact person", FieldKind::text},
              {"phone", "Phone", FieldKind::tel, false, "International format, e.g. +77012345678."},
              {"email", "E-mail", FieldKind::email}};
  s.list = lister<registry::OrganisationFilter>(
      reg.organisations, Organisations::sorts(), [](const Request& req, auto& f, auto& errors) {
        f.kind = query_choice(req, "kind", Organisations::kinds(), errors);
        f.size_category = query_choice(req, "size_category", Organisations::sizes(), errors);
        f.region = query_int(req, "region", errors);
      });
  bind_service(s, reg.organisations);
  return s;
}

EntitySpec units_spec(registry::Registry& reg) {
  using registry::Units;
  auto s = spec_of("units", "unit", "Units",
                   {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::volunteer},
                   {Role::admin, Role::hq_staff}, Units::sorts());
  s.columns = {{"Name", "name"},
               {"Kind", "kind", {}, true},
               {"Status", "status", {}, true},
               ref_column(reg.regions, "Home region", "region_id", "regions")};
  s.details = s.columns;
  s.details.push_back(ref_column(reg.units, "Parent unit", "parent_id", "units"));
  s.details.push_back({"Commander", "commander_id", {}, false, [](const core::Json& r) {
                         return "/console/people/" + json_text(r, "commander_id");
                       }});
  s.details.push_back({"Target strength", "positions", [](const core::Json& r) {
                         std::string out;
                         if (const auto* p = json_at(r, "positions"))
                           for (const auto& x : *p)
                             out += (out.empty() ? "" : ", ") + json_text(x, "position") + ": " +
                                    json_text(x, "target");
                         return out;
                       }});
  s.details.push_back({"Last changed", "updated_at"});
  s.filters = {choice("kind", "Kind", Units::kinds()),
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
  s.fields = {{"name", "Name", FieldKind::text, true},
              choice("kind", "Kind", Units::kinds(), true),
              choice("status", "Status", Units::statuses(), false, "New units start as planned."),
              region_field(reg, "region_id", "Home region", true),
              id_choice("parent_id", "Parent unit", false,
                        [&reg](const Principal& who) { return unit_options(reg, who); }),
              {"commander_id", "Commander (person id)", FieldKind::integer, false,
               "The id of the person who commands the unit."},
              positions};
  s.list = lister<registry::UnitFilter>(
      reg.units, Units::sorts(), [](const Request& req, auto& f, auto& errors) {
        f.kind = query_choice(req, "kind", Units::kinds(), errors);
        f.status = query_choice(req, "status", Units::statuses(), errors);
        f.region = query_int(req, "region", errors);
        f.parent_id = query_int(req, "parent_id", errors);
      });
  bind_service(s, reg.units);
  s.sections = [&reg](Data& d, const Request&, const Principal& who, const core::Json& unit,
                      const Rejected*) { strength_section(reg, d, who, unit); };
  return s;
}

EntitySpec people_spec(registry::Registry& reg) {
  using registry::People;
  auto s = spec_of("people", "person", "People",
                   {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::volunteer},
                   {Role::admin, Role::hq_staff}, People::sorts());
  auto full_name = [](const core::Json& r) {
    auto n = json_text(r, "family_name") + " " + json_text(r, "given_name");
    if (auto p = json_text(r, "patronymic"); !p.empty()) n += " " + p;
    return n;
  };
  s.title = full_name;
  auto region_col = ref_column(reg.regions, "Home region", "region_id", "regions");
  s.columns = {{"Name", "family_name", full_name},
               {"Born", "birth_date"},
               {"Status", "status", {}, true},
               region_col};
  auto skills_text = [](const core::Json& r) {
    std::string out;
    if (const auto* p = json_at(r, "skills"))
      for (const auto& x : *p) {
        out += (out.empty() ? "" : ", ") + json_text(x, "skill");
        if (auto e = json_text(x, "expires_on"); !e.empty())
          out += (json_text(x, "expired") == "true" ? " (expired " : " (until ") + e + ")";
      }
    return out;
  };
  s.details = {{"Family name", "family_name"},
               {"Given name", "given_name"},
               {"Patronymic", "patronymic"},
               {"Birth date", "birth_date"},
               {"National ID (IIN)", "iin"},
               {"Phone", "phone"},
               {"E-mail", "email"},
               {"Status", "status", {}, true},
               region_col,
               {"Skills", "skills", skills_text},
               {"Last changed", "updated_at"}};
  s.filters = {choice("status", "Status", People::statuses()),
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
  s.fields = {
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
  s.list = lister<registry::PersonFilter>(
      reg.people, People::sorts(), [](const Request& req, auto& f, auto& errors) {
        f.status = query_choice(req, "status", People::statuses(), errors);
        f.region = query_int(req, "region", errors);
        f.unit = query_int(req, "unit", errors);
        if (auto sk = req.query_param("skill")) f.skill = *sk;
      });
  bind_service(s, reg.people);
  s.actions = {{"/console/people/import", "Import people from CSV"}};
  s.sections = [&reg](Data& d, const Request& req, const Principal& who, const core::Json& person,
                      const Rejected* rejected) {
    membership_section(reg, d, req, who, person, rejected);
  };
  return s;
}

EntitySpec facilities_spec(registry::Registry& reg) {
  using registry::Facilities;
  auto s =
      spec_of("facilities", "facility", "Facilities",
              {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::company_officer},
              {Role::admin, Role::hq_staff, Role::company_officer}, Facilities::sorts());
  s.columns = {{"Name", "name"},
               {"Kind", "kind", {}, true},
               {"Criticality", "criticality",
                [](const core::Json& r) { return "Class " + json_text(r, "criticality"); }},
               ref_column(reg.regions, "Region", "region_id", "regions")};
  s.details = s.columns;
  s.details.push_back(ref_column(reg.organisations, "Owner", "organisation_id", "organisations"));
  s.details.push_back({"Address", "address"});
  s.details.push_back({"Location", "location", [](const core::Json& r) {
                         return json_text(r, "location.lat") + ", " + json_text(r, "location.lon");
                       }});
  s.details.push_back({"Guard posts per shift", "guard_posts"});
  s.details.push_back({"Shelter capacity", "shelter_capacity"});
  s.details.push_back({"Last changed", "updated_at"});
  s.filters = {choice("kind", "Kind", Facilities::kinds()),
               {"criticality", "Criticality", FieldKind::select, false, "", "", kCriticality},
               region_field(reg, "region", "Region", false)};
  Field crit = id_choice("criticality", "Criticality class", true, nullptr);
  crit.hint = "1 is the highest.";
  crit.options = kCriticality;
  s.fields = {
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
  s.list = lister<registry::FacilityFilter>(
      reg.facilities, Facilities::sorts(), [](const Request& req, auto& f, auto& errors) {
        f.kind = query_choice(req, "kind", Facilities::kinds(), errors);
        f.criticality = query_int(req, "criticality", errors, 1, 3);
        f.region = query_int(req, "region", errors);
      });
  bind_service(s, reg.facilities);
  s.actions = {{"/console/facilities/import", "Import facilities from CSV"}};
  return s;
}

}  // namespace

std::vector<EntitySpec> registry_entities(registry::Registry& registry) {
  std::vector<EntitySpec> out;
  out.push_back(regions_spec(registry));
  out.push_back(organisations_spec(registry));
  out.push_back(units_spec(registry));
  out.push_back(people_spec(registry));
  out.push_back(facilities_spec(registry));
  return out;
}

}  // namespace qorgan::console
