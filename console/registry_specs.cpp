// What the console shows of each registry entity: columns, filters, detail rows and form
// fields, bound to the registry's services. Entities whose service is not in the Registry yet
// are left out, so the console builds while the registry grows.
#include <charconv>

#include "console/pages.hpp"
#include "core/text.hpp"
#if __has_include("registry/people.hpp")
#include "registry/people.hpp"
#endif

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using http::Request;

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
                                               const std::vector<registry::SortOption>& sorts,
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

std::vector<Option> sort_options(const std::vector<registry::SortOption>& sorts) {
  std::vector<Option> out;
  for (const auto& s : sorts) {
    out.push_back({s.name, humanize(s.name) + ", ascending"});
    out.push_back({"-" + s.name, humanize(s.name) + ", descending"});
  }
  return out;
}

std::string region_label(const core::Json& r) {
  return json_text(r, "name.en") + " (" + json_text(r, "code") + ")";
}

// Names of referenced records for list cells and detail rows. Lookups go through the services
// with the caller's rights, so a name the caller may not see is shown as its id.
struct Names {
  registry::Registry& reg;
  std::string region(const core::Json& rec, const std::string& path) const {
    const auto* id = json_at(rec, path);
    if (!id || !id->is_number_integer()) return "";
    auto r = reg.regions.get(id->get<std::int64_t>());
    return r ? r->name_en : "#" + id->dump();
  }
};

std::vector<Option> region_options(registry::Registry& reg, const Principal&) {
  Request r;
  r.query = {{"limit", "500"}};
  auto p = registry::parse_list_params(r, registry::Regions::sorts());
  std::vector<Option> out;
  if (!p) return out;
  auto list = reg.regions.list({}, *p);
  for (const auto& item : list["items"]) out.push_back({json_text(item, "id"), region_label(item)});
  return out;
}

template <typename Svc, typename Filter>
std::vector<Option> named_options(Svc& svc, const Principal& who,
                                  const std::vector<registry::SortOption>& sorts) {
  Request r;
  r.query = {{"limit", "500"}};
  auto p = registry::parse_list_params(r, sorts);
  std::vector<Option> out;
  if (!p) return out;
  auto list = svc.list(who, Filter{}, *p);
  if (!list) return out;
  for (const auto& item : (*list)["items"])
    out.push_back({json_text(item, "id"), json_text(item, "name")});
  return out;
}

Field region_field(registry::Registry& reg, std::string path, std::string label, bool required) {
  Field f{path, label, FieldKind::select, required};
  f.numeric_value = true;
  f.options_fn = [&reg](const Principal& who) { return region_options(reg, who); };
  return f;
}

EntitySpec regions_spec(registry::Registry& reg) {
  EntitySpec s;
  s.key = "regions";
  s.singular = "region";
  s.plural = "Regions";
  s.readers = kEveryone;
  s.writers = {Role::admin};
  s.sorts = sort_options(registry::Regions::sorts());
  Names names{reg};
  auto parent_href = [](const core::Json& r) {
    return "/console/regions/" + json_text(r, "parent_id");
  };
  s.columns = {
      {"Name", "name.en"},
      {"Name (Kazakh)", "name.kk"},
      {"Name (Russian)", "name.ru"},
      {"Code", "code"},
      {"Level", "level", {}, true},
      {"Parent", "parent_id", [names](const core::Json& r) { return names.region(r, "parent_id"); },
       false, parent_href}};
  s.details = s.columns;
  s.details.push_back({"Centroid", "centroid", [](const core::Json& r) {
                         auto lat = json_text(r, "centroid.lat");
                         return lat.empty() ? std::string()
                                            : lat + ", " + json_text(r, "centroid.lon");
                       }});
  s.filters = {{"level", "Level", FieldKind::select, false, "", "",
                enum_options(registry::Regions::levels())},
               region_field(reg, "within", "Within region", false)};
  s.fields = {{"name.en", "Name in English", FieldKind::text, true},
              {"name.kk", "Name in Kazakh", FieldKind::text, true},
              {"name.ru", "Name in Russian", FieldKind::text, true},
              {"code", "Official code (KATO)", FieldKind::text, true,
               "Digits, capital Latin letters and '-'."},
              {"level", "Level", FieldKind::select, true, "", "",
               enum_options(registry::Regions::levels())},
              region_field(reg, "parent_id", "Parent region", false),
              {"centroid.lat", "Centroid latitude", FieldKind::number, false,
               "Decimal degrees, e.g. 43.2389."},
              {"centroid.lon", "Centroid longitude", FieldKind::number, false,
               "Decimal degrees, e.g. 76.8897."}};
  s.title = [](const core::Json& r) { return json_text(r, "name.en"); };
  s.list = [&reg](const Request& req, const Principal&) -> core::Result<core::Json> {
    std::vector<core::FieldError> errors;
    registry::RegionFilter f;
    f.level = query_choice(req, "level", registry::Regions::levels(), errors);
    f.within = query_int(req, "within", errors);
    auto p = list_params(req, registry::Regions::sorts(), errors);
    if (!p) return core::fail(p.error());
    return reg.regions.list(f, *p);
  };
  s.get = [&reg](const Principal&, std::int64_t id) { return as_json(reg.regions.get(id)); };
  s.create = [&reg](const Principal& who, const auth::Actor& a, const core::Json& body) {
    return as_json(reg.regions.create(who, a, body));
  };
  s.update = [&reg](const Principal& who, const auth::Actor& a, std::int64_t id,
                    const core::Json& body) {
    return as_json(reg.regions.update(who, a, id, body));
  };
  return s;
}

