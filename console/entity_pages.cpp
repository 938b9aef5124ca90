// The generic registry pages: a list with filters, search, sorting and a "next page" link; a
// detail page; create and edit forms that come back with the user's input and an error next to
// each field the service rejected; and deletion behind a confirmation step.
#include "console/pages.hpp"
#include "core/text.hpp"

namespace qorgan::console {

using auth::Principal;
using http::Request;
using http::Response;

namespace {

// The request without empty query parameters: a GET form sends every field, filled or not.
Request without_empty(const Request& req) {
  Request r;
  r.method = req.method;
  r.target = req.target;
  r.path = req.path;
  r.headers = req.headers;
  r.remote = req.remote;
  r.request_id = req.request_id;
  for (const auto& [k, v] : req.query)
    if (!core::trim(v).empty() && k != "_" && k != "deleted") r.query.emplace(k, v);
  return r;
}

Data errors_data(const std::vector<core::FieldError>& errors) {
  Data list{Data::type::list};
  for (const auto& e : errors) {
    Data d{Data::type::object};
    d.set("field", e.field);
    d.set("message", tr_message(e.message));
    list.push_back(d);
  }
  return list;
}

Response list_page(Context& c, const EntitySpec& spec, Request& req, const Principal& who) {
  auto clean = without_empty(req);
  auto d = base_data(c, req, &who, tr(spec.plural), spec.key);
  d.set("heading", tr(spec.plural));
  d.set("key", spec.key);
  d.set("action", "/console/" + spec.key);
  d.set("q", clean.query_param("q").value_or(""));
  if (spec.can_create && who.in(spec.writers)) {
    d.set("new_href", "/console/" + spec.key + "/new");
    d.set("new_label", tr("Add " + spec.singular));
  }
  if (req.query_param("deleted"))
    d.set("notice", tr("The " + spec.singular + " has been deleted."));
  if (who.in(spec.writers) && !spec.actions.empty()) {
    Data links{Data::type::list};
    for (const auto& a : spec.actions) {
      Data l{Data::type::object};
      l.set("href", a.value);
      l.set("label", tr(a.label));
      links.push_back(l);
    }
    d.set("actions", links);
  }
  std::vector<core::FieldError> errors;
  auto result = spec.list(clean, who, errors);
  if (!result && result.error().code != core::ErrorCode::invalid)
    return error_page(c, req, who, result.error());
  std::vector<core::FieldError> unplaced;
  d.set("filters",
        fields_data(
            spec.filters, who,
            [&](const std::string& name) { return clean.query_param(name).value_or(""); }, errors,
            true, &unplaced));
  // Errors on q, sort or cursor have no filter field of their own.
  d.set("errors", errors_data(unplaced));
  d.set("has_errors", !unplaced.empty());
  Data sorts{Data::type::list};
  auto sort = clean.query_param("sort").value_or("");
  for (const auto& s : spec.sorts)
    for (bool descending : {false, true}) {
      Data o{Data::type::object};
      std::string value = (descending ? "-" : "") + s.name;
      o.set("value", value);
      o.set("label", tr(humanize(s.name)) + tr(descending ? ", descending" : ", ascending"));
      o.set("selected", value == sort);
      sorts.push_back(o);
    }
  d.set("sorts", sorts);
  d.set("has_sorts", !spec.sorts.empty());
  Data headers{Data::type::list};
  for (const auto& h : spec.headers) headers.push_back(Data{tr(h)});
  d.set("headers", headers);
  Data rows{Data::type::list};
  std::size_t count = 0;
  if (result) {
    for (const auto& [id, row_cells] : result->rows) {
      Data row{Data::type::object};
      Data cells{Data::type::list};
      bool first = true;
      for (const auto& col : row_cells) {
        Data cell{Data::type::object};
        cell.set("text", col.text.empty() ? std::string("—") : col.text);
        if (first)
          cell.set("href", "/console/" + spec.key + "/" + std::to_string(id));
        else if (!col.href.empty() && !col.text.empty())
          cell.set("href", col.href);
        cell.set("first", first);
        first = false;
        cells.push_back(cell);
      }
      row.set("cells", cells);
      rows.push_back(row);
      ++count;
    }
    if (result->next_cursor) {
      std::string href = "/console/" + spec.key + "?";
      for (const auto& [k, v] : clean.query)
        if (k != "cursor") href += http::url_encode(k) + "=" + http::url_encode(v) + "&";
      href += "cursor=" + http::url_encode(*result->next_cursor);
      d.set("next_href", href);
    }
    if (clean.query_param("cursor")) {
      std::string first_href = "/console/" + spec.key + "?";
      for (const auto& [k, v] : clean.query)
        if (k != "cursor") first_href += http::url_encode(k) + "=" + http::url_encode(v) + "&";
      first_href.pop_back();
      d.set("first_href", first_href);
    }
  }
  d.set("rows", rows);
  d.set("empty", count == 0);
  d.set("count", std::to_string(count));
  d.set("filtered", clean.query.size() > (clean.query_param("cursor") ? 1u : 0u));
  return render(c, "console/list", d, errors.empty() ? 200 : 422);
}

}  // namespace

Response detail_page(Context& c, const EntitySpec& spec, Request& req, const Principal& who,
                     const Rejected* rejected) {
  auto record = spec.get(who, req.id());
  if (!record) return error_page(c, req, who, record.error());
  const auto& title = record->title;
  auto d = base_data(c, req, &who, title, spec.key);
  d.set("heading", title);
  d.set("kind", tr(humanize(spec.singular)));
  d.set("list_href", "/console/" + spec.key);
  d.set("list_label", tr(spec.plural));
  const std::string href = "/console/" + spec.key + "/" + std::to_string(req.id());
  if (spec.can_update && who.in(spec.writers)) d.set("edit_href", href + "/edit");
  if (spec.can_remove && who.in(spec.writers)) d.set("delete_href", href + "/delete");
  if (req.query_param("saved")) d.set("notice", tr("The " + spec.singular + " has been saved."));
  Data rows{Data::type::list};
  for (const auto& [label, cell] : record->detail_rows) {
    Data r{Data::type::object};
    r.set("label", tr(label));
    r.set("value", cell.text.empty() ? std::string("—") : cell.text);
    if (!cell.href.empty() && !cell.text.empty()) r.set("href", cell.href);
    rows.push_back(r);
  }
  d.set("rows", rows);
  if (record->sections) record->sections(d, req, rejected);
  return render(c, "console/detail", d, rejected ? 422 : 200);
}

Response confirm_page(Context& c, const Request& req, const Principal& who, const Confirmation& p) {
  auto d = base_data(c, req, &who, p.title, p.active);
  // Every string of a Confirmation is already in the page's language.
  d.set("heading", p.title);
  d.set("question", p.question);
  Data details{Data::type::list};
  for (const auto& [label, value] : p.details) {
    Data r{Data::type::object};
    r.set("label", label);
    r.set("value", value.empty() ? std::string("—") : value);
    details.push_back(r);
  }
  d.set("details", details);
  d.set("has_details", !p.details.empty());
  d.set("action", p.action);
  d.set("submit", p.submit);
  d.set("cancel_href", p.cancel_href);
  int status = 200;
  if (p.refused) {
    d.set("refused", tr_message(p.refused->message));
    status = http::status_of(p.refused->code);
  }
  return render(c, "console/confirm", d, status);
}

namespace {

Response form_page(Context& c, const EntitySpec& spec, Request& req, const Principal& who,
                   const std::optional<std::int64_t>& id,
                   const std::function<std::string(const std::string&)>& value_of,
                   const std::optional<core::Error>& error) {
  bool creating = !id;
  std::string title;
  if (creating) {
    title = tr("Add " + spec.singular);
  } else {
    auto record = spec.get(who, *id);
    title = record ? trf("Edit {}", record->title) : tr("Edit " + spec.singular);
  }
  auto d = base_data(c, req, &who, title, spec.key);
  d.set("heading", title);
  d.set("action", creating ? "/console/" + spec.key + "/new"
                           : "/console/" + spec.key + "/" + std::to_string(*id) + "/edit");
  d.set("cancel_href",
        creating ? "/console/" + spec.key : "/console/" + spec.key + "/" + std::to_string(*id));
  d.set("submit", creating ? tr("Create " + spec.singular) : tr("Save changes"));
  std::vector<core::FieldError> unplaced;
  std::vector<core::FieldError> field_errors =
      error ? error->fields : std::vector<core::FieldError>{};
  d.set("fields", fields_data(spec.fields, who, value_of, field_errors, creating, &unplaced));
  if (error) {
    d.set("summary", error->message.empty() ? tr("The " + spec.singular + " was not saved.")
                                            : tr_message(error->message));
    d.set("errors", errors_data(unplaced));
    d.set("error_count", std::to_string(field_errors.size()));
  }
  int status = 200;
  if (error) status = error->code == core::ErrorCode::invalid ? 422 : http::status_of(error->code);
  return render(c, "console/form", d, status);
}

void mount_entity(http::Router& router, Context& c, const EntitySpec& spec) {
  const std::string base = "/console/" + spec.key;
  router.add("GET", base,
             page(c, spec.readers, [&c, &spec](Request& req, const Principal& who, const Form&) {
               return list_page(c, spec, req, who);
             }));
  router.add("GET", base + "/{id:id}",
             page(c, spec.readers, [&c, &spec](Request& req, const Principal& who, const Form&) {
               return detail_page(c, spec, req, who);
             }));
  if (spec.can_create) {
    router.add("GET", base + "/new",
               page(c, spec.writers, [&c, &spec](Request& req, const Principal& who, const Form&) {
                 // Query parameters prefill the form (e.g. "add a sub-unit" passes parent_id).
                 return form_page(
                     c, spec, req, who, std::nullopt,
                     [&](const std::string& name) { return req.query_param(name).value_or(""); },
                     std::nullopt);
               }));
    router.add(
        "POST", base + "/new",
        page(c, spec.writers, [&c, &spec](Request& req, const Principal& who, const Form& form) {
          auto body = form_to_json(spec.fields, form, true);
          auto created = spec.create(who, auth::actor(req, who), body);
          if (created)
            return Response::redirect("/console/" + spec.key + "/" + std::to_string(*created) +
                                      "?saved=1");
          if (created.error().code == core::ErrorCode::forbidden ||
              created.error().code == core::ErrorCode::internal)
            return error_page(c, req, who, created.error());
          return form_page(
              c, spec, req, who, std::nullopt,
              [&](const std::string& name) { return form_value(form, name); }, created.error());
        }));
  }
  if (spec.can_update) {
    router.add("GET", base + "/{id:id}/edit",
               page(c, spec.writers, [&c, &spec](Request& req, const Principal& who, const Form&) {
                 auto record = spec.get(who, req.id());
                 if (!record) return error_page(c, req, who, record.error());
                 const core::Json& values = record->form;
                 return form_page(
                     c, spec, req, who, req.id(),
                     [&](const std::string& path) {
                       for (const auto& f : spec.fields)
                         if (f.path == path && f.decode) return f.decode(values);
                       return json_text(values, path);
                     },
                     std::nullopt);
               }));
    router.add(
        "POST", base + "/{id:id}/edit",
        page(c, spec.writers, [&c, &spec](Request& req, const Principal& who, const Form& form) {
          auto body = form_to_json(spec.fields, form, false);
          auto updated = spec.update(who, auth::actor(req, who), req.id(), body);
          if (updated)
            return Response::redirect("/console/" + spec.key + "/" + std::to_string(req.id()) +
                                      "?saved=1");
          auto code = updated.error().code;
          if (code == core::ErrorCode::forbidden || code == core::ErrorCode::not_found ||
              code == core::ErrorCode::internal)
            return error_page(c, req, who, updated.error());
          return form_page(
              c, spec, req, who, req.id(),
              [&](const std::string& name) { return form_value(form, name); }, updated.error());
        }));
  }
  if (spec.can_remove) {
    // GET shows what will be deleted and asks; POST deletes. A refusal of the service (e.g. a
    // region that still has sub-regions) comes back on the same page with its reason.
    auto confirmation = [&spec](const Request& req, const Shown& record,
                                const core::Error* refused) {
      Confirmation p;
      const auto& name = record.title;
      p.title = tr("Delete " + spec.singular);
      p.question = trf("Delete the " + spec.singular +
                           " {}? This cannot be undone; the audit log keeps a copy of the record.",
                       name);
      for (size_t i = 0; i < spec.headers.size() && i < record.cells.size(); ++i)
        p.details.emplace_back(tr(spec.headers[i]), record.cells[i].text);
      p.action = "/console/" + spec.key + "/" + std::to_string(req.id()) + "/delete";
      p.submit = tr("Delete " + spec.singular);
      p.cancel_href = "/console/" + spec.key + "/" + std::to_string(req.id());
      p.active = spec.key;
      p.refused = refused;
      return p;
    };
    router.add("GET", base + "/{id:id}/delete",
               page(c, spec.writers,
                    [&c, &spec, confirmation](Request& req, const Principal& who, const Form&) {
                      auto record = spec.get(who, req.id());
                      if (!record) return error_page(c, req, who, record.error());
                      return confirm_page(c, req, who, confirmation(req, *record, nullptr));
                    }));
    router.add("POST", base + "/{id:id}/delete",
               page(c, spec.writers,
                    [&c, &spec, confirmation](Request& req, const Principal& who, const Form&) {
                      auto record = spec.get(who, req.id());
                      if (!record) return error_page(c, req, who, record.error());
                      auto removed = spec.remove(who, auth::actor(req, who), req.id());
                      if (removed) return Response::redirect("/console/" + spec.key + "?deleted=1");
                      auto code = removed.error().code;
                      if (code == core::ErrorCode::not_found || code == core::ErrorCode::internal)
                        return error_page(c, req, who, removed.error());
                      return confirm_page(c, req, who,
                                          confirmation(req, *record, &removed.error()));
                    }));
  }
}

}  // namespace

void mount_entity_pages(http::Router& router, Context& c) {
  for (const auto& spec : c.entities) mount_entity(router, c, spec);
}

}  // namespace qorgan::console
