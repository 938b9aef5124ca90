// The requisition console's forms: a decision made, amended and revoked; property listed under
// it; the taking act, custody movements and the return act; a valuation; the owner's payment
// application; a payment order made and cancelled; a dispute opened and resolved. Each is a page
// of its own that works without JavaScript: GET shows the form, POST gives its fields to the same
// service call as the API (requisition/requisitions.hpp) under the same roles, then goes to the
// record's page, or shows the form again with the service's problems next to the fields and
// nothing stored. The two-person buttons (approve a valuation, confirm an order paid) are on the
// item's page.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "console/pages.hpp"
#include "console/service_forms.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "registry/facilities.hpp"
#include "requisition/access.hpp"
#include "requisition/checks.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::console {

using auth::Role;
using http::Request;
using http::Response;
using requisition::Requisitions;

namespace {

using Values = std::map<std::string, std::string>;

// What the {id:id} of a form's path names; a form about a record the caller may not see is the
// record's 404 page, as the API answers.
enum class About { nothing, decision, item, dispute, order };

// One form page.
struct FormSpec {
  std::string path;
  About about = About::item;
  std::string title, submit;  // English; shown through tr()
  std::vector<Role> roles;    // as the API's (requisition/access.hpp)
  std::vector<Field> fields;
  // Fields kept in the form but not shown (a payment order's idempotency key).
  std::vector<std::string> hidden;
  // Sent as multipart/form-data (the acts' photos).
  bool files = false;
  // Where Cancel goes: the page of the record the form belongs to.
  std::function<std::string(const Request&)> back;
  // What a new form shows (an amended decision's values, a fresh idempotency key).
  std::function<core::Result<Values>(Requisitions&, const Principal&, const Request&)> initial;
  // Removes what does not apply to the choices made (a plate on a building), so that the service
  // does not refuse inputs the person could not help seeing.
  std::function<void(core::Json&)> shape;
  // The service call; the page to go to afterwards.
  std::function<core::Result<std::string>(Requisitions&, const Principal&, const auth::Actor&,
                                          const Request&, const core::Json&, const Form&)>
      call;
};

// The act's photos as the form sent them (an empty file input sends an empty part).
std::vector<requisition::Upload> uploads_of(const Form& form) {
  std::vector<requisition::Upload> out;
  auto [from, to] = form.equal_range("photos");
  for (auto it = from; it != to; ++it)
    if (!it->second.empty())
      out.push_back({"photo-" + std::to_string(out.size() + 1), it->second, ""});
  return out;
}

std::string item_page(std::int64_t id) {
  return "/console/requisition/items/" + std::to_string(id) + "?done=1";
}
std::string decision_page(std::int64_t id) {
  return "/console/requisition/decisions/" + std::to_string(id);
}

// A sum of money typed in tenge, sent to the service in tiyn; what does not read as tenge is
// sent as typed so that the service names the field (and the page says how to write it).
Field money(std::string path, std::string label, bool required, std::string hint) {
  Field f{std::move(path), std::move(label), FieldKind::text, required, std::move(hint)};
  f.encode = [](const std::string& typed) -> core::Json {
    auto tiyn = requisition::parse_tenge(typed);
    return tiyn ? core::Json(*tiyn) : core::Json(typed);
  };
  return f;
}
constexpr const char* kTengeHint = "In tenge, for example 1 250 000,50";

// Choices among codes, labelled in words (fields_data translates them).
Field select(std::string path, std::string label, bool required,
             const std::vector<std::string>& codes) {
  Field f{std::move(path), std::move(label), FieldKind::select, required};
  for (const auto& code : codes) f.options.push_back({code, requisition_term(code)});
  return f;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    auto at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

// Officials and the commission, one person a line: "name; position" and, for an appraiser of
// the commission, "; licence number".
core::Json people_of(const std::string& text, bool commission) {
  core::Json out = core::Json::array();
  for (const auto& line : split(text, '\n')) {
    if (core::trim(line).empty()) continue;
    auto parts = split(line, ';');
    core::Json p{{"name", core::trim(parts[0])},
                 {"position", parts.size() > 1 ? core::trim(parts[1]) : ""}};
    if (commission) {
      std::string licence = parts.size() > 2 ? core::trim(parts[2]) : "";
      p["appraiser"] = !licence.empty();
      p["licence"] = licence;
    }
    out.push_back(p);
  }
  return out;
}
std::string people_text(const core::Json& people, bool commission) {
  std::string out;
  for (const auto& p : people) {
    out += p.value("name", "") + "; " + p.value("position", "");
    if (commission && p.value("appraiser", false)) out += "; " + p.value("licence", "");
    out += "\n";
  }
  return out;
}

// The facilities and units a requisition writer names (collection points, custody): those the
// role reads in the registry, else, for a role the registry does not serve (a requisition
// officer), those of the writer's region, by name only, as the decision needs them.
std::vector<Option> facility_choices(Context& c, const Principal& who) {
  const auto first = core::ListParams::first(registry::Facilities::sorts());
  auto list = c.registry.facilities.list(who, {}, first);
  if (!list && list.error().code == core::ErrorCode::forbidden) {
    registry::FacilityFilter f;
    f.region = who.region_id;
    list = c.registry.facilities.list(auth::system_principal("console:requisition"), f, first);
  }
  std::vector<Option> out;
  if (list)
    for (const auto& x : list->items) out.push_back({std::to_string(x.id), x.name});
  return out;
}
std::vector<Option> unit_choices(Context& c, const Principal& who) {
  const auto first = core::ListParams::first(registry::Units::sorts());
  auto list = c.registry.units.list(who, {}, first);
  if (!list && list.error().code == core::ErrorCode::forbidden) {
    registry::UnitFilter f;
    f.region = who.region_id;
    list = c.registry.units.list(auth::system_principal("console:requisition"), f, first);
  }
  std::vector<Option> out;
  if (list)
    for (const auto& u : list->items) out.push_back({std::to_string(u.id), u.name});
  return out;
}

std::vector<Field> decision_fields(Context& c, bool creating) {
  std::vector<Field> f{
      {"number", "Decision number", FieldKind::text, true},
      {"decided_on", "Date of the decision", FieldKind::date, true, "YYYY-MM-DD"},
      {"issuing_body", "Issuing body", FieldKind::text, true,
       "The local executive body that decided, for example the akimat of the city."},
      select("grounds", "Grounds", true, {"martial_law", "emergency", "exercise"}),
  };
  if (creating) {
    Field region{"region_id", "Region", FieldKind::select, true};
    region.numeric_value = true;
    region.options_fn = [&c](const Principal& who) { return region_options(c.registry, who); };
    f.push_back(region);
  }
  f.push_back({"deadline", "Deadline", FieldKind::date, true, "YYYY-MM-DD"});
  Field point{"collection_point_ids", "Collection point", FieldKind::select, true,
              "The registered facility where the property is brought."};
  point.options_fn = [&c](const Principal& who) { return facility_choices(c, who); };
  point.encode = [](const std::string& v) -> core::Json {
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
    return core::Json::array(
        {ec == std::errc() && p == v.data() + v.size() ? core::Json(id) : core::Json(v)});
  };
  f.push_back(point);
  Field officials{"officials", "Responsible officials", FieldKind::textarea, true,
                  "One a line: name; position."};
  officials.encode = [](const std::string& t) { return people_of(t, false); };
  f.push_back(officials);
  Field commission{"commission", "Valuation commission", FieldKind::textarea, true,
                   "One a line: name; position; licence number for an appraiser."};
  commission.encode = [](const std::string& t) { return people_of(t, true); };
  f.push_back(commission);
  return f;
}

// The acts' own fields (the taking act and the return act).
std::vector<Field> act_fields() {
  return {{"act_date", "Date of the act", FieldKind::date, true, "YYYY-MM-DD"},
          {"place", "Place", FieldKind::text, true},
          {"condition", "Condition", FieldKind::textarea, true},
          {"readings", "Odometer or meter readings", FieldKind::text},
          {"defects", "Defects", FieldKind::textarea},
          {"accessories", "Accessories", FieldKind::textarea},
          {"signed_by.name", "Signed by", FieldKind::text, true,
           "The owner's or a witness's full name."},
          select("signed_by.as", "Signed as", true, {"owner", "witness"}),
          {"signed_by.confirmed", "The signature is on the paper act", FieldKind::checkbox}};
}

const std::map<std::string, std::set<std::string>> kDetailsOf{
    {"vehicle", {"plate", "vin", "make", "model", "year"}},
    {"building", {"cadastral_number", "address"}},
    {"equipment", {"serial", "name"}},
    {"other", {"name"}}};

std::vector<FormSpec> specs(Context& c) {
  using requisition::kAppraisers;
  using requisition::kFinance;
  using requisition::kOfficers;
  const std::string base = "/console/requisition";
  auto to_item = [base](const Request& req) { return base + "/items/" + std::to_string(req.id()); };
  // A dispute's or an order's form, reached from its item's page with ?item=.
  auto back_to_item = [base](const Request& req) {
    auto item = req.query_param("item").value_or("");
    bool digits = !item.empty() && item.size() < 19 &&
                  item.find_first_not_of("0123456789") == std::string::npos;
    return digits ? base + "/items/" + item : base;
  };
  auto to_decision = [base](const Request& req) {
    return base + "/decisions/" + std::to_string(req.id());
  };
  std::vector<FormSpec> out;

  out.push_back({base + "/decisions/new", About::nothing, "New requisition decision",
                 "Create the decision", kOfficers, decision_fields(c, true)});
  out.back().back = [base](const Request&) { return base; };
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a, const Request&,
                       const core::Json& body, const Form&) -> core::Result<std::string> {
    auto d = r.create_decision(who, a, body);
    if (!d) return core::fail(d.error());
    return decision_page(d->id);
  };

  out.push_back({base + "/decisions/{id:id}/amend", About::decision, "Amend the decision",
                 "Save as a new version", kOfficers, decision_fields(c, false)});
  out.back().back = to_decision;
  out.back().initial = [](Requisitions& r, const Principal& who,
                          const Request& req) -> core::Result<Values> {
    auto d = r.decision(who, req.id());
    if (!d) return core::fail(d.error());
    const auto points = d->details.value("collection_point_ids", core::Json::array());
    return Values{
        {"number", d->number},
        {"decided_on", d->decided_on},
        {"issuing_body", d->issuing_body},
        {"grounds", d->grounds},
        {"deadline", d->deadline},
        {"collection_point_ids", points.empty() ? "" : points[0].dump()},
        {"officials", people_text(d->details.value("officials", core::Json::array()), false)},
        {"commission", people_text(d->details.value("commission", core::Json::array()), true)}};
  };
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form&) -> core::Result<std::string> {
    auto d = r.amend_decision(who, a, req.id(), body);
    if (!d) return core::fail(d.error());
    return decision_page(d->id);
  };