template <typename R>
void add_organisations(R& reg, std::vector<EntitySpec>& out) {
  if constexpr (requires { reg.organisations; }) {
    using registry::Organisations;
    EntitySpec s;
    s.key = "organisations";
    s.singular = "organisation";
    s.plural = "Organisations";
    s.readers = {Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                 Role::company_officer};
    s.writers = {Role::admin, Role::hq_staff};
    s.sorts = sort_options(Organisations::sorts());
    Names names{reg};
    auto region_href = [](const core::Json& r) {
      return "/console/regions/" + json_text(r, "region_id");
    };
    s.columns = {{"Name", "name"},
                 {"Kind", "kind", {}, true},
                 {"Size", "size_category", {}, true},
                 {"Region", "region_id",
                  [names](const core::Json& r) { return names.region(r, "region_id"); }, false,
                  region_href}};
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
    s.filters = {
        {"kind", "Kind", FieldKind::select, false, "", "", enum_options(Organisations::kinds())},
        {"size_category", "Size", FieldKind::select, false, "", "",
         enum_options(Organisations::sizes())},
        region_field(reg, "region", "Region", false)};
    s.fields = {
        {"name", "Name", FieldKind::text, true, "", "organization"},
        {"kind", "Kind", FieldKind::select, true, "", "", enum_options(Organisations::kinds())},
        {"size_category", "Size category", FieldKind::select, true,
         "A large company must protect its facilities.", "", enum_options(Organisations::sizes())},
        region_field(reg, "region_id", "Region", false),
        {"contact_name", "Contact person", FieldKind::text},
        {"phone", "Phone", FieldKind::tel, false, "International format, e.g. +77012345678."},
        {"email", "E-mail", FieldKind::email}};
    s.title = [](const core::Json& r) { return json_text(r, "name"); };
    s.list = [&reg](const Request& req, const Principal& who) -> core::Result<core::Json> {
      std::vector<core::FieldError> errors;
      registry::OrganisationFilter f;
      f.kind = query_choice(req, "kind", Organisations::kinds(), errors);
      f.size_category = query_choice(req, "size_category", Organisations::sizes(), errors);
      f.region = query_int(req, "region", errors);
      auto p = list_params(req, Organisations::sorts(), errors);
      if (!p) return core::fail(p.error());
      return reg.organisations.list(who, f, *p);
    };
    s.get = [&reg](const Principal& who, std::int64_t id) {
      return as_json(reg.organisations.get(who, id));
    };
    s.create = [&reg](const Principal& who, const auth::Actor& a, const core::Json& body) {
      return as_json(reg.organisations.create(who, a, body));
    };
    s.update = [&reg](const Principal& who, const auth::Actor& a, std::int64_t id,
                      const core::Json& body) {
      return as_json(reg.organisations.update(who, a, id, body));
    };
    out.push_back(std::move(s));
  }
}

