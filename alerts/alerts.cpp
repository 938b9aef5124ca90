#include "alerts/alerts.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "alerts/access.hpp"
#include "alerts/alert_store.hpp"
#include "alerts/cap.hpp"
#include "alerts/geometry.hpp"
#include "alerts/region_cover.hpp"
#include "alerts/templates.hpp"
#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace qorgan::alerts {

using core::Error;
using core::fail;
using core::Json;

namespace {

const std::vector<std::string> kCategories{"Geo",       "Met",   "Safety", "Security",
                                           "Rescue",    "Fire",  "Health", "Env",
                                           "Transport", "Infra", "CBRNE",  "Other"};
const std::vector<std::string> kUrgencies{"Immediate", "Expected", "Future", "Past", "Unknown"};
const std::vector<std::string> kSeverities{"Extreme", "Severe", "Moderate", "Minor", "Unknown"};
const std::vector<std::string> kCertainties{"Observed", "Likely", "Possible", "Unlikely",
                                            "Unknown"};
const std::vector<std::string> kResponseTypes{"Shelter", "Evacuate", "Prepare",  "Execute", "Avoid",
                                              "Monitor", "Assess",   "AllClear", "None"};
constexpr int kMaxRegions = 200;
// Changes of an alert's state (edit, approve, cancel, expiry) take this lock for their
// transaction, so that two servers on one PostgreSQL database never both approve, cancel or
// expire the same alert (each re-reads the state after taking it). Its own range: "alerts".
constexpr std::int64_t kStateLock = 0x616c65727473;
constexpr int kMaxShapes = 50;

Error not_found(std::int64_t id) {
  return Error::not_found("No alert has id " + std::to_string(id) + ".");
}

std::string state_words(State s) {
  switch (s) {
    case State::draft:
      return "is still a draft";
    case State::published:
      return "is published";
    case State::cancelled:
      return "was cancelled";
    case State::superseded:
      return "was replaced by an update";
    case State::expired:
      return "has expired";
    case State::discarded:
      return "was discarded";
  }
  return "cannot change";
}

Json audit_view(const Alert& a) {
  Json texts = Json::object();
  for (const auto& [lang, t] : a.texts)
    texts[lang] = {{"event", t.event},
                   {"headline", t.headline},
                   {"description", t.description},
                   {"instruction", t.instruction}};
  Json codes = Json::array();
  for (const auto& r : a.area.regions) codes.push_back(r.code);
  Json covered = Json::array();
  for (const auto& r : a.area.covered) covered.push_back(r.code);
  return {{"identifier", a.identifier},
          {"status", to_string(a.status)},
          {"msg_type", to_string(a.msg_type)},
          {"state", to_string(a.state)},
          {"references", a.references},
          {"categories", a.categories},
          {"urgency", a.urgency},
          {"severity", a.severity},
          {"certainty", a.certainty},
          {"response_types", a.response_types},
          {"onset", a.onset ? Json(*a.onset) : Json(nullptr)},
          {"expires", a.expires},
          {"texts", texts},
          {"regions", codes},
          {"polygons", a.area.polygons.size()},
          {"circles", a.area.circles.size()},
          {"covered_regions", covered},
          {"evacuation_plan_url", a.evacuation_plan_url}};
}

// A list of codes, each one of `allowed`, at most once; errors go to `f`.
std::optional<std::vector<std::string>> read_codes(core::JsonFields& f, const std::string& name,
                                                   bool required,
                                                   const std::vector<std::string>& allowed) {
  const Json* list = f.array(name, required);
  if (!list) return std::nullopt;
  std::vector<std::string> out;
  if (required && list->empty()) f.add(name, "Name at least one.");
  for (size_t i = 0; i < list->size() && i < allowed.size() + 1; ++i) {
    const Json& v = (*list)[i];
    std::string at = name + "[" + std::to_string(i) + "]";
    if (!v.is_string() || std::ranges::find(allowed, v.get<std::string>()) == allowed.end()) {
      std::string all;
      for (const auto& a : allowed) all += (all.empty() ? "" : ", ") + a;
      f.add(at, "must be one of: " + all);
    } else if (std::ranges::find(out, v.get<std::string>()) != out.end()) {
      f.add(at, "is named twice");
    } else {
      out.push_back(v.get<std::string>());
    }
  }
  return out;
}

std::optional<core::Timestamp> read_time(core::JsonFields& f, const std::string& name,
                                         bool required) {
  auto s = f.str(name, required, 40);
  if (!s) return std::nullopt;
  auto t = core::parse_rfc3339(*s);
  if (!t) f.add(name, "must be a date and time like 2026-12-04T17:00:00+05:00");
  return t;
}

std::optional<LatLon> read_point(const Json& v) {
  if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number()) return std::nullopt;
  return LatLon{v[0].get<double>(), v[1].get<double>()};
}

