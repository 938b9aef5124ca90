#include "obligations/rules.hpp"

#include <gtest/gtest.h>

namespace qorgan::obligations {
namespace {

Duty duty(std::string code, std::string measure, std::optional<std::int64_t> l1,
          std::optional<std::int64_t> l2, std::optional<std::int64_t> l3) {
  Duty d;
  d.code = std::move(code);
  d.measure = std::move(measure);
  d.levels[0] = l1;
  d.levels[1] = l2;
  d.levels[2] = l3;
  return d;
}

std::vector<Duty> table() {
  return {duty("guards_per_shift", "count", 4, 2, 1),
          duty("perimeter_lighting", "yes_no", 1, 1, std::nullopt),
          duty("backup_power_hours", "hours", 72, 24, 8),
          duty("shelter_places_percent", "percent", 100, 100, 50),
          duty("drills_per_year", "per_year", 4, 4, 2)};
}

Finding finding(std::string severity, std::string deadline, std::string status = "open") {
  Finding f;
  f.severity = std::move(severity);
  f.deadline = std::move(deadline);
  f.status = std::move(status);
  return f;
}

TEST(DutyMet, EachMeasureAgainstItsLevel) {
  EXPECT_TRUE(duty_met("count", 2, 2, 0));
  EXPECT_FALSE(duty_met("count", 2, 1, 0));
  EXPECT_TRUE(duty_met("yes_no", 1, 1, 0));
  EXPECT_FALSE(duty_met("yes_no", 1, 0, 0));
  EXPECT_TRUE(duty_met("hours", 24, 48, 0));
  // Shelter places for 120 workers: 100 % needs 120 places, 50 % needs 60.
  EXPECT_FALSE(duty_met("percent", 100, 119, 120));
  EXPECT_TRUE(duty_met("percent", 100, 120, 120));
  EXPECT_TRUE(duty_met("percent", 50, 60, 120));
  EXPECT_TRUE(duty_met("percent", 100, 0, 0));             // nobody on site
  EXPECT_FALSE(duty_met("per_year", 4, std::nullopt, 0));  // not reported is not met
}

TEST(Checklist, HoldsAFacilityToTheDutiesOfItsClass) {
  // Class 3: no perimeter lighting; 1 guard, 8 h, 50 % shelter, 2 drills.
  std::vector<Answer> answers{{"guards_per_shift", 1, ""},
                              {"backup_power_hours", 6, "a generator for 6 h"},
                              {"shelter_places_percent", 30, ""},
                              {"drills_per_year", 2, ""}};
  auto lines = checklist(table(), 3, answers, 50);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].duty, "guards_per_shift");
  EXPECT_TRUE(lines[0].met);
  EXPECT_EQ(lines[1].duty, "backup_power_hours");
  EXPECT_FALSE(lines[1].met);
  EXPECT_EQ(lines[1].note, "a generator for 6 h");
  EXPECT_TRUE(lines[2].met);  // 30 places for 50 workers ≥ 50 %
  auto t = tally(lines);
  EXPECT_EQ(t.required, 4);
  EXPECT_EQ(t.met, 3);
  // The same answers hold a class 1 facility to more.
  EXPECT_EQ(tally(checklist(table(), 1, answers, 50)).met, 0);
}

TEST(Checklist, LeavesOutInactiveDuties) {
  auto duties = table();
  duties[0].active = false;
  EXPECT_EQ(checklist(duties, 1, {}, 10).size(), 4u);
}

TEST(Checklist, LevelsFromTheConfigurationReplaceTheTables) {
  auto duties = table();
  apply_overrides(duties,
                  {{"guards_per_shift", {6, 3, std::nullopt}}, {"no_such_duty", {1, 1, 1}}});
  EXPECT_TRUE(duties[0].overridden);
  EXPECT_EQ(duties[0].level_for(1), 6);
  EXPECT_FALSE(duties[0].level_for(3));  // no longer applies to class 3
  EXPECT_FALSE(duties[1].overridden);
  EXPECT_EQ(duties.size(), 5u);
  EXPECT_EQ(checklist(duties, 3, {}, 0).size(), 3u);
}

TEST(Overdue, OnlyOpenFindingsPastTheirDeadline) {
  EXPECT_TRUE(overdue(finding("low", "2026-03-01"), "2026-03-02"));
  EXPECT_FALSE(overdue(finding("low", "2026-03-02"), "2026-03-02"));  // due today: not yet
  EXPECT_TRUE(overdue(finding("low", "2026-03-01", "in_progress"), "2026-03-02"));
  EXPECT_FALSE(overdue(finding("low", "2026-03-01", "remedied"), "2026-03-02"));
  EXPECT_FALSE(overdue(finding("low", "2026-03-01", "closed"), "2026-03-02"));
}