  out.push_back({base + "/decisions/{id:id}/revoke",
                 About::decision,
                 "Revoke the decision",
                 "Revoke the decision",
                 kOfficers,
                 {{"reason", "Reason", FieldKind::textarea, true,
                   "Property already taken stays on the books; nothing more may be listed or "
                   "taken."}}});
  out.back().back = to_decision;
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form&) -> core::Result<std::string> {
    auto d = r.revoke_decision(who, a, req.id(), body);
    if (!d) return core::fail(d.error());
    return decision_page(d->id);
  };

  {
    std::vector<Field> f{
        select("kind", "Kind", true, {"vehicle", "building", "equipment", "other"}),
        {"description", "Description", FieldKind::text, true,
         "For example a truck, a warehouse, a generator."},
        select("requisition_type", "Requisitioned for", true, {"use", "ownership"}),
        {"details.plate", "Registration plate", FieldKind::text, false,
         "Vehicles: 4 to 10 letters and digits."},
        {"details.vin", "VIN", FieldKind::text, false, "Vehicles: 17 characters."},
        {"details.make", "Make", FieldKind::text, false, "Vehicles."},
        {"details.model", "Model", FieldKind::text, false, "Vehicles."},
        {"details.year", "Year", FieldKind::integer, false, "Vehicles."},
        {"details.cadastral_number", "Cadastral number", FieldKind::text, false,
         "Buildings: groups of digits separated by colons."},
        {"details.address", "Address", FieldKind::text, false, "Buildings."},
        {"details.serial", "Serial number", FieldKind::text, false, "Equipment."},
        {"details.name", "Name", FieldKind::text, false, "Equipment and other property."},
        select("owner.kind", "Owner", true, {"person", "organisation"}),
        {"owner.name", "Owner's name", FieldKind::text, true},
        {"owner.iin", "Owner's IIN", FieldKind::text, false, "A person: 12 digits."},
        {"owner.bin", "Owner's BIN", FieldKind::text, false, "An organisation: 12 digits."}};
    out.push_back({base + "/decisions/{id:id}/items/new", About::decision, "Add property",
                   "Add the property", kOfficers, f});
    out.back().back = to_decision;
    out.back().shape = [](core::Json& body) {
      auto kind = body.value("kind", "");
      if (body.contains("details")) {
        auto it = kDetailsOf.find(kind);
        auto& details = body["details"];
        for (auto key = details.begin(); key != details.end();) {
          if (it != kDetailsOf.end() && !it->second.contains(key.key()))
            key = details.erase(key);
          else
            ++key;
        }
        if (details.empty()) body.erase("details");
      }
      if (body.contains("owner")) {
        auto owner_kind = body["owner"].value("kind", "");
        if (owner_kind == "person") body["owner"].erase("bin");
        if (owner_kind == "organisation") body["owner"].erase("iin");
      }
    };
    out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                         const Request& req, const core::Json& body,
                         const Form&) -> core::Result<std::string> {
      auto i = r.add_item(who, a, req.id(), body);
      if (!i) return core::fail(i.error());
      return item_page(i->id);
    };
  }

  out.push_back({base + "/items/{id:id}/taking", About::item, "Record the taking act",
                 "Record the act", kOfficers, act_fields()});
  out.back().files = true;
  out.back().back = to_item;
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form& form) -> core::Result<std::string> {
    auto f = r.take(who, a, req.id(), body, uploads_of(form));
    if (!f) return core::fail(f.error());
    return item_page(f->item.id);
  };

  {
    Field unit{"unit_id", "Unit", FieldKind::select, false, "The unit that holds it, if any."};
    unit.numeric_value = true;
    unit.options_fn = [&c](const Principal& who) { return unit_choices(c, who); };
    out.push_back({base + "/items/{id:id}/custody",
                   About::item,
                   "Record a custody movement",
                   "Record the movement",
                   kOfficers,
                   {{"moved_on", "Date", FieldKind::date, true, "YYYY-MM-DD"},
                    unit,
                    {"place", "Place", FieldKind::text, true},
                    {"responsible", "Responsible", FieldKind::text, true}}});
    out.back().back = to_item;
    out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                         const Request& req, const core::Json& body,
                         const Form&) -> core::Result<std::string> {
      auto f = r.move(who, a, req.id(), body);
      if (!f) return core::fail(f.error());
      return item_page(f->item.id);
    };
  }

  out.push_back({base + "/items/{id:id}/return", About::item, "Record the return act",
                 "Record the act", kOfficers, act_fields()});
  out.back().files = true;
  out.back().back = to_item;
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form& form) -> core::Result<std::string> {
    auto f = r.give_back(who, a, req.id(), body, uploads_of(form));
    if (!f) return core::fail(f.error());
    return item_page(f->item.id);
  };

  out.push_back(
      {base + "/items/{id:id}/valuations/new",
       About::item,
       "Record a valuation",
       "Record the valuation",
       kAppraisers,
       {{"appraiser", "Appraiser", FieldKind::text, true},
        {"licence", "Licence number", FieldKind::text, true},
        select("method", "Method", true, {"comparative", "income", "cost"}),
        {"value_date", "Value date", FieldKind::date, true,
         "The taking date: the value is as of then."},
        money("market_value", "Market value", true, kTengeHint),
        money("rent_per_day", "Rent per day", false, "For property taken into use, in tenge."),
        money("damage", "Damage", false, "Damage beyond fair wear found at return, in tenge.")}});
  out.back().back = to_item;
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form&) -> core::Result<std::string> {
    auto v = r.record_valuation(who, a, req.id(), body);
    if (!v) return core::fail(v.error());
    return item_page(v->item_id);
  };

  out.push_back({base + "/items/{id:id}/applications/new",
                 About::item,
                 "File the owner's payment application",
                 "File the application",
                 kOfficers,
                 {select("method", "Method", true, {"bank", "cash"}),
                  {"iban", "IBAN", FieldKind::text, false,
                   "For a bank transfer: the owner's account number."}}});
  out.back().back = to_item;
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form&) -> core::Result<std::string> {
    auto x = r.apply(who, a, req.id(), body);
    if (!x) return core::fail(x.error());
    return item_page(x->item_id);
  };

  // The key is made when the form is shown and sent back with it: submitting the same form
  // twice (a double click, a reload) makes one order.
  out.push_back({base + "/items/{id:id}/payment-orders/new",
                 About::item,
                 "Make a payment order",
                 "Make the order",
                 kFinance,
                 {money("amount", "Amount", true,
                        "In tenge, at most what is payable now. Someone else confirms it paid.")},
                 {"idempotency_key"}});
  out.back().back = to_item;
  out.back().initial = [](Requisitions&, const Principal&, const Request&) -> core::Result<Values> {
    return Values{{"idempotency_key", "console-" + core::random_token(18)}};
  };
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form& form) -> core::Result<std::string> {
    core::Json b = body;
    b["idempotency_key"] = http::form_value(form, "idempotency_key");
    auto o = r.create_order(who, a, req.id(), b);
    if (!o) return core::fail(o.error());
    return item_page(o->order.item_id);
  };

  out.push_back({base + "/payment-orders/{id:id}/cancel",
                 About::order,
                 "Cancel the payment order",
                 "Cancel the order",
                 kFinance,
                 {{"reason", "Reason", FieldKind::textarea, true,
                   "Why the order is not to be paid; kept with the order."}}});
  out.back().back = back_to_item;
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form&) -> core::Result<std::string> {
    auto o = r.cancel_order(who, a, req.id(), body);
    if (!o) return core::fail(o.error());
    return item_page(o->item_id);
  };

  out.push_back(
      {base + "/items/{id:id}/disputes/new",
       About::item,
       "Open a dispute",
       "Open the dispute",
       kOfficers,
       {{"reason", "Reason", FieldKind::textarea, true},
        money("claimed", "Amount claimed", true, "What the owner claims in all, in tenge.")}});
  out.back().back = to_item;
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form&) -> core::Result<std::string> {
    auto d = r.open_dispute(who, a, req.id(), body);
    if (!d) return core::fail(d.error());
    return item_page(d->item_id);
  };

  out.push_back({base + "/disputes/{id:id}/resolve",
                 About::dispute,
                 "Resolve the dispute",
                 "Resolve the dispute",
                 kOfficers,
                 {{"resolution", "Resolution", FieldKind::textarea, true},
                  money("adjustment", "Adjustment", true,
                        "Added to what is owed, in tenge; negative to reduce it, 0 for none.")}});
  out.back().back = back_to_item;
  out.back().call = [](Requisitions& r, const Principal& who, const auth::Actor& a,
                       const Request& req, const core::Json& body,
                       const Form&) -> core::Result<std::string> {
    auto d = r.resolve_dispute(who, a, req.id(), body);
    if (!d) return core::fail(d.error());
    return item_page(d->item_id);
  };
  return out;
}