template <typename R>
void add_units(R& reg, std::vector<EntitySpec>& out) {
  if constexpr (requires { reg.units; }) {
    using registry::Units;
    EntitySpec s;
    s.key = "units";
    s.singular = "unit";
    s.plural = "Units";
    s.readers = {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::volunteer};
    s.writers = {Role::admin, Role::hq_staff};
    s.sorts = sort_options(Units::sorts());
    Names names{reg};
    auto unit_options = [&reg](const Principal& who) {
      return named_options<Units, registry::UnitFilter>(reg.units, who, Units::sorts());
    };
    auto parent_name = [&reg](const core::Json& r) -> std::string {
      const auto* id = json_at(r, "parent_id");
      if (!id || !id->is_number_integer()) return "";
      auto u = reg.units.get(viewer(), id->get<std::int64_t>());
      return u ? u->name : "#" + id->dump();
    };
    s.columns = {
        {"Name", "name"},
        {"Kind", "kind", {}, true},
        {"Status", "status", {}, true},
        {"Home region", "region_id",
         [names](const core::Json& r) { return names.region(r, "region_id"); }, false,
         [](const core::Json& r) { return "/console/regions/" + json_text(r, "region_id"); }}};
    s.details = s.columns;
    s.details.push_back({"Parent unit", "parent_id", parent_name, false, [](const core::Json& r) {
                           return "/console/units/" + json_text(r, "parent_id");
                         }});
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
    s.filters = {
        {"kind", "Kind", FieldKind::select, false, "", "", enum_options(Units::kinds())},
        {"status", "Status", FieldKind::select, false, "", "", enum_options(Units::statuses())},
        region_field(reg, "region", "Home region", false)};
    Field parent{"parent_id", "Parent unit", FieldKind::select};
    parent.numeric_value = true;
    parent.options_fn = unit_options;
    Field positions{"positions", "Target strength by position", FieldKind::textarea, false,
                    "One position per line with its target, e.g. \"rifleman: 30\"."};
    positions.encode = [](const std::string& text) {
      core::Json arr = core::Json::array();
      size_t start = 0;
      while (start <= text.size()) {
        auto end = text.find('\n', start);
        auto line = core::trim(
            text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (!line.empty()) {
          auto colon = line.rfind(':');
          std::string name = core::trim(line.substr(0, colon));
          std::string count = colon == std::string::npos ? "" : core::trim(line.substr(colon + 1));
          std::int64_t n = 0;
          auto [p, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
          core::Json target =
              ec == std::errc() && p == count.data() + count.size() && !count.empty()
                  ? core::Json(n)
                  : core::Json(count);
          arr.push_back({{"position", name}, {"target", target}});
        }
        if (end == std::string::npos) break;
        start = end + 1;
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
                {"kind", "Kind", FieldKind::select, true, "", "", enum_options(Units::kinds())},
                {"status", "Status", FieldKind::select, false, "New units start as planned.", "",
                 enum_options(Units::statuses())},
                region_field(reg, "region_id", "Home region", true),
                parent,
                {"commander_id", "Commander (person id)", FieldKind::integer, false,
                 "The id of the person who commands the unit."},
                positions};
    s.title = [](const core::Json& r) { return json_text(r, "name"); };
    s.list = [&reg](const Request& req, const Principal& who) -> core::Result<core::Json> {
      std::vector<core::FieldError> errors;
      registry::UnitFilter f;
      f.kind = query_choice(req, "kind", Units::kinds(), errors);
      f.status = query_choice(req, "status", Units::statuses(), errors);
      f.region = query_int(req, "region", errors);
      f.parent_id = query_int(req, "parent_id", errors);
      auto p = list_params(req, Units::sorts(), errors);
      if (!p) return core::fail(p.error());
      return reg.units.list(who, f, *p);
    };
    s.get = [&reg](const Principal& who, std::int64_t id) {
      return as_json(reg.units.get(who, id));
    };
    s.create = [&reg](const Principal& who, const auth::Actor& a, const core::Json& body) {
      return as_json(reg.units.create(who, a, body));
    };
    s.update = [&reg](const Principal& who, const auth::Actor& a, std::int64_t id,
                      const core::Json& body) {
      return as_json(reg.units.update(who, a, id, body));
    };
    out.push_back(std::move(s));
  }
}

template <typename R>
void add_people(R& reg, std::vector<EntitySpec>& out) {
#if __has_include("registry/people.hpp")
  if constexpr (requires { reg.people; }) {
    using registry::People;
    EntitySpec s;
    s.key = "people";
    s.singular = "person";
    s.plural = "People";
    s.readers = {Role::admin, Role::auditor, Role::hq_staff, Role::commander, Role::volunteer};
    s.writers = {Role::admin, Role::hq_staff};
    s.sorts = sort_options(People::sorts());
    Names names{reg};
    auto full_name = [](const core::Json& r) {
      auto n = json_text(r, "family_name") + " " + json_text(r, "given_name");
      if (auto p = json_text(r, "patronymic"); !p.empty()) n += " " + p;
      return n;
    };
    auto region_col =
        Column{"Home region", "region_id",
               [names](const core::Json& r) { return names.region(r, "region_id"); }, false,
               [](const core::Json& r) { return "/console/regions/" + json_text(r, "region_id"); }};
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
    s.filters = {
        {"status", "Status", FieldKind::select, false, "", "", enum_options(People::statuses())},
        region_field(reg, "region", "Home region", false),
        {"skill", "Skill", FieldKind::text}};
    Field skills{"skills", "Skills", FieldKind::textarea, false,
                 "One skill per line, optionally with dates: \"first aid | 2024-03-01 | "
                 "2027-03-01\" (qualified on | expires on)."};
    skills.encode = [](const std::string& text) {
      core::Json arr = core::Json::array();
      size_t start = 0;
      while (start <= text.size()) {
        auto end = text.find('\n', start);
        auto line = core::trim(
            text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (!line.empty()) {
          std::vector<std::string> parts;
          size_t s0 = 0;
          while (true) {
            auto semi = line.find('|', s0);
            parts.push_back(core::trim(
                line.substr(s0, semi == std::string::npos ? std::string::npos : semi - s0)));
            if (semi == std::string::npos) break;
            s0 = semi + 1;
          }
          core::Json skill{{"skill", parts[0]}};
          if (parts.size() > 1 && !parts[1].empty()) skill["qualified_on"] = parts[1];
          if (parts.size() > 2 && !parts[2].empty()) skill["expires_on"] = parts[2];
          arr.push_back(skill);
        }
        if (end == std::string::npos) break;
        start = end + 1;
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
        {"phone", "Phone", FieldKind::tel, false, "International format, e.g. +77012345678.",
         "tel"},
        {"email", "E-mail", FieldKind::email, false, "", "email"},
        region_field(reg, "region_id", "Home region", true),
        {"status", "Status", FieldKind::select, true, "", "", enum_options(People::statuses())},
        skills};
    s.fields[4].on_update = true;
    s.title = full_name;
    s.list = [&reg](const Request& req, const Principal& who) -> core::Result<core::Json> {
      std::vector<core::FieldError> errors;
      registry::PersonFilter f;
      f.status = query_choice(req, "status", People::statuses(), errors);
      f.region = query_int(req, "region", errors);
      f.unit = query_int(req, "unit", errors);
      if (auto sk = req.query_param("skill")) f.skill = *sk;
      auto p = list_params(req, People::sorts(), errors);
      if (!p) return core::fail(p.error());
      return reg.people.list(who, f, *p);
    };
    s.get = [&reg](const Principal& who, std::int64_t id) { return reg.people.get(who, id); };
    s.create = [&reg](const Principal& who, const auth::Actor& a, const core::Json& body) {
      return reg.people.create(who, a, body);
    };
    s.update = [&reg](const Principal& who, const auth::Actor& a, std::int64_t id,
                      const core::Json& body) { return reg.people.update(who, a, id, body); };
    s.actions = {{"/console/people/import", "Import people from CSV"}};
    out.push_back(std::move(s));
  }
#endif
}

template <typename R>
void add_facilities(R& reg, std::vector<EntitySpec>& out) {
  if constexpr (requires { reg.facilities; }) {
    using registry::Facilities;
    EntitySpec s;
    s.key = "facilities";
    s.singular = "facility";
    s.plural = "Facilities";
    s.readers = {Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                 Role::company_officer};
    s.writers = {Role::admin, Role::hq_staff, Role::company_officer};
    s.sorts = sort_options(Facilities::sorts());
    Names names{reg};
    auto org_name = [&reg](const core::Json& r) -> std::string {
      const auto* id = json_at(r, "organisation_id");
      if (!id || !id->is_number_integer()) return "";
      auto o = reg.organisations.get(viewer(), id->get<std::int64_t>());
      return o ? o->name : "#" + id->dump();
    };
    s.columns = {
        {"Name", "name"},
        {"Kind", "kind", {}, true},
        {"Criticality", "criticality",
         [](const core::Json& r) { return "Class " + json_text(r, "criticality"); }},
        {"Region", "region_id",
         [names](const core::Json& r) { return names.region(r, "region_id"); }, false,
         [](const core::Json& r) { return "/console/regions/" + json_text(r, "region_id"); }}};
    s.details = s.columns;
    s.details.push_back({"Owner", "organisation_id", org_name, false, [](const core::Json& r) {
                           return "/console/organisations/" + json_text(r, "organisation_id");
                         }});
    s.details.push_back({"Address", "address"});
    s.details.push_back({"Location", "location", [](const core::Json& r) {
                           return json_text(r, "location.lat") + ", " +
                                  json_text(r, "location.lon");
                         }});
    s.details.push_back({"Guard posts per shift", "guard_posts"});
    s.details.push_back({"Shelter capacity", "shelter_capacity"});
    s.details.push_back({"Last changed", "updated_at"});
    s.filters = {
        {"kind", "Kind", FieldKind::select, false, "", "", enum_options(Facilities::kinds())},
        {"criticality",
         "Criticality",
         FieldKind::select,
         false,
         "",
         "",
         {{"1", "Class 1 (highest)"}, {"2", "Class 2"}, {"3", "Class 3"}}},
        region_field(reg, "region", "Region", false)};
    Field owner{"organisation_id", "Owner organisation", FieldKind::select};
    owner.numeric_value = true;
    owner.options_fn = [&reg](const Principal& who) {
      return named_options<registry::Organisations, registry::OrganisationFilter>(
          reg.organisations, who, registry::Organisations::sorts());
    };
    Field crit{"criticality",
               "Criticality class",
               FieldKind::select,
               true,
               "1 is the highest.",
               "",
               {{"1", "Class 1 (highest)"}, {"2", "Class 2"}, {"3", "Class 3"}}};
    crit.numeric_value = true;
    s.fields = {
        {"name", "Name", FieldKind::text, true},
        {"kind", "Kind", FieldKind::select, true, "", "", enum_options(Facilities::kinds())},
        owner,
        region_field(reg, "region_id", "Region", true),
        {"address", "Address", FieldKind::text, false, "", "street-address"},
        {"location.lat", "Latitude", FieldKind::number, true, "Decimal degrees, e.g. 43.2389."},
        {"location.lon", "Longitude", FieldKind::number, true, "Decimal degrees, e.g. 76.8897."},
        crit,
        {"guard_posts", "Guard posts per shift", FieldKind::integer},
        {"shelter_capacity", "Shelter capacity (people)", FieldKind::integer, false,
         "Leave empty if it cannot serve as a shelter."}};
    s.title = [](const core::Json& r) { return json_text(r, "name"); };
    s.list = [&reg](const Request& req, const Principal& who) -> core::Result<core::Json> {
      std::vector<core::FieldError> errors;
      registry::FacilityFilter f;
      f.kind = query_choice(req, "kind", Facilities::kinds(), errors);
      f.criticality = query_int(req, "criticality", errors, 1, 3);
      f.region = query_int(req, "region", errors);
      auto p = list_params(req, Facilities::sorts(), errors);
      if (!p) return core::fail(p.error());
      return reg.facilities.list(who, f, *p);
    };
    s.get = [&reg](const Principal& who, std::int64_t id) {
      return as_json(reg.facilities.get(who, id));
    };
    s.create = [&reg](const Principal& who, const auth::Actor& a, const core::Json& body) {
      return as_json(reg.facilities.create(who, a, body));
    };
    s.update = [&reg](const Principal& who, const auth::Actor& a, std::int64_t id,
                      const core::Json& body) {
      return as_json(reg.facilities.update(who, a, id, body));
    };
    out.push_back(std::move(s));
  }
}

}  // namespace

std::vector<EntitySpec> registry_entities(registry::Registry& registry) {
  std::vector<EntitySpec> out;
  out.push_back(regions_spec(registry));
  add_organisations(registry, out);
  add_units(registry, out);
  add_people(registry, out);
  add_facilities(registry, out);
  return out;
}

}  // namespace qorgan::console
