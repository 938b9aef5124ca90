#include "obligations/rules.hpp"

#include <algorithm>

#include "portal/image.hpp"

namespace qorgan::obligations {

void apply_overrides(std::vector<Duty>& duties, const LevelOverrides& overrides) {
  for (auto& d : duties) {
    auto it = overrides.find(d.code);
    if (it == overrides.end()) continue;
    for (int c = 0; c < kCriticalityClasses; ++c) d.levels[c] = it->second[size_t(c)];
    d.overridden = true;
  }
}

bool duty_met(std::string_view measure, std::int64_t required, std::optional<std::int64_t> observed,
              std::int64_t workers) {
  if (!observed) return false;
  if (measure == "yes_no") return required <= 0 || *observed >= 1;
  if (measure == "percent") return workers <= 0 || *observed * 100 >= required * workers;
  return *observed >= required;
}

std::vector<CheckLine> checklist(const std::vector<Duty>& duties, std::int64_t criticality,
                                 const std::vector<Answer>& answers, std::int64_t workers) {
  std::vector<CheckLine> out;
  for (const auto& d : duties) {
    auto level = d.level_for(criticality);
    if (!d.active || !level) continue;
    CheckLine line{d.code, d.name_en, d.name_ru, d.name_kk, d.measure, *level, {}, false, {}};
    for (const auto& a : answers)
      if (a.duty == d.code) {
        line.observed = a.value;
        line.note = a.comment;
      }
    line.met = duty_met(d.measure, *level, line.observed, workers);
    out.push_back(std::move(line));
  }
  return out;
}

Tally tally(const std::vector<CheckLine>& lines) {
  Tally t;
  for (const auto& l : lines) {
    ++t.required;
    if (l.met) ++t.met;
  }
  return t;
}

bool open_finding(const Finding& f) {
  return f.status == "open" || f.status == "in_progress";
}

bool overdue(const Finding& f, std::string_view today) {
  return open_finding(f) && f.deadline < today;
}

std::optional<Basis> newer(const std::optional<Basis>& assessment,
                           const std::optional<Basis>& inspection) {
  if (!assessment) return inspection;
  if (!inspection) return assessment;
  return assessment->on > inspection->on ? assessment : inspection;
}

const std::vector<std::string>& statuses() {
  static const std::vector<std::string> s{"not_assessed", "non_compliant", "partly_compliant",
                                          "compliant"};
  return s;
}

Standing standing(const std::optional<Basis>& basis, const std::vector<Finding>& findings,
                  std::string_view today) {
  Standing s;
  s.basis = basis;
  bool serious_overdue = false;
  for (const auto& f : findings) {
    if (!open_finding(f)) continue;
    ++s.open_findings;
    if (overdue(f, today)) {
      ++s.overdue_findings;
      if (f.severity == "high" || f.severity == "critical") serious_overdue = true;
    }
  }
  if (!basis) return s;
  const auto& t = basis->tally;
  s.score = t.required == 0 ? 100 : t.met * 100 / t.required;
  if (t.met == t.required && s.open_findings == 0)
    s.status = "compliant";
  else if (t.met * 2 < t.required || serious_overdue)
    s.status = "non_compliant";
  else
    s.status = "partly_compliant";
  return s;
}

Summary summarise(const std::vector<Standing>& standings) {
  Summary out;
  std::int64_t total = 0;
  for (const auto& s : standings) {
    ++out.facilities;
    ++out.by_status[s.status];
    out.open_findings += s.open_findings;
    out.overdue_findings += s.overdue_findings;
    if (s.status == "not_assessed") continue;
    ++out.assessed;
    total += s.score;
  }
  out.score = out.assessed == 0 ? 0 : total / out.assessed;
  return out;
}

std::vector<TrendPoint> trend(std::vector<Snapshot> snapshots,
                              const std::vector<std::int64_t>& at) {
  std::ranges::stable_sort(snapshots, {}, &Snapshot::taken_at);
  std::vector<TrendPoint> out;
  std::map<std::int64_t, const Snapshot*> latest;  // facility → its latest snapshot so far
  size_t next = 0;
  for (auto when : at) {
    while (next < snapshots.size() && snapshots[next].taken_at <= when) {
      latest[snapshots[next].facility_id] = &snapshots[next];
      ++next;
    }
    TrendPoint p{when, 0, 0, 0};
    std::int64_t total = 0;
    for (const auto& [facility, s] : latest) {
      ++p.facilities;
      total += s->score;
      if (s->status == "compliant") ++p.compliant;
    }
    p.score = p.facilities == 0 ? 0 : total / p.facilities;
    out.push_back(p);
  }
  return out;
}

const std::vector<std::string>& evidence_types() {
  static const std::vector<std::string> t{"image/jpeg", "image/png", "image/gif",
                                          "application/pdf"};
  return t;
}

core::Result<std::string> evidence_type(std::string_view bytes, std::string_view claimed) {
  auto refuse = [](std::string message) {
    return core::fail(core::Error::invalid("The evidence file is refused.", {{"file", message}}));
  };
  if (bytes.empty()) return refuse("The file is empty.");
  if (bytes.size() > kMaxEvidenceBytes) return refuse("The file is larger than 5 MB.");
  if (std::ranges::find(evidence_types(), claimed) == evidence_types().end())
    return refuse("Send a JPEG, PNG or GIF image or a PDF document (Content-Type).");
  std::string actual = portal::sniff_image(bytes);
  if (actual.empty() && bytes.starts_with("%PDF-")) actual = "application/pdf";
  if (actual.empty()) return refuse("The file is not a JPEG, PNG or GIF image nor a PDF document.");
  if (actual != claimed)
    return refuse("The file claims to be " + std::string(claimed) + " but its content is " +
                  actual + ".");
  if (actual != "application/pdf") {
    auto size = portal::image_size(bytes);
    if (!size) return refuse("The image's header cannot be read or states an oversized image.");
  }
  return actual;
}

}  // namespace qorgan::obligations