// The action of a form page as requested (its query kept: the dispute's ?item=).
std::string action_of(const Request& req) {
  auto q = req.target.find('?');
  return q == std::string::npos ? req.path : req.path + req.target.substr(q);
}

Response form_page(Context& c, const FormSpec& spec, const Request& req, const Principal& who,
                   const std::function<std::string(const std::string&)>& value_of,
                   const core::Error* error) {
  auto d = base_data(c, req, &who, tr(spec.title), "requisition");
  d.set("heading", tr(spec.title));
  d.set("action", action_of(req));
  d.set("cancel_href", spec.back(req));
  d.set("submit", tr(spec.submit));
  std::vector<core::FieldError> field_errors;
  if (error)
    for (const auto& e : error->fields) {
      // The photos' input is the template's own, not a described field.
      if (spec.files && (e.field == "photos" || e.field.starts_with("photos[")))
        d.set("photo_error", tr_message(e.message));
      else
        field_errors.push_back(e);
    }
  if (spec.files) {
    d.set("multipart", true);
    d.set("photos", true);
  }
  // An error on one entry of a list ("officials[1].name", "collection_point_ids[0]") belongs to
  // the field of the whole list; for people typed one a line, it says which person.
  for (auto& e : field_errors) {
    auto bracket = e.field.find('[');
    if (bracket == std::string::npos) continue;
    const std::string list = e.field.substr(0, bracket);
    auto f = std::find_if(spec.fields.begin(), spec.fields.end(),
                          [&](const Field& x) { return x.path == list; });
    if (f == spec.fields.end()) continue;
    if (f->kind == FieldKind::textarea)
      e.message =
          trf("Person {}: ", std::atoi(e.field.c_str() + bracket + 1) + 1) + tr_message(e.message);
    e.field = list;
  }
  // A sum that did not read as tenge: say how to write it rather than "must be an integer"; one
  // out of bounds: the bounds in tenge, not the service's tiyn.
  for (auto& e : field_errors)
    for (const auto& f : spec.fields) {
      if (f.path != e.field || !f.encode || f.kind != FieldKind::text) continue;
      long long low = 0, high = 0;
      if (!requisition::parse_tenge(value_of(f.path)))
        e.message = "must be an amount in tenge, for example 1 250 000,50";
      else if (std::sscanf(e.message.c_str(), "must be between %lld and %lld", &low, &high) == 2)
        e.message = trf("must be from {} to {}", requisition::format_tenge(low),
                        requisition::format_tenge(high));
    }
  int status = fill_form(d, spec.fields, spec.hidden, who, value_of, field_errors, error, true);
  return render(c, "console/requisition_form", d, status);
}

}  // namespace

