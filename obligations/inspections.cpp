// Inspections by headquarters, their findings and the findings' follow-up.
#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "obligations/access.hpp"
#include "obligations/answers.hpp"
#include "obligations/obligations.hpp"
#include "obligations/obligations_json.hpp"
#include "obligations/obligations_store.hpp"

namespace qorgan::obligations {

using core::Error;
using core::fail;
using core::Json;

namespace {

const std::vector<std::string> kSeverities{"low", "medium", "high", "critical"};
const std::vector<std::string> kFindingStatuses{"open", "in_progress", "remedied", "closed"};

Error inspection_not_found(std::int64_t id) {
  return Error::not_found("No inspection has id " + std::to_string(id) + ".");
}
Error finding_not_found(std::int64_t id) {
  return Error::not_found("No finding has id " + std::to_string(id) + ".");
}

// Reads {duty?, deficiency, severity, deadline, responsible} of the finding at `at` ("" for the
// body itself) into `out`; `on` is the inspection's date, which the deadline may not precede.
void read_finding(core::JsonFields& f, const std::string& at, const std::vector<Duty>& duties,
                  const std::string& on, Finding& out) {
  auto name = [&](const char* field) { return at.empty() ? field : at + "." + field; };
  if (auto v = f.str("duty", false, 50)) {
    bool known = false;
    for (const auto& d : duties) known = known || d.code == *v;
    if (!known)
      f.add(name("duty"), "is not a duty");
    else
      out.duty = *v;
  }
  if (auto v = f.str("deficiency", true, 2000)) {
    out.deficiency = core::trim(*v);
    if (out.deficiency.empty()) f.add(name("deficiency"), "must not be empty");
  }
  if (auto v = f.choice("severity", true, kSeverities)) out.severity = *v;
  if (auto v = f.str("deadline", true, 10)) {
    out.deadline = *v;
    if (!core::parse_date(*v))
      f.add(name("deadline"), "must be a date YYYY-MM-DD");
    else if (!on.empty() && *v < on)
      f.add(name("deadline"), "must not be before the inspection");
  }
  if (auto v = f.str("responsible", true, 300)) {
    out.responsible = core::trim(*v);
    if (out.responsible.empty()) f.add(name("responsible"), "must not be empty");
  }
}

}  // namespace

core::Result<Inspection> Obligations::create_inspection(const auth::Principal& who,
                                                        const auth::Actor& actor,
                                                        std::int64_t facility_id,
                                                        const Json& body) {
  if (!who.in(kInspectors)) return fail(Error::forbidden("You may not record inspections."));
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your account has no region."));
  auto t = target(facility_id);
  if (!t) return fail(t.error());
  if (!sees(*v, t->facility.region_path, t->organisation.id))
    return fail(Error::not_found("No facility has id " + std::to_string(facility_id) + "."));
  auto duties = db_.read([&](storage::Tx& tx) { return duties_in(tx); });
  std::vector<Duty> applicable;
  for (const auto& d : duties)
    if (d.active && d.level_for(t->facility.criticality)) applicable.push_back(d);

  Inspection i;
  core::JsonFields f(body);
  if (auto s = f.str("inspected_on", true, 10)) {
    i.inspected_on = *s;
    if (!core::parse_date(*s))
      f.add("inspected_on", "must be a date YYYY-MM-DD");
    else if (*s > today())
      f.add("inspected_on", "must not be in the future");
  }
  if (auto s = f.str("inspector", true, 300)) {
    i.inspector = core::trim(*s);
    if (i.inspector.empty()) f.add("inspector", "must not be empty");
  }
  i.notes = core::trim(f.str("notes", false, 5000).value_or(""));
  std::int64_t workers = f.i64("workers", true, 0, 1'000'000).value_or(0);
  auto observed = read_answers(f, "checklist", applicable);
  if (const Json* list = f.array("findings", false)) {
    if (list->size() > 100) f.add("findings", "At most 100 findings.");
    for (size_t k = 0; k < list->size() && k < 100; ++k) {
      std::string at = "findings[" + std::to_string(k) + "]";
      if (!(*list)[k].is_object()) {
        f.add(at, "A finding is an object {deficiency, severity, deadline, responsible}.");
        continue;
      }
      core::JsonFields g((*list)[k]);
      Finding x;
      read_finding(g, "", duties, i.inspected_on, x);
      f.absorb(g, at);
      i.findings.push_back(std::move(x));
    }
  }
  if (auto s = f.finish("The inspection"); !s) return fail(s.error());

  i.facility_id = facility_id;
  i.organisation_id = t->organisation.id;
  i.region_id = t->facility.region_id;
  i.region_path = t->facility.region_path;
  i.criticality = t->facility.criticality;
  i.lines = checklist(applicable, i.criticality, observed, workers);
  auto tl = tally(i.lines);
  i.required = tl.required;
  i.met = tl.met;
  i.created_by = who.login;
  i.created_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Inspection> {
    i.id = store::insert_inspection(tx, i);
    for (auto& x : i.findings) {
      x.inspection_id = i.id;
      x.facility_id = i.facility_id;
      x.organisation_id = i.organisation_id;
      x.region_path = i.region_path;
      x.created_at = x.updated_at = i.created_at;
      x.id = store::insert_finding(tx, x);
      store::insert_event(tx, {0, x.id, "open", x.deficiency, who.login, i.created_at});
    }
    auth::audit(tx, actor, "obligation_inspection.create", "obligation_inspection",
                std::to_string(i.id), nullptr, to_json(i));
    record_standing(tx, i.facility_id, i.organisation_id, i.region_path);
    return i;
  });
}

