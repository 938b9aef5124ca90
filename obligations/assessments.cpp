// Self-assessments of a company's facilities and their evidence files.
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

constexpr std::int64_t kMaxEvidenceFiles = 20;

Error assessment_not_found(std::int64_t id) {
  return Error::not_found("No self-assessment has id " + std::to_string(id) + ".");
}

}  // namespace

core::Result<Assessment> Obligations::submit_assessment(const auth::Principal& who,
                                                        const auth::Actor& actor,
                                                        std::int64_t facility_id,
                                                        const Json& body) {
  if (!who.in(kAssessors)) return fail(Error::forbidden("You may not submit self-assessments."));
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your account has no organisation."));
  auto t = target(facility_id);
  if (!t) return fail(t.error());
  if (v->organisation_id && *v->organisation_id != t->organisation.id)
    return fail(Error::forbidden(
        "The facility belongs to another organisation: you assess only your own."));
  if (!sees(*v, t->facility.region_path, t->organisation.id))
    return fail(Error::not_found("No facility has id " + std::to_string(facility_id) + "."));
  auto duties = db_.read([&](storage::Tx& tx) { return duties_in(tx); });
  std::vector<Duty> applicable;
  for (const auto& d : duties)
    if (d.active && d.level_for(t->facility.criticality)) applicable.push_back(d);

  Assessment a;
  core::JsonFields f(body);
  if (auto s = f.str("assessed_on", true, 10)) {
    a.assessed_on = *s;
    if (!core::parse_date(*s))
      f.add("assessed_on", "must be a date YYYY-MM-DD");
    else if (*s > today())
      f.add("assessed_on", "must not be in the future");
  }
  if (auto w = f.i64("workers", true, 0, 1'000'000)) a.workers = *w;
  auto answers = read_answers(f, "answers", applicable);
  if (auto s = f.finish("The self-assessment"); !s) return fail(s.error());

  a.facility_id = facility_id;
  a.organisation_id = t->organisation.id;
  a.region_id = t->facility.region_id;
  a.region_path = t->facility.region_path;
  a.criticality = t->facility.criticality;
  a.lines = checklist(applicable, a.criticality, answers, a.workers);
  auto tl = tally(a.lines);
  a.required = tl.required;
  a.met = tl.met;
  a.submitted_by = who.login;
  a.submitted_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Assessment> {
    a.id = store::insert_assessment(tx, a);
    auth::audit(tx, actor, "obligation_assessment.submit", "obligation_assessment",
                std::to_string(a.id), nullptr, to_json(a));
    record_standing(tx, a.facility_id, a.organisation_id, a.region_path);
    return a;
  });
}

core::Result<Assessment> Obligations::assessment(const auth::Principal& who, std::int64_t id) {
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your role does not see protection duties."));
  auto a = db_.read([&](storage::Tx& tx) -> std::optional<Assessment> {
    auto x = store::assessment(tx, id);
    if (x) x->evidence = store::evidence(tx, id);
    return x;
  });
  if (!a || !sees(*v, a->region_path, a->organisation_id)) return fail(assessment_not_found(id));
  return *a;
}

core::Result<core::Page<Assessment>> Obligations::assessments(const auth::Principal& who,
                                                              std::int64_t facility_id,
                                                              std::optional<std::int64_t> before,
                                                              int limit) {
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your role does not see protection duties."));
  auto rows = db_.read([&](storage::Tx& tx) {
    return store::assessments(tx, *v, facility_id, before.value_or(0), limit);
  });
  core::Page<Assessment> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

core::Result<Evidence> Obligations::add_evidence(const auth::Principal& who,
                                                 const auth::Actor& actor,
                                                 std::int64_t assessment_id, std::string_view bytes,
                                                 const std::string& claimed,
                                                 const std::string& name) {
  if (!who.in(kAssessors)) return fail(Error::forbidden("You may not add evidence."));
  auto a = assessment(who, assessment_id);
  if (!a) return fail(a.error());
  auto clean_name = core::trim(name);
  if (clean_name.empty() || clean_name.size() > 200 || clean_name.find('/') != std::string::npos)
    return fail(Error::invalid("The evidence file is refused.",
                               {{"name", "a file name of 1–200 characters without '/'"}}));
  auto mime = evidence_type(bytes, claimed);
  if (!mime) return fail(mime.error());
  Evidence e{0,         assessment_id, clean_name, *mime, std::int64_t(bytes.size()),
             who.login, core::now_us()};
  return db_.write([&](storage::Tx& tx) -> core::Result<Evidence> {
    if (store::evidence_count(tx, assessment_id) >= kMaxEvidenceFiles)
      return fail(Error::conflict("An assessment has at most 20 evidence files."));
    e.id = store::insert_evidence(tx, e, std::string(bytes));
    auth::audit(tx, actor, "obligation_evidence.add", "obligation_assessment",
                std::to_string(assessment_id), nullptr, to_json(e));
    return e;
  });
}

core::Result<std::pair<Evidence, std::string>> Obligations::evidence_file(
    const auth::Principal& who, std::int64_t id) {
  auto v = visible(who);
  if (!v) return fail(Error::forbidden("Your role does not see protection duties."));
  auto file = db_.read([&](storage::Tx& tx) { return store::evidence_file(tx, id); });
  if (!file) return fail(Error::not_found("No evidence file has id " + std::to_string(id) + "."));
  auto a = assessment(who, file->first.assessment_id);
  if (!a) return fail(Error::not_found("No evidence file has id " + std::to_string(id) + "."));
  return *file;
}

}  // namespace qorgan::obligations