// The "area" object: region codes (resolved later), polygons and circles, checked here.
void read_area(core::JsonFields& f, Alert& a, std::vector<std::string>& codes) {
  const Json* area = f.object("area", false);
  if (!area) return;
  core::JsonFields g(*area);
  a.area = {};
  codes.clear();
  if (const Json* regions = g.array("regions", false)) {
    if (regions->size() > size_t(kMaxRegions))
      g.add("regions", "At most " + std::to_string(kMaxRegions) + " regions.");
    for (size_t i = 0; i < regions->size() && i < size_t(kMaxRegions); ++i) {
      const Json& v = (*regions)[i];
      std::string at = "regions[" + std::to_string(i) + "]";
      if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 20)
        g.add(at, "A region is its code (KATO), a string.");
      else if (std::ranges::find(codes, v.get<std::string>()) != codes.end())
        g.add(at, "The region is named twice.");
      else
        codes.push_back(v.get<std::string>());
    }
  }
  if (const Json* polygons = g.array("polygons", false)) {
    if (polygons->size() > size_t(kMaxShapes))
      g.add("polygons", "At most " + std::to_string(kMaxShapes) + " polygons.");
    for (size_t i = 0; i < polygons->size() && i < size_t(kMaxShapes); ++i) {
      const Json& ring = (*polygons)[i];
      std::string at = "polygons[" + std::to_string(i) + "]";
      if (!ring.is_array()) {
        g.add(at, "A polygon is a list of [lat, lon] points.");
        continue;
      }
      std::vector<LatLon> points;
      bool ok = ring.size() <= kMaxPolygonPoints;
      for (size_t k = 0; ok && k < ring.size(); ++k) {
        auto p = read_point(ring[k]);
        if (!p) {
          g.add(at + "[" + std::to_string(k) + "]", "A point is [lat, lon], two numbers.");
          ok = false;
        } else {
          points.push_back(*p);
        }
      }
      if (ring.size() > kMaxPolygonPoints)
        g.add(at, "A polygon has at most " + std::to_string(kMaxPolygonPoints) + " points.");
      if (!ok) continue;
      if (auto why = check_polygon(points); !why.empty())
        g.add(at, why);
      else
        a.area.polygons.push_back(std::move(points));
    }
  }
  if (const Json* circles = g.array("circles", false)) {
    if (circles->size() > size_t(kMaxShapes))
      g.add("circles", "At most " + std::to_string(kMaxShapes) + " circles.");
    for (size_t i = 0; i < circles->size() && i < size_t(kMaxShapes); ++i) {
      std::string at = "circles[" + std::to_string(i) + "]";
      if (!(*circles)[i].is_object()) {
        g.add(at, "A circle is an object {lat, lon, radius_km}.");
        continue;
      }
      core::JsonFields h((*circles)[i]);
      auto lat = h.f64("lat", true);
      auto lon = h.f64("lon", true);
      auto radius = h.f64("radius_km", true);
      g.absorb(h, at);
      if (!lat || !lon || !radius) continue;
      Circle c{{*lat, *lon}, *radius};
      if (auto why = check_circle(c); !why.empty())
        g.add(at, why);
      else
        a.area.circles.push_back(c);
    }
  }
  f.absorb(g, "area");
}