TEST(Compliance, FromTheNewerBasisAndTheOpenFindings) {
  std::optional<Basis> a = Basis{"assessment", 1, "2026-02-01", {5, 5}};
  std::optional<Basis> i = Basis{"inspection", 2, "2026-02-10", {5, 3}};
  EXPECT_EQ(newer(a, i)->kind, "inspection");
  EXPECT_EQ(newer(Basis{"assessment", 3, "2026-02-11", {5, 5}}, i)->kind, "assessment");
  EXPECT_EQ(newer(Basis{"assessment", 3, "2026-02-10", {5, 5}}, i)->kind, "inspection");

  EXPECT_EQ(standing(std::nullopt, {}, "2026-03-01").status, "not_assessed");
  auto all = standing(a, {}, "2026-03-01");
  EXPECT_EQ(all.status, "compliant");
  EXPECT_EQ(all.score, 100);
  // Every duty met but a finding still open: partly.
  auto open = standing(a, {finding("low", "2026-04-01")}, "2026-03-01");
  EXPECT_EQ(open.status, "partly_compliant");
  EXPECT_EQ(open.open_findings, 1);
  EXPECT_EQ(open.overdue_findings, 0);
  // 3 of 5: partly; 2 of 5: under half, not compliant.
  EXPECT_EQ(standing(i, {}, "2026-03-01").status, "partly_compliant");
  EXPECT_EQ(standing(i, {}, "2026-03-01").score, 60);
  EXPECT_EQ(standing(Basis{"inspection", 2, "2026-02-10", {5, 2}}, {}, "2026-03-01").status,
            "non_compliant");
  // An overdue high-severity finding makes it not compliant; an overdue low one does not.
  EXPECT_EQ(standing(i, {finding("high", "2026-02-20")}, "2026-03-01").status, "non_compliant");
  auto low = standing(i, {finding("low", "2026-02-20")}, "2026-03-01");
  EXPECT_EQ(low.status, "partly_compliant");
  EXPECT_EQ(low.overdue_findings, 1);
  // Closed findings no longer count.
  EXPECT_EQ(standing(a, {finding("critical", "2026-02-20", "closed")}, "2026-03-01").status,
            "compliant");
}

TEST(Compliance, SummedOverFacilities) {
  Standing c{"compliant", 100, 0, 0, {}};
  Standing p{"partly_compliant", 60, 2, 1, {}};
  Standing n{"not_assessed", 0, 0, 0, {}};
  auto s = summarise({c, p, n});
  EXPECT_EQ(s.facilities, 3);
  EXPECT_EQ(s.assessed, 2);
  EXPECT_EQ(s.score, 80);
  EXPECT_EQ(s.by_status["compliant"], 1);
  EXPECT_EQ(s.by_status["not_assessed"], 1);
  EXPECT_EQ(s.open_findings, 2);
  EXPECT_EQ(s.overdue_findings, 1);
}

TEST(Trend, EachFacilityAtItsLatestSnapshotByThen) {
  std::vector<Snapshot> snaps{{1, 1, "/1/", "partly_compliant", 60, 100},
                              {2, 1, "/1/", "compliant", 100, 150},
                              {1, 1, "/1/", "compliant", 100, 250}};
  auto t = trend(snaps, {50, 120, 200, 300});
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].facilities, 0);
  EXPECT_EQ(t[1].facilities, 1);
  EXPECT_EQ(t[1].score, 60);
  EXPECT_EQ(t[2].facilities, 2);
  EXPECT_EQ(t[2].score, 80);
  EXPECT_EQ(t[2].compliant, 1);
  EXPECT_EQ(t[3].score, 100);
  EXPECT_EQ(t[3].compliant, 2);
}

TEST(Evidence, TheTypeIsWhatTheBytesAre) {
  std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
  EXPECT_EQ(evidence_type(pdf, "application/pdf").value(), "application/pdf");
  // A PDF sent as a JPEG, text sent as a PDF, a type we do not take, nothing at all.
  auto lie = evidence_type(pdf, "image/jpeg");
  ASSERT_FALSE(lie);
  EXPECT_EQ(lie.error().code, core::ErrorCode::invalid);
  EXPECT_EQ(lie.error().fields.at(0).field, "file");
  EXPECT_FALSE(evidence_type("just some text", "application/pdf"));
  EXPECT_FALSE(evidence_type(pdf, "text/html"));
  EXPECT_FALSE(evidence_type("", "application/pdf"));
  EXPECT_FALSE(evidence_type(std::string(kMaxEvidenceBytes + 1, '%'), "application/pdf"));
  // A PNG signature with no real header is not an image.
  EXPECT_FALSE(evidence_type(std::string("\x89PNG\r\n\x1a\n", 8) + "garbage", "image/png"));
}

}  // namespace
}  // namespace qorgan::obligations