void mount_requisition_forms(http::Router& router, Context& c) {
  auto& r = *c.requisitions;
  for (auto& s : specs(c)) {
    auto spec = std::make_shared<const FormSpec>(std::move(s));
    router.add(
        "GET", spec->path,
        page(c, spec->roles, [&c, &r, spec](Request& req, const Principal& who, const Form&) {
          Values values;
          if (spec->initial) {
            auto v = spec->initial(r, who, req);
            if (!v) return error_page(c, req, who, v.error());
            values = std::move(*v);
          } else if (spec->about == About::item) {
            auto f = r.item(who, req.id());
            if (!f) return error_page(c, req, who, f.error());
          } else if (spec->about == About::decision) {
            auto d = r.decision(who, req.id());
            if (!d) return error_page(c, req, who, d.error());
          } else if (spec->about == About::order) {
            auto o = r.order(who, req.id());
            if (!o) return error_page(c, req, who, o.error());
          }
          return form_page(
              c, *spec, req, who,
              [&](const std::string& name) {
                auto it = values.find(name);
                return it == values.end() ? std::string() : it->second;
              },
              nullptr);
        }));
    router.add(
        "POST", spec->path,
        page(c, spec->roles, [&c, &r, spec](Request& req, const Principal& who, const Form& form) {
          auto body = form_to_json(spec->fields, form, true);
          if (spec->shape) spec->shape(body);
          auto done = spec->call(r, who, auth::actor(req, who), req, body, form);
          if (done) return Response::redirect(*done);
          const auto code = done.error().code;
          if (code != core::ErrorCode::invalid && code != core::ErrorCode::conflict)
            return error_page(c, req, who, done.error());
          return form_page(
              c, *spec, req, who, [&](const std::string& name) { return form_value(form, name); },
              &done.error());
        }));
  }
}

}  // namespace qorgan::console
