// The people CSV import: the file is checked (a dry run) and its report shown before anything
// is stored; storing is a second, explicit step that sends the same text again, and the text's
// SHA-256 must match the one that was checked.
#include "console/pages.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#if __has_include("registry/people_import.hpp")
#include "registry/people_import.hpp"
#define QORGAN_CONSOLE_PEOPLE_IMPORT 1
#endif

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

#ifdef QORGAN_CONSOLE_PEOPLE_IMPORT

namespace {

constexpr std::size_t kShownProblems = 200;

Data base(Console& c, Request& req, const Principal& who) {
  auto d = base_data(c, req, &who, "Import people", "people");
  d.set("available", true);
  std::string cols;
  for (const auto& name : registry::people_csv_columns()) cols += (cols.empty() ? "" : ", ") + name;
  d.set("columns", cols);
  return d;
}

Data report_data(const registry::csv::ImportReport& r, const std::string& text,
                 const std::string& source) {
  Data d{Data::type::object};
  d.set("ok", r.valid);
  d.set("rows", std::to_string(r.rows));
  d.set("source", source);
  d.set("sha256", r.sha256);
  d.set("csv", text);
  d.set("problem_count", std::to_string(r.problems.size()));
  d.set("summary", "The file was not stored: " + std::to_string(r.problems.size()) +
                       (r.problems.size() == 1 ? " problem" : " problems") +
                       " must be fixed first. Nothing has been changed.");
  Data problems{Data::type::list};
  for (std::size_t i = 0; i < r.problems.size() && i < kShownProblems; ++i) {
    const auto& p = r.problems[i];
    Data row{Data::type::object};
    row.set("row", p.row ? std::to_string(p.row) : std::string("—"));
    row.set("column", p.column.empty() ? std::string("—") : p.column);
    row.set("message", p.message);
    problems.push_back(row);
  }
  d.set("problems", problems);
  d.set("truncated", r.problems.size() > kShownProblems);
  d.set("shown", std::to_string(kShownProblems));
  Data preview{Data::type::list};
  for (const auto& p : r.preview) {
    Data row{Data::type::object};
    auto name = json_text(p, "family_name") + " " + json_text(p, "given_name");
    if (auto pat = json_text(p, "patronymic"); !pat.empty()) name += " " + pat;
    row.set("name", name);
    row.set("birth_date", json_text(p, "birth_date"));
    row.set("status", humanize(json_text(p, "status")));
    preview.push_back(row);
  }
  d.set("preview", preview);
  d.set("has_preview", !r.preview.empty());
  return d;
}

}  // namespace

void mount_import_pages(http::Router& router, Console& c) {
  const std::vector<Role> roles{Role::admin, Role::hq_staff};
  router.add("GET", "/console/people/import",
             page(c, roles, [&c](Request& req, const Principal& who, const Form&) {
               return render(c, "console/import", base(c, req, who));
             }));
  router.add("POST", "/console/people/import",
             page(c, roles, [&c](Request& req, const Principal& who, const Form& form) {
               auto d = base(c, req, who);
               bool store = form_value(form, "mode") == "store";
               std::string text = form_value(form, "file");
               std::string source = "the uploaded file";
               if (text.empty()) {
                 text = form_value(form, "csv");
                 source = "the pasted text";
               }
               if (core::trim(text).empty()) {
                 d.set("error", "Choose a CSV file or paste its text.");
                 return render(c, "console/import", d, 422);
               }
               if (store && core::sha256_hex(text) != form_value(form, "sha256")) {
                 d.set("error",
                       "The text to store is not the one that was checked. Check the file again.");
                 return render(c, "console/import", d, 409);
               }
               registry::csv::ImportOptions options;
               options.dry_run = !store;
               auto report = registry::import_people(
                   c.registry, who, auth::Actor::of(who, req.request_id), text, options);
               if (!report) {
                 if (report.error().code == core::ErrorCode::forbidden)
                   return error_page(c, req, who, report.error());
                 d.set("error", report.error().message);
                 if (!store) d.set("pasted", form_value(form, "csv"));
                 return render(c, "console/import", d, http::status_of(report.error().code));
               }
               if (store && report->valid) {
                 d.set("stored", std::to_string(report->stored) + " people have been stored.");
                 return render(c, "console/import", d, 201);
               }
               d.set("report", report_data(*report, text, source));
               if (!report->valid) d.set("pasted", form_value(form, "csv"));
               return render(c, "console/import", d, report->valid ? 200 : 422);
             }));
}

#else

void mount_import_pages(http::Router& router, Console& c) {
  router.add(
      "GET", "/console/people/import",
      page(c, {Role::admin, Role::hq_staff}, [&c](Request& req, const Principal& who, const Form&) {
        auto d = base_data(c, req, &who, "Import people", "people");
        d.set("available", false);
        return render(c, "console/import", d, 501);
      }));
}

#endif

}  // namespace qorgan::console
