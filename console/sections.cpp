// Sections of detail pages that show related records: a unit's strength (actual against target by
// position, as GET /api/v1/units/{id}/strength) and a person's unit memberships, with the forms
// to add one, to end one on a date (kept as history) and to remove one. Every read and write goes
// through the registry's services with the caller's rights, exactly as the API's routes do.
#include "console/pages.hpp"

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

namespace {

const std::vector<Role> kMembershipWriters{Role::admin, Role::hq_staff};

std::vector<Field> membership_fields(registry::Registry& reg) {
  Field unit{"unit_id", "Unit", FieldKind::select, true};
  unit.numeric_value = true;
  unit.options_fn = [&reg](const Principal& who) { return unit_options(reg, who); };
  return {unit,
          {"position", "Position", FieldKind::text, true,
           "As in the unit's target strength, e.g. rifleman."},
          {"from", "Start date", FieldKind::date, true, "YYYY-MM-DD"},
          {"to", "End date", FieldKind::date, false,
           "Leave empty while the membership lasts; fill it in to record past service."}};
}

// The unit's name when the caller may see the unit, else its id.
std::pair<std::string, bool> unit_name(registry::Registry& reg, const Principal& who,
                                       std::int64_t id) {
  auto u = reg.units.get(who, id);
  return u ? std::pair{u->name, true} : std::pair{"#" + std::to_string(id), false};
}

// "3 short", "1 over", "complete": actual against target.
std::pair<std::string, std::string> difference(std::int64_t target, std::int64_t actual) {
  if (actual < target) return {trf("{} short", target - actual), "short"};
  if (actual > target) return {trf("{} over", actual - target), "over"};
  return {tr("complete"), "full"};
}

}  // namespace

std::vector<Option> unit_options(registry::Registry& reg, const Principal& who) {
  std::vector<Option> out;
  auto list = reg.units.list(who, {}, core::ListParams::first(registry::Units::sorts()));
  if (!list) return out;
  for (const auto& u : list->items) out.push_back({std::to_string(u.id), u.name});
  return out;
}

void strength_section(registry::Registry& reg, Data& d, const Principal& who,
                      const registry::Unit& unit) {
  auto s = reg.units.strength(who, unit.id);
  if (!s) return;  // the unit was readable a moment ago; the page stands without the section
  Data st{Data::type::object};
  Data rows{Data::type::list};
  for (const auto& p : s->positions) {
    auto [text, state] = difference(p.target, p.actual);
    Data r{Data::type::object};
    r.set("position", p.position);
    r.set("target", std::to_string(p.target));
    r.set("actual", std::to_string(p.actual));
    r.set("difference", text);
    r.set("state", state);
    rows.push_back(r);
  }
  auto target = s->target_total, actual = s->actual_total;
  auto [text, state] = difference(target, actual);
  st.set("positions", rows);
  st.set("no_positions", rows.is_empty_list());
  st.set("target_total", std::to_string(target));
  st.set("actual_total", std::to_string(actual));
  st.set("difference_total", text);
  st.set("state_total", state);
  d.set("strength", st);
}

void membership_section(registry::Registry& reg, Data& d, const Request& req, const Principal& who,
                        const registry::Person& person, const Rejected* rejected) {
  auto person_id = person.id;
  auto list = reg.people.memberships(who, person_id);
  if (!list) return;
  bool writes = who.in(kMembershipWriters);
  // A refused "End on date" form names its membership; the add form stays untouched then.
  std::string end_refused, end_value, end_error;
  if (rejected && !form_value(rejected->form, "end_membership").empty()) {
    end_refused = form_value(rejected->form, "end_membership");
    end_value = form_value(rejected->form, "to");
    end_error = tr_message(rejected->error.message);
    for (const auto& e : rejected->error.fields)
      if (e.field == "to") end_error = tr("End date") + ": " + tr_message(e.message) + ".";
    rejected = nullptr;
  }
  Data m{Data::type::object};
  Data rows{Data::type::list};
  for (const auto& item : *list) {
    auto [name, visible] = unit_name(reg, who, item.unit_id);
    const auto id = std::to_string(item.id);
    Data r{Data::type::object};
    r.set("unit", name);
    r.set("unit_href",
          visible ? Data{"/console/units/" + std::to_string(item.unit_id)} : Data{false});
    r.set("position", item.position);
    r.set("from", item.from);
    r.set("to", item.to.value_or("—"));
    r.set("current", tr(item.current ? "Yes" : "No"));
    auto base = "/console/people/" + std::to_string(person_id) + "/memberships/" + id;
    r.set("remove_href", writes ? Data{base + "/remove"} : Data{false});
    if (writes && item.current) {
      Data end{Data::type::object};
      end.set("action", base + "/end");
      end.set("id", id);
      end.set("value", std::string());
      end.set("error", false);
      if (end_refused == id) {
        end.set("value", end_value);
        end.set("error", end_error);
      }
      r.set("end", end);
    } else {
      r.set("end", false);
    }
    rows.push_back(r);
  }
  m.set("items", rows);
  m.set("none", rows.is_empty_list());
  m.set("can_write", writes);
  auto done = req.query_param("membership").value_or("");
  if (done == "added") m.set("done", tr("The membership has been added."));
  if (done == "removed") m.set("done", tr("The membership has been removed."));
  if (done == "ended") m.set("done", tr("The membership has been ended."));
  if (writes) {
    Data form{Data::type::object};
    std::vector<core::FieldError> errors, unplaced;
    if (rejected) errors = rejected->error.fields;
    form.set("action", "/console/people/" + std::to_string(person_id) + "/memberships");
    form.set("fields", fields_data(
                           membership_fields(reg), who,
                           [&](const std::string& name) {
                             return rejected ? form_value(rejected->form, name) : std::string();
                           },
                           errors, true, &unplaced));
    if (rejected) {
      form.set("summary", rejected->error.message.empty() ? tr("The membership was not added.")
                                                          : tr_message(rejected->error.message));
      Data extra{Data::type::list};
      for (const auto& e : unplaced) extra.push_back(Data{e.field + " " + tr_message(e.message)});
      form.set("unplaced", extra);
    }
    m.set("form", form);
  }
  d.set("memberships", m);
}