// Reads the fields `body` gives into `a` (a template first fills what the body leaves out);
// on compose the required ones must be there. Region codes are returned for resolving.
core::Status read_into(const Json& body, bool composing, Alert& a, std::vector<std::string>& codes,
                       bool& area_given) {
  core::JsonFields f(body);
  const Template* tpl = nullptr;
  if (composing) {
    if (auto key = f.str("template", false, 40)) {
      tpl = find_template(*key);
      if (!tpl) {
        std::string all;
        for (const auto& t : templates()) all += (all.empty() ? "" : ", ") + t.key;
        f.add("template", "must be one of: " + all);
      } else {
        a.template_key = tpl->key;
        a.categories = tpl->categories;
        a.urgency = tpl->urgency;
        a.severity = tpl->severity;
        a.certainty = tpl->certainty;
        a.response_types = tpl->response_types;
        a.texts = tpl->texts;
        a.expires = core::now_us() + std::int64_t(tpl->hours) * 3600 * 1000000;
      }
    }
  }
  const bool need = composing && !tpl;
  if (auto v = f.choice("status", composing, {"Actual", "Exercise", "Test"}))
    a.status = *parse_status(*v);
  if (auto v = f.choice("msg_type", false, {"Alert", "Update", "Cancel"}))
    a.msg_type = *parse_msg_type(*v);
  if (const Json* refs = f.array("references", false)) {
    a.references.clear();
    for (size_t i = 0; i < refs->size() && i < 50; ++i) {
      const Json& v = (*refs)[i];
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1)
        f.add("references[" + std::to_string(i) + "]", "An earlier alert is named by its id.");
      else
        a.references.push_back(v.get<std::int64_t>());
    }
    if (refs->size() > 50) f.add("references", "At most 50 alerts.");
  }
  if (auto v = read_codes(f, "categories", need, kCategories)) a.categories = *v;
  if (auto v = f.choice("urgency", need, kUrgencies)) a.urgency = *v;
  if (auto v = f.choice("severity", need, kSeverities)) a.severity = *v;
  if (auto v = f.choice("certainty", need, kCertainties)) a.certainty = *v;
  if (auto v = read_codes(f, "response_types", false, kResponseTypes)) a.response_types = *v;
  if (auto v = read_time(f, "onset", false))
    a.onset = *v;
  else if (body.contains("onset") && body.at("onset").is_null())
    a.onset.reset();
  if (auto v = read_time(f, "expires", need)) a.expires = *v;
  if (const Json* texts = f.object("texts", need)) {
    core::JsonFields g(*texts);
    for (const auto& lang : kLanguages) {
      const Json* t = g.object(lang, false);
      if (!t) {
        if (g.has(lang)) a.texts.erase(lang);  // null: the language is taken out
        continue;
      }
      core::JsonFields h(*t);
      Texts x;
      x.event = core::trim(h.str("event", true, 200).value_or(""));
      x.headline = core::trim(h.str("headline", true, 200).value_or(""));
      x.description = core::trim(h.str("description", false, 4000).value_or(""));
      x.instruction = core::trim(h.str("instruction", false, 4000).value_or(""));
      if (h.ok() && x.event.empty()) h.add("event", "must not be empty");
      if (h.ok() && x.headline.empty()) h.add("headline", "must not be empty");
      g.absorb(h, lang);
      a.texts[lang] = std::move(x);
    }
    f.absorb(g, "texts");
  }
  if (auto v = f.str("sender_name", false, 200)) a.sender_name = core::trim(*v);
  if (auto v = f.str("contact", false, 200)) a.contact = core::trim(*v);
  if (auto v = f.str("evacuation_plan_url", false, 500)) {
    std::string url = core::trim(*v);
    bool ok = url.empty() || url.starts_with("https://") || url.starts_with("http://") ||
              (url.starts_with('/') && !url.starts_with("//"));
    for (char c : url) ok = ok && c != ' ' && c != '"' && c != '<' && c != '>';
    if (!ok)
      f.add("evacuation_plan_url", "must be an http(s) address or a path on this site (\"/…\")");
    else
      a.evacuation_plan_url = url;
  }
  area_given = f.has("area");
  read_area(f, a, codes);
  return f.finish("The alert");
}

// The deepest region path that holds every path in `paths` ("/1/4/" of "/1/4/9/" and "/1/4/7/").
std::string common_path(const std::vector<std::string>& paths) {
  if (paths.empty()) return {};
  std::string common = paths.front();
  for (const auto& p : paths) {
    size_t n = 0;
    while (n < common.size() && n < p.size() && common[n] == p[n]) ++n;
    common.resize(n);
  }
  auto slash = common.rfind('/');
  common.resize(slash == std::string::npos ? 0 : slash + 1);
  return common;
}

// Texts of a cancel message: the alert's, marked as cancelled.
std::map<std::string, Texts> cancelled_texts(const std::map<std::string, Texts>& texts) {
  std::map<std::string, Texts> out;
  for (const auto& [lang, t] : texts) {
    std::string prefix = lang == "kk"   ? "Күші жойылды: "
                         : lang == "ru" ? "Отменено: "
                                        : "Cancelled: ";
    std::string words = lang == "kk"   ? "Бұл хабарламаның күші жойылды."
                        : lang == "ru" ? "Это оповещение отменено."
                                       : "This alert has been cancelled.";
    out[lang] = {t.event, prefix + t.headline, words, ""};
  }
  return out;
}

}  // namespace

Alerts::Alerts(storage::Database& db, registry::Registry& registry, const core::MasterKey& key)
    : db_(db), registry_(registry), signer_(std::make_unique<core::Signer>(key, "alerts.cap")) {}

Alerts::~Alerts() = default;

void Alerts::changed() {
  if (on_change_) on_change_();
}

