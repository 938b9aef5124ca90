// CSV import of people and of facilities: the file is checked (a dry run) and its report shown
// before anything is stored; storing is a second, explicit step that sends the same text again,
// and the text's SHA-256 must match the one that was checked. The importers are the ones behind
// POST /api/v1/people/import and /api/v1/facilities/import, with the same scope rules.
#include "console/pages.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "registry/facility_import.hpp"
#include "registry/people_import.hpp"

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

namespace {

constexpr std::size_t kShownProblems = 200;

using Importer = core::Result<registry::csv::ImportReport> (*)(registry::Registry&,
                                                               const Principal&, const auth::Actor&,
                                                               std::string_view,
                                                               const registry::csv::ImportOptions&);

// One importable entity: where its page is, who may use it, and how a row of the preview reads.
struct ImportKind {
  std::string key;               // the entity's console key: /console/<key>/import
  std::string singular, plural;  // "person", "people"
  std::string list_label;        // the breadcrumb: "People"
  std::vector<Role> roles;
  const std::vector<std::string>& columns;
  Importer run;
  std::vector<std::string> preview_headers;
  std::function<std::vector<std::string>(const core::Json&)> preview_row;
};

// "Store 12 people" / "Store 1 person": English has the two forms as two messages; Russian and
// Kazakh put the count after the words ("Сохранить записи: 12"), so they need no plural forms.
std::string store_label(std::int64_t n, const ImportKind& k) {
  return n == 1 ? tr("Store 1 " + k.singular) : trf("Store {} " + k.plural, n);
}

Data base(Context& c, Request& req, const Principal& who, const ImportKind& k) {
  auto title = tr("Import " + k.plural);
  auto d = base_data(c, req, &who, title, k.key);
  d.set("heading", tr("Import " + k.plural + " from CSV"));
  d.set("action", "/console/" + k.key + "/import");
  d.set("list_href", "/console/" + k.key);
  d.set("list_label", tr(k.list_label));
  d.set("plural", tr(k.plural));
  std::string cols;
  for (const auto& name : k.columns) cols += (cols.empty() ? "" : ", ") + name;
  d.set("columns", cols);
  return d;
}

Data report_data(const ImportKind& k, const registry::csv::ImportReport& r, const std::string& text,
                 const std::string& source) {
  Data d{Data::type::object};
  d.set("ok", r.valid);
  d.set("valid_text", r.rows == 1
                          ? tr("The 1 row is valid. Nothing has been stored yet.")
                          : trf("All {} rows are valid. Nothing has been stored yet.", r.rows));
  d.set("store_label", store_label(r.rows, k));
  d.set("source", source);
  d.set("sha256", r.sha256);
  d.set("csv", text);
  d.set("problem_count", std::to_string(r.problem_count()));
  d.set("summary", r.problem_count() == 1
                       ? tr("The file was not stored: 1 problem must be fixed first. Nothing has "
                            "been changed.")
                       : trf("The file was not stored: {} problems must be fixed first. Nothing "
                             "has been changed.",
                             r.problem_count()));
  Data problems{Data::type::list};
  for (std::size_t i = 0; i < r.problems.size() && i < kShownProblems; ++i) {
    const auto& p = r.problems[i];
    Data row{Data::type::object};
    row.set("row", p.row ? std::to_string(p.row) : std::string("—"));
    row.set("column", p.column.empty() ? std::string("—") : p.column);
    row.set("message", tr_message(p.message));
    problems.push_back(row);
  }
  d.set("problems", problems);
  d.set("truncated", r.problem_count() > std::int64_t(std::min(r.problems.size(), kShownProblems)));
  d.set("shown", std::to_string(kShownProblems));
  Data headers{Data::type::list};
  for (const auto& h : k.preview_headers) headers.push_back(Data{tr(h)});
  d.set("preview_headers", headers);
  Data preview{Data::type::list};
  for (const auto& p : r.preview) {
    Data cells{Data::type::list};
    for (const auto& cell : k.preview_row(p)) cells.push_back(Data{cell.empty() ? "—" : cell});
    Data row{Data::type::object};
    row.set("cells", cells);
    preview.push_back(row);
  }
  d.set("preview", preview);
  d.set("has_preview", !r.preview.empty());
  return d;
}

void mount_import(http::Router& router, Context& c, const ImportKind& kind) {
  const std::string path = "/console/" + kind.key + "/import";
  router.add("GET", path,
             page(c, kind.roles, [&c, &kind](Request& req, const Principal& who, const Form&) {
               return render(c, "console/import", base(c, req, who, kind));
             }));
  router.add("POST", path,
             page(c, kind.roles,
                  [&c, &kind](Request& req, const Principal& who, const Form& form) {
                    auto d = base(c, req, who, kind);
                    bool store = form_value(form, "mode") == "store";
                    std::string text = form_value(form, "file");
                    std::string source = tr("the uploaded file");
                    if (text.empty()) {
                      text = form_value(form, "csv");
                      source = tr("the pasted text");
                    }
                    if (core::trim(text).empty()) {
                      d.set("error", tr("Choose a CSV file or paste its text."));
                      return render(c, "console/import", d, 422);
                    }
                    if (store && core::sha256_hex(text) != form_value(form, "sha256")) {
                      d.set("error",
                            tr("The text to store is not the one that was checked. Check the "
                               "file again."));
                      return render(c, "console/import", d, 409);
                    }
                    registry::csv::ImportOptions options;
                    options.dry_run = !store;
                    auto report = kind.run(c.registry, who, auth::actor(req, who), text, options);
                    if (!report) {
                      if (report.error().code == core::ErrorCode::forbidden)
                        return error_page(c, req, who, report.error());
                      d.set("error", tr_message(report.error().message));
                      if (!store) d.set("pasted", form_value(form, "csv"));
                      return render(c, "console/import", d, http::status_of(report.error().code));
                    }
                    if (store && report->valid) {
                      auto n = report->stored;
                      d.set("stored", n == 1 ? tr("1 " + kind.singular + " has been stored.")
                                             : trf("{} " + kind.plural + " have been stored.", n));
                      return render(c, "console/import", d, 201);
                    }
                    d.set("report", report_data(kind, *report, text, source));
                    if (!report->valid) d.set("pasted", form_value(form, "csv"));
                    return render(c, "console/import", d, report->valid ? 200 : 422);
                  }),
             http::Cost::heavy);
}

const std::vector<ImportKind>& import_kinds() {
  static const std::vector<ImportKind> kinds{
      {"people",
       "person",
       "people",
       "People",
       {Role::admin, Role::hq_staff},
       registry::people_import_columns(),
       registry::import_people,
       {"Name", "Born", "Status"},
       [](const core::Json& p) -> std::vector<std::string> {
         auto name = json_text(p, "family_name") + " " + json_text(p, "given_name");
         if (auto pat = json_text(p, "patronymic"); !pat.empty()) name += " " + pat;
         return {name, json_text(p, "birth_date"), tr(humanize(json_text(p, "status")))};
       }},
      {"facilities",
       "facility",
       "facilities",
       "Facilities",
       {Role::admin, Role::hq_staff, Role::company_officer},
       registry::facility_csv_columns(),
       registry::import_facilities,
       {"Name", "Kind", "Criticality", "Address"},
       [](const core::Json& f) -> std::vector<std::string> {
         return {json_text(f, "name"), tr(humanize(json_text(f, "kind"))),
                 trf("Class {}", json_text(f, "criticality")), json_text(f, "address")};
       }},
  };
  return kinds;
}

}  // namespace

void mount_import_pages(http::Router& router, Context& c) {
  for (const auto& kind : import_kinds()) mount_import(router, c, kind);
}

}  // namespace qorgan::console