void mount_membership_pages(http::Router& router, Context& c) {
  const EntitySpec* people = nullptr;
  for (const auto& e : c.entities)
    if (e.key == "people") people = &e;
  if (!people) return;

  router.add("POST", "/console/people/{id:id}/memberships",
             page(c, kMembershipWriters,
                  [&c, people](Request& req, const Principal& who, const Form& form) {
                    auto body = form_to_json(membership_fields(c.registry), form, true);
                    auto added = c.registry.people.add_membership(who, auth::actor(req, who),
                                                                  req.id(), body);
                    if (added)
                      return Response::redirect("/console/people/" + std::to_string(req.id()) +
                                                "?membership=added#memberships");
                    if (added.error().code != core::ErrorCode::invalid)
                      return error_page(c, req, who, added.error());
                    Rejected rejected{form, added.error()};
                    return detail_page(c, *people, req, who, &rejected);
                  }));

  // Ending on a date keeps the membership as history; a refused date comes back next to the
  // row's own form (the form names its membership in `end_membership`).
  router.add("POST", "/console/people/{id:id}/memberships/{mid:id}/end",
             page(c, kMembershipWriters,
                  [&c, people](Request& req, const Principal& who, const Form& form) {
                    core::Json body{{"to", form_value(form, "to")}};
                    auto ended = c.registry.people.update_membership(who, auth::actor(req, who),
                                                                     req.id(), req.id("mid"), body);
                    if (ended)
                      return Response::redirect("/console/people/" + std::to_string(req.id()) +
                                                "?membership=ended#memberships");
                    if (ended.error().code != core::ErrorCode::invalid)
                      return error_page(c, req, who, ended.error());
                    Form marked = form;
                    marked.erase("end_membership");
                    marked.emplace("end_membership", std::to_string(req.id("mid")));
                    Rejected rejected{marked, ended.error()};
                    return detail_page(c, *people, req, who, &rejected);
                  }));

  // Removing asks first, showing the membership; the service decides whether the caller may.
  auto confirmation = [&c](Request& req, const Principal& who,
                           const core::Error* refused) -> core::Result<Confirmation> {
    auto person = c.registry.people.get(who, req.id());
    if (!person) return core::fail(person.error());
    auto list = c.registry.people.memberships(who, req.id());
    if (!list) return core::fail(list.error());
    const registry::Membership* found = nullptr;
    for (const auto& item : *list)
      if (item.id == req.id("mid")) found = &item;
    if (!found)
      return core::fail(core::Error::not_found("The person has no membership " +
                                               std::to_string(req.id("mid")) + "."));
    auto unit = unit_name(c.registry, who, found->unit_id).first;
    auto name = person_name(*person);
    Confirmation p;
    p.title = tr("Remove membership");
    p.question =
        trf("Remove the membership of {} in {}? They no longer count towards the unit's strength. "
            "The membership is deleted; the audit log keeps a copy.",
            name, unit);
    p.details = {{tr("Person"), name},
                 {tr("Unit"), unit},
                 {tr("Position"), found->position},
                 {tr("Start date"), found->from},
                 {tr("End date"), found->to.value_or("")}};
    std::string base = "/console/people/" + std::to_string(req.id());
    p.action = base + "/memberships/" + std::to_string(req.id("mid")) + "/remove";
    p.submit = tr("Remove membership");
    p.cancel_href = base + "#memberships";
    p.active = "people";
    p.refused = refused;
    return p;
  };
  const std::string path = "/console/people/{id:id}/memberships/{mid:id}/remove";
  router.add("GET", path,
             page(c, kMembershipWriters,
                  [&c, confirmation](Request& req, const Principal& who, const Form&) {
                    auto p = confirmation(req, who, nullptr);
                    if (!p) return error_page(c, req, who, p.error());
                    return confirm_page(c, req, who, *p);
                  }));
  router.add("POST", path,
             page(c, kMembershipWriters,
                  [&c, confirmation](Request& req, const Principal& who, const Form&) {
                    auto p = confirmation(req, who, nullptr);
                    if (!p) return error_page(c, req, who, p.error());
                    auto removed = c.registry.people.remove_membership(who, auth::actor(req, who),
                                                                       req.id(), req.id("mid"));
                    if (removed)
                      return Response::redirect("/console/people/" + std::to_string(req.id()) +
                                                "?membership=removed#memberships");
                    p->refused = &removed.error();
                    return confirm_page(c, req, who, *p);
                  }));
}

}  // namespace qorgan::console