void Alerts::cover_drawn(const auth::Principal& who, const std::string& prefix, Alert& a,
                         std::vector<core::FieldError>& errors) {
  a.area.covered.clear();
  if (a.area.polygons.empty() && a.area.circles.empty()) return;
  // Every region with a centre (a registry holds thousands at most: one read of them all).
  std::vector<PlacedRegion> placed;
  std::map<std::string, registry::Region> by_code;
  auto all =
      registry_.regions.list(who, {}, core::ListParams::first(registry::Regions::sorts(), 1000000));
  if (all)
    for (auto& r : all->items) {
      if (!r.lat || !r.lon) continue;
      placed.push_back({r.code, r.path, {*r.lat, *r.lon}});
      by_code.emplace(r.code, std::move(r));
    }
  // A scoped account whose subtree has no centre cannot have any drawing placed in it.
  const bool placed_here = std::ranges::any_of(
      placed, [&](const PlacedRegion& r) { return r.path.starts_with(prefix); });
  RegionCover cover(std::move(placed));
  std::set<std::string> seen;
  auto check = [&](const std::string& at, const std::vector<const PlacedRegion*>& hit) {
    if (!placed_here) {
      // Unscoped accounts draw anywhere; an area placed in no region reaches no subscriber.
      if (!prefix.empty())
        errors.push_back({at,
                          "No region of your area has a centre in the registry, so a drawn area "
                          "cannot be checked against your region: name regions instead."});
      return;
    }
    for (const auto* r : hit)
      if (!r->path.starts_with(prefix)) {
        const auto& g = by_code.at(r->code);
        errors.push_back({at, "The drawn area reaches outside your region, into: " + g.name_en +
                                  " (" + g.code + ")"});
        return;
      }
    for (const auto* r : hit)
      if (seen.insert(r->code).second) {
        const auto& g = by_code.at(r->code);
        a.area.covered.push_back({g.code, g.id, g.path, g.name_kk, g.name_ru, g.name_en});
      }
  };
  for (size_t i = 0; i < a.area.polygons.size(); ++i)
    check("area.polygons[" + std::to_string(i) + "]", cover.polygon(a.area.polygons[i]));
  for (size_t i = 0; i < a.area.circles.size(); ++i)
    check("area.circles[" + std::to_string(i) + "]", cover.circle(a.area.circles[i]));
}

std::vector<AreaRegion> Alerts::placed(const Alert& a) {
  if (!a.area.covered.empty() || (a.area.polygons.empty() && a.area.circles.empty()))
    return a.area.covered;
  Alert copy = a;
  std::vector<core::FieldError> unused;
  cover_drawn(auth::system_principal("system:alert-area"), "", copy, unused);
  return copy.area.covered;
}

std::vector<registry::Facility> Alerts::shelters(const Alert& a, int limit) {
  const auto reader = auth::system_principal("system:alert-shelters");
  auto in_region = [&](std::int64_t region) {
    registry::FacilityFilter f;
    f.region = region;
    f.shelter = true;
    auto page = registry_.facilities.list(
        reader, f, core::ListParams::first(registry::Facilities::sorts(), 500));
    return page ? std::move(page->items) : std::vector<registry::Facility>{};
  };
  std::map<std::int64_t, registry::Facility> found;
  for (const auto& r : a.area.regions)
    for (auto& x : in_region(r.id)) found.emplace(x.id, std::move(x));
  if (!a.area.polygons.empty() || !a.area.circles.empty())
    for (const auto& r : placed(a))
      for (auto& x : in_region(r.id)) {
        const LatLon p{x.lat, x.lon};
        bool drawn = std::ranges::any_of(a.area.polygons,
                                         [&](const auto& ring) { return inside(ring, p); }) ||
                     std::ranges::any_of(a.area.circles, [&](const Circle& c) {
                       return distance_km(c.centre, p) <= c.radius_km;
                     });
        if (drawn) found.emplace(x.id, std::move(x));
      }
  std::vector<registry::Facility> out;
  for (auto& [id, x] : found) out.push_back(std::move(x));
  std::ranges::sort(out, [](const auto& l, const auto& r) { return l.name < r.name; });
  if (out.size() > std::size_t(limit)) out.resize(std::size_t(limit));
  return out;
}

core::Status Alerts::check_area(const auth::Principal& who, Alert& a,
                                std::vector<core::FieldError>& errors) {
  // Region codes were resolved by the caller into a.area.regions; here the scope is checked.
  auto prefix = visible_prefix(who).value_or("");
  std::vector<std::string> paths;
  for (size_t i = 0; i < a.area.regions.size(); ++i) {
    const auto& r = a.area.regions[i];
    if (!r.path.starts_with(prefix))
      return fail(Error::forbidden("The region " + r.code + " is outside your region."));
    paths.push_back(r.path);
  }
  if (a.area.empty())
    errors.push_back({"area", "Name at least one region, or draw a polygon or a circle."});
  cover_drawn(who, prefix, a, errors);
  for (const auto& r : a.area.covered) paths.push_back(r.path);
  a.region_path = paths.empty() ? prefix : common_path(paths);
  if (!a.region_path.starts_with(prefix)) a.region_path = prefix;
  return {};
}