core::Result<Inspection> Obligations::inspection(const auth::Principal& who, std::int64_t id) {
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your role does not see protection duties."));
  auto i = db_.read([&](storage::Tx& tx) -> std::optional<Inspection> {
    auto x = store::inspection(tx, id);
    if (x) x->findings = store::inspection_findings(tx, id);
    return x;
  });
  if (!i || !sees(*v, i->region_path, i->organisation_id)) return fail(inspection_not_found(id));
  return *i;
}

core::Result<core::Page<Inspection>> Obligations::inspections(const auth::Principal& who,
                                                              std::int64_t facility_id,
                                                              std::optional<std::int64_t> before,
                                                              int limit) {
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your role does not see protection duties."));
  auto rows = db_.read([&](storage::Tx& tx) {
    auto xs = store::inspections(tx, *v, facility_id, before.value_or(0), limit);
    for (auto& x : xs) x.findings = store::inspection_findings(tx, x.id);
    return xs;
  });
  core::Page<Inspection> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

core::Result<Finding> Obligations::add_finding(const auth::Principal& who, const auth::Actor& actor,
                                               std::int64_t inspection_id, const Json& body) {
  if (!who.in(kInspectors)) return fail(Error::forbidden("You may not record findings."));
  auto i = inspection(who, inspection_id);
  if (!i) return fail(i.error());
  auto duties = db_.read([&](storage::Tx& tx) { return duties_in(tx); });
  Finding x;
  core::JsonFields f(body);
  read_finding(f, "", duties, i->inspected_on, x);
  if (auto s = f.finish("The finding"); !s) return fail(s.error());
  x.inspection_id = i->id;
  x.facility_id = i->facility_id;
  x.organisation_id = i->organisation_id;
  x.region_path = i->region_path;
  x.created_at = x.updated_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Finding> {
    x.id = store::insert_finding(tx, x);
    store::insert_event(tx, {0, x.id, "open", x.deficiency, who.login, x.created_at});
    auth::audit(tx, actor, "obligation_finding.add", "obligation_finding", std::to_string(x.id),
                nullptr, to_json(x));
    record_standing(tx, x.facility_id, x.organisation_id, x.region_path);
    return x;
  });
}

core::Result<FindingFile> Obligations::finding(const auth::Principal& who, std::int64_t id) {
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your role does not see protection duties."));
  auto file = db_.read([&](storage::Tx& tx) -> std::optional<FindingFile> {
    auto x = store::finding(tx, id);
    if (!x) return std::nullopt;
    return FindingFile{*x, store::events(tx, id)};
  });
  if (!file || !sees(*v, file->finding.region_path, file->finding.organisation_id))
    return fail(finding_not_found(id));
  return *file;
}

core::Result<core::Page<Finding>> Obligations::findings(const auth::Principal& who, bool overdue,
                                                        std::optional<std::int64_t> before,
                                                        int limit) {
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your role does not see protection duties."));
  std::optional<std::string> due;
  if (overdue) due = today();
  auto rows = db_.read(
      [&](storage::Tx& tx) { return store::findings(tx, *v, due, before.value_or(0), limit); });
  core::Page<Finding> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

core::Result<FindingFile> Obligations::change_finding(const auth::Principal& who,
                                                      const auth::Actor& actor, std::int64_t id,
                                                      const Json& body) {
  if (!who.in(kFollowers)) return fail(Error::forbidden("You may not follow findings up."));
  core::JsonFields f(body);
  auto status = f.choice("status", true, kFindingStatuses);
  auto note = core::trim(f.str("note", true, 2000).value_or(""));
  if (f.has("note") && note.empty()) f.add("note", "must not be empty");
  if (auto s = f.finish("The follow-up"); !s) return fail(s.error());
  bool company = who.is(auth::Role::company_officer);
  if (company && *status != "in_progress" && *status != "remedied")
    return fail(Error::forbidden(
        "A company reports a finding in progress or remedied; headquarters reopen and close."));
  auto before = finding(who, id);
  if (!before) return fail(before.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<FindingFile> {
    auto current = store::finding(tx, id);
    if (!current) return fail(finding_not_found(id));
    if (current->status == "closed")
      return fail(Error::conflict("The finding is closed; record a new finding instead."));
    if (current->status == *status)
      return fail(Error::conflict("The finding is already " + *status + "."));
    Finding x = *current;
    x.status = *status;
    x.updated_at = core::now_us();
    if (*status == "closed") x.closing_note = note;
    store::set_finding_status(tx, x);
    store::insert_event(tx, {0, id, *status, note, who.login, x.updated_at});
    auth::audit(tx, actor, "obligation_finding.status", "obligation_finding", std::to_string(id),
                to_json(*current), to_json(x));
    record_standing(tx, x.facility_id, x.organisation_id, x.region_path);
    return FindingFile{x, store::events(tx, id)};
  });
}

}  // namespace qorgan::obligations