core::Status Alerts::check_references(const auth::Principal& who, const Alert& a,
                                      std::vector<core::FieldError>& errors) {
  if (a.msg_type == MsgType::alert) {
    if (!a.references.empty())
      errors.push_back({"references", "Only an Update or a Cancel references earlier alerts."});
    return {};
  }
  if (a.references.empty())
    errors.push_back({"references", "An " + std::string(to_string(a.msg_type)) +
                                        " names the earlier alert(s) it changes."});
  auto prefix = visible_prefix(who).value_or("");
  std::set<std::int64_t> seen;
  for (size_t i = 0; i < a.references.size(); ++i) {
    std::string at = "references[" + std::to_string(i) + "]";
    auto id = a.references[i];
    auto r = db_.read([&](storage::Tx& tx) { return alert_store::get(tx, id); });
    if (!seen.insert(id).second)
      errors.push_back({at, "is named twice"});
    else if (!r || !r->region_path.starts_with(prefix) || id == a.id)
      errors.push_back({at, "No alert has id " + std::to_string(id) + "."});
    else if (r->state != State::published || r->msg_type == MsgType::cancel)
      errors.push_back({at, "The alert " + r->identifier + " " + state_words(r->state) +
                                "; only a published alert can be updated or cancelled."});
    else if (r->status != a.status)
      errors.push_back({at, "The alert " + r->identifier + " is " +
                                std::string(to_string(r->status)) + "; this one is " +
                                std::string(to_string(a.status)) + "."});
  }
  return {};
}

core::Result<Alert> Alerts::get(const auth::Principal& who, std::int64_t id) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see alerts."));
  auto a = db_.read([&](storage::Tx& tx) { return alert_store::get(tx, id); });
  if (!a || !a->region_path.starts_with(*prefix)) return fail(not_found(id));
  return *a;
}

core::Result<core::Page<Alert>> Alerts::list(const auth::Principal& who, std::optional<State> state,
                                             std::optional<std::int64_t> before, int limit) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see alerts."));
  auto rows = db_.read([&](storage::Tx& tx) {
    return alert_store::list(tx, *prefix, state, before.value_or(0), limit);
  });
  core::Page<Alert> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

namespace {

// Everything about a draft that can be checked without the database: languages and times.
void check_content(const Alert& a, core::Timestamp now, std::vector<core::FieldError>& errors) {
  if (a.texts.empty())
    errors.push_back({"texts", "Write the alert in at least one of kk, ru and en."});
  if (a.categories.empty()) errors.push_back({"categories", "Name at least one."});
  if (a.expires <= now)
    errors.push_back({"expires", "must be in the future"});
  else if (a.expires > now + kMaxDuration)
    errors.push_back({"expires", "An alert stays in force at most 31 days."});
  if (a.onset && a.expires <= *a.onset) errors.push_back({"expires", "must be after the onset"});
}

}  // namespace

core::Result<Alert> Alerts::compose(const auth::Principal& who, const auth::Actor& actor,
                                    const Json& body) {
  if (!who.in(kWriters)) return fail(Error::forbidden("You may not compose alerts."));
  if (!visible_prefix(who)) return fail(Error::forbidden("Your account has no region."));
  Alert a;
  std::vector<std::string> codes;
  bool area_given = false;
  if (auto s = read_into(body, true, a, codes, area_given); !s) return fail(s.error());
  std::vector<core::FieldError> errors;
  for (size_t i = 0; i < codes.size(); ++i) {
    auto r = registry_.regions.by_code(codes[i]);
    if (!r)
      errors.push_back(
          {"area.regions[" + std::to_string(i) + "]", "No region has code " + codes[i] + "."});
    else
      a.area.regions.push_back({r->code, r->id, r->path, r->name_kk, r->name_ru, r->name_en});
  }
  auto now = core::now_us();
  check_content(a, now, errors);
  if (auto s = check_area(who, a, errors); !s) return fail(s.error());
  if (auto s = check_references(who, a, errors); !s) return fail(s.error());
  if (!errors.empty()) return fail(Error::invalid("The alert cannot be saved.", errors));
  a.state = State::draft;
  a.composed_by = who.login;
  a.authors = {who.account_id};
  a.created_at = a.updated_at = now;
  return db_.write([&](storage::Tx& tx) -> core::Result<Alert> {
    a.id = alert_store::insert(tx, a, settings_.identifier_prefix);
    a.identifier = settings_.identifier_prefix + "-" + std::to_string(a.id);
    auth::audit(tx, actor, "alert.compose", "alert", std::to_string(a.id), nullptr, audit_view(a));
    return a;
  });
}

core::Result<Alert> Alerts::edit(const auth::Principal& who, const auth::Actor& actor,
                                 std::int64_t id, const Json& body) {
  if (!who.in(kWriters)) return fail(Error::forbidden("You may not change alerts."));
  auto before = get(who, id);
  if (!before) return fail(before.error());
  if (before->state != State::draft)
    return fail(Error::conflict("The alert " + state_words(before->state) +
                                "; only a draft can be changed. Publish an update instead."));
  Alert a = *before;
  std::vector<std::string> codes;
  bool area_given = false;
  if (auto s = read_into(body, false, a, codes, area_given); !s) return fail(s.error());
  std::vector<core::FieldError> errors;
  if (area_given) {
    for (size_t i = 0; i < codes.size(); ++i) {
      auto r = registry_.regions.by_code(codes[i]);
      if (!r)
        errors.push_back(
            {"area.regions[" + std::to_string(i) + "]", "No region has code " + codes[i] + "."});
      else
        a.area.regions.push_back({r->code, r->id, r->path, r->name_kk, r->name_ru, r->name_en});
    }
  }
  auto now = core::now_us();
  check_content(a, now, errors);
  if (auto s = check_area(who, a, errors); !s) return fail(s.error());
  if (auto s = check_references(who, a, errors); !s) return fail(s.error());
  if (!errors.empty()) return fail(Error::invalid("The alert cannot be saved.", errors));
  if (std::ranges::find(a.authors, who.account_id) == a.authors.end())
    a.authors.push_back(who.account_id);
  a.updated_at = now;
  return db_.write([&](storage::Tx& tx) -> core::Result<Alert> {
    tx.lock(kStateLock);
    auto current = alert_store::get(tx, id);
    if (!current || current->state != State::draft)
      return fail(Error::conflict("The alert is no longer a draft."));
    alert_store::update(tx, a);
    auth::audit(tx, actor, "alert.edit", "alert", std::to_string(id), audit_view(*current),
                audit_view(a));
    return a;
  });
}

core::Result<Alert> Alerts::approve(const auth::Principal& who, const auth::Actor& actor,
                                    std::int64_t id) {
  if (!who.in(kWriters)) return fail(Error::forbidden("You may not approve alerts."));
  auto found = get(who, id);
  if (!found) return fail(found.error());
  if (found->state != State::draft)
    return fail(Error::conflict("The alert " + state_words(found->state) + "."));
  if (std::ranges::find(found->authors, who.account_id) != found->authors.end())
    return fail(Error::forbidden(
        "You composed or changed this alert: another authorised person must approve it "
        "(two-person rule)."));
  auto now = core::now_us();
  if (found->expires <= now)
    return fail(
        Error::conflict("The alert's expiry has passed; set a later expiry before approving."));
  std::vector<core::FieldError> errors;
  if (auto s = check_references(who, *found, errors); !s) return fail(s.error());
  if (!errors.empty())
    return fail(Error{core::ErrorCode::conflict,
                      "The alerts this one references can no longer be changed.", errors});
  const auto covered = placed(*found);
  auto done = db_.write([&](storage::Tx& tx) -> core::Result<Alert> {
    tx.lock(kStateLock);
    auto a = alert_store::get(tx, id);
    if (!a || a->state != State::draft)
      return fail(Error::conflict("The alert is no longer a draft."));
    Json before = audit_view(*a);
    if (a->area.covered.empty() && a->area == found->area) a->area.covered = covered;
    a->state = State::published;
    a->approved_by = who.login;
    a->approved_by_id = who.account_id;
    a->approved_at = a->updated_at = now;
    alert_store::update(tx, *a);
    auth::audit(tx, actor, "alert.approve", "alert", std::to_string(id), before, audit_view(*a));
    for (auto ref : a->references) {
      auto r = alert_store::get(tx, ref);
      if (!r || r->state != State::published)
        return fail(
            Error::conflict("The alert " + std::to_string(ref) + " is no longer published."));
      Json was = audit_view(*r);
      r->state = a->msg_type == MsgType::cancel ? State::cancelled : State::superseded;
      r->replaced_by = a->id;
      r->ended_by = who.login;
      r->ended_at = r->updated_at = now;
      alert_store::update(tx, *r);
      auth::audit(tx, actor, a->msg_type == MsgType::cancel ? "alert.cancel" : "alert.supersede",
                  "alert", std::to_string(ref), was, audit_view(*r));
    }
    if (auto job = record_fan_out(tx, *a); !job) return fail(job.error());
    return *a;
  });
  if (done) changed();
  return done;
}

core::Result<Alert> Alerts::cancel(const auth::Principal& who, const auth::Actor& actor,
                                   std::int64_t id, const Json& body) {
  if (!who.in(kWriters)) return fail(Error::forbidden("You may not cancel alerts."));
  core::JsonFields f(body);
  bool confirmed = f.boolean("confirm", false).value_or(false);
  if (auto s = f.finish("The cancel request"); !s) return fail(s.error());
  auto found = get(who, id);
  if (!found) return fail(found.error());
  auto now = core::now_us();
  if (found->state == State::draft) {
    return db_.write([&](storage::Tx& tx) -> core::Result<Alert> {
      tx.lock(kStateLock);
      auto a = alert_store::get(tx, id);
      if (!a || a->state != State::draft)
        return fail(Error::conflict("The alert is no longer a draft."));
      Json before = audit_view(*a);
      a->state = State::discarded;
      a->ended_by = who.login;
      a->ended_at = a->updated_at = now;
      alert_store::update(tx, *a);
      auth::audit(tx, actor, "alert.discard", "alert", std::to_string(id), before, audit_view(*a));
      return *a;
    });
  }
  if (!found->active(now))
    return fail(
        Error::conflict("The alert " + state_words(found->state) +
                        (found->state == State::published ? " and is no longer in force" : "") +
                        "; there is nothing to cancel."));
  bool own = std::ranges::find(found->authors, who.account_id) != found->authors.end() ||
             found->approved_by_id == who.account_id;
  if (!own && !who.is(auth::Role::admin))
    return fail(Error::forbidden(
        "Only whoever composed or approved the alert, or an administrator, cancels it."));
  if (!confirmed)
    return fail(Error::invalid(
        "Cancelling a published alert takes effect at once, without a second approval: confirm it.",
        {{"confirm", "must be true"}}));
  Alert c = *found;
  c.area.covered = placed(*found);
  c.id = 0;
  c.msg_type = MsgType::cancel;
  c.state = State::published;
  c.references = {id};
  c.template_key.clear();
  c.urgency = "Past";
  c.severity = "Minor";
  c.certainty = "Observed";
  c.response_types = {"AllClear"};
  c.onset.reset();
  c.texts = cancelled_texts(found->texts);
  c.composed_by = who.login;
  c.authors = {who.account_id};
  c.approved_by = who.login;
  c.approved_by_id = who.account_id;
  c.approved_at = now;
  c.ended_by.reset();
  c.ended_at.reset();
  c.replaced_by.reset();
  c.created_at = c.updated_at = now;
  auto done = db_.write([&](storage::Tx& tx) -> core::Result<Alert> {
    tx.lock(kStateLock);
    auto a = alert_store::get(tx, id);
    if (!a || !a->active(now)) return fail(Error::conflict("The alert is no longer in force."));
    c.id = alert_store::insert(tx, c, settings_.identifier_prefix);
    c.identifier = settings_.identifier_prefix + "-" + std::to_string(c.id);
    auth::audit(tx, actor, "alert.cancel_message", "alert", std::to_string(c.id), nullptr,
                audit_view(c));
    Json before = audit_view(*a);
    a->state = State::cancelled;
    a->replaced_by = c.id;
    a->ended_by = who.login;
    a->ended_at = a->updated_at = now;
    alert_store::update(tx, *a);
    auth::audit(tx, actor, "alert.cancel", "alert", std::to_string(id), before, audit_view(*a));
    if (auto job = record_fan_out(tx, c); !job) return fail(job.error());
    return c;
  });
  if (done) changed();
  return done;
}

core::Result<Preview> Alerts::preview(const auth::Principal& who, std::int64_t id) {
  auto a = get(who, id);
  if (!a) return fail(a.error());
  Preview p;
  p.cap_xml = cap_xml(*a);
  for (const auto& [lang, t] : a->texts) {
    LanguagePreview l;
    auto mark = status_mark(a->status, lang);
    l.banner = (mark.empty() ? "" : "[" + mark + "] ") + t.headline;
    l.sms = sms_text(*a, lang);
    l.sms_size = sms_size(l.sms);
    p.languages[lang] = std::move(l);
  }
  return p;
}

int Alerts::expire(core::Timestamp now) {
  auth::Actor sweep{std::nullopt, "system:alert-expiry", "alert-expiry-" + std::to_string(now)};
  auto done = db_.write([&](storage::Tx& tx) -> core::Result<int> {
    tx.lock(kStateLock);
    int n = 0;
    for (auto id : alert_store::due_to_expire(tx, now)) {
      auto a = alert_store::get(tx, id);
      if (!a) continue;
      Json before = audit_view(*a);
      a->state = State::expired;
      a->ended_by = sweep.login;
      a->ended_at = a->updated_at = now;
      alert_store::update(tx, *a);
      auth::audit(tx, sweep, "alert.expire", "alert", std::to_string(id), before, audit_view(*a));
      ++n;
    }
    return n;
  });
  int n = done ? *done : 0;
  if (n > 0) changed();
  return n;
}

bool Alerts::is_public(const Alert& a) const {
  if (a.status != Status::actual && !settings_.test_channel) return false;
  return a.state != State::draft && a.state != State::discarded && a.approved_at.has_value();
}

std::vector<Alert> Alerts::public_active(core::Timestamp now) {
  auto all = db_.read([&](storage::Tx& tx) { return alert_store::published(tx, now); });
  std::vector<Alert> out;
  for (auto& a : all)
    if (is_public(a) && a.active(now)) out.push_back(std::move(a));
  return out;
}

core::Result<std::vector<Alert>> Alerts::public_feed(
    core::Timestamp now, const std::optional<std::string>& region_code) {
  std::optional<registry::Region> region;
  if (region_code) {
    auto r = registry_.regions.by_code(*region_code);
    if (!r) return fail(Error::not_found("No region has code " + *region_code + "."));
    region = *r;
  }
  auto all = db_.read([&](storage::Tx& tx) { return alert_store::published(tx, now); });
  std::vector<Alert> out;
  for (auto& a : all) {
    if (!is_public(a)) continue;
    if (region) a.area.covered = placed(a);
    // A region's feed: alerts naming it, a region above it or one inside it.
    bool touches = !region;
    for (const auto* list : {&a.area.regions, &a.area.covered})
      for (const auto& r : *list)
        touches = touches || region->path.starts_with(r.path) || r.path.starts_with(region->path);
    if (touches) out.push_back(std::move(a));
  }
  return out;
}

core::Result<Alert> Alerts::public_by_identifier(const std::string& identifier) {
  auto a = db_.read([&](storage::Tx& tx) { return alert_store::by_identifier(tx, identifier); });
  if (!a || !is_public(*a))
    return fail(Error::not_found("No published alert has this identifier."));
  return *a;
}

std::string Alerts::cap_xml(const Alert& a) {
  std::vector<Alert> referenced;
  db_.read([&](storage::Tx& tx) {
    for (auto id : a.references)
      if (auto r = alert_store::get(tx, id)) referenced.push_back(std::move(*r));
    return 0;
  });
  return cap_document(a, referenced, {settings_.sender, settings_.sender_name, settings_.origin},
                      a.approved_at.value_or(core::now_us() / 1000000 * 1000000));
}

std::string Alerts::signature(const std::string& document) const {
  return core::from_hex(signer_->sign_hex(document)).value_or("");
}

std::string Alerts::public_key_hex() const {
  return signer_->public_key_hex();
}

std::string Alerts::public_key_pem() const {
  // SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): a fixed 12-byte prefix and the key.
  std::string der = *core::from_hex("302a300506032b6570032100" + signer_->public_key_hex());
  std::string b64 = core::base64url_encode(der);
  for (char& ch : b64) ch = ch == '-' ? '+' : ch == '_' ? '/' : ch;
  while (b64.size() % 4) b64 += '=';
  return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
}

std::string Alerts::atom(const std::vector<Alert>& alerts, const std::string& title,
                         const std::string& self) {
  core::Timestamp updated = 0;
  for (const auto& a : alerts) updated = std::max(updated, a.approved_at.value_or(0));
  if (updated == 0) updated = core::now_us();
  return atom_feed(alerts, {settings_.sender, settings_.sender_name, settings_.origin}, title, self,
                   updated);
}

FanOut Alerts::fan_out_request(const Alert& a) {
  FanOut f;
  f.alert_id = a.id;
  f.identifier = a.identifier;
  f.status = std::string(to_string(a.status));
  f.msg_type = std::string(to_string(a.msg_type));
  for (const auto& r : a.area.regions) f.regions.push_back(r.code);
  for (const auto& r : a.area.covered)
    if (std::ranges::find(f.regions, r.code) == f.regions.end()) f.regions.push_back(r.code);
  for (const auto& [lang, t] : a.texts) f.texts[lang] = {t.headline, sms_text(a, lang), "", ""};
  return f;
}

core::Result<std::int64_t> Alerts::record_fan_out(storage::Tx& tx, const Alert& a) {
  // Subscribers choose regions: a drawn area reaches them through the regions it covers; one
  // placed in no region (a registry without centres) reaches nobody and has no fan-out.
  if (a.area.regions.empty() && a.area.covered.empty()) return std::int64_t{0};
  return fan_out(tx, fan_out_request(a));
}

}  // namespace qorgan::alerts
