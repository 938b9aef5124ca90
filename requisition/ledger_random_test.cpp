// Thousands of random requisition operations on a real SQLite file, and on PostgreSQL when
// QORGAN_TEST_PG names a server, many of them wrong on purpose: every refusal must leave the
// database exactly as it was, every success is audited, and after each step the ledger reconciles
// (owed = what the rules give, paid = confirmed orders, 0 ≤ paid ≤ owed, the totals by decision and
// by region are the sums of the items', and the totals per owner are the sums of the owners'
// entries).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "core/test_directory.hpp"
#include "core/validate.hpp"
#include "requisition/checks.hpp"
#include "requisition/requisition_json.hpp"
#include "requisition/requisition_store.hpp"
#include "requisition/requisitions.hpp"
#include "storage/migrations.hpp"
#include "storage/test_database.hpp"

namespace qorgan::requisition {

namespace {

using auth::Role;
using core::Json;

auth::Principal person(std::int64_t id, auth::Role role, std::string login) {
  auth::Principal p;
  p.account_id = id;
  p.role = role;
  p.login = std::move(login);
  return p;
}

// Every row of every requisition table, and the audit log's length: equal before and after a
// refused operation.
std::string snapshot(storage::Database& db) {
  return db.read([](storage::Tx& tx) {
    std::string out;
    for (const char* table :
         {"requisition_decisions", "requisition_decision_versions", "requisition_items",
          "requisition_acts", "requisition_custody", "requisition_valuations",
          "requisition_applications", "requisition_disputes", "requisition_payment_orders",
          "requisition_ledger"}) {
      out += table;
      // By the first two columns: a decision's versions share the first.
      for (const auto& r : tx.query(std::string("SELECT * FROM ") + table + " ORDER BY 1, 2")) {
        out += '\n';
        for (size_t i = 0; i < r.size(); ++i) out += (r.null(i) ? "∅" : r.str(i)) + "|";
      }
      out += '\n';
    }
    out += "audit " + tx.one("SELECT COUNT(*) FROM audit_log").str(0);
    return out;
  });
}

// The reconciliation of `decision` computed the slow way, item by item through the stores' own
// reads of one item (the full item, its approved valuation, balance, disputes and orders): the
// report the service writes from its decision-wide reads must be byte for byte this one.
Reconciliation item_by_item(storage::Database& db, const Rules& rules, const Decision& decision) {
  Reconciliation r;
  r.decision = decision;
  db.read([&](storage::Tx& tx) {
    for (const auto& item : store::items(tx, decision.id, "", 0, 1'000'000)) {
      auto& l = r.lines.emplace_back();
      l.item = {item.id,    item.kind, item.description, item.owner_name, item.requisition_type,
                item.status};
      l.due = due_by_rules(rules, item, store::approved_valuation(tx, item.id)) +
              store::dispute_adjustments(tx, item.id);
      l.totals = store::item_balance(tx, item.id);
      l.totals.disputed = store::open_disputed(tx, item.id);
      for (const auto& o : store::orders(tx, item.id))
        if (o.status == "paid") l.paid_orders += o.amount;
      if (l.totals.owed() != l.due)
        l.problem = "owed by the ledger differs from what the rules give";
      else if (l.totals.paid > l.totals.owed())
        l.problem = "paid more than owed";
      else if (l.totals.paid != l.paid_orders)
        l.problem = "ledger payments differ from paid orders";
      l.ok = l.problem.empty();
      r.ok = r.ok && l.ok;
      r.totals.accrued += l.totals.accrued;
      r.totals.adjusted += l.totals.adjusted;
      r.totals.paid += l.totals.paid;
      r.totals.disputed += l.totals.disputed;
      r.totals.entries += l.totals.entries;
    }
    auto entries = store::decision_entries(tx, decision.id);
    r.balances_match = entries.accrued == r.totals.accrued &&
                       entries.adjusted == r.totals.adjusted && entries.paid == r.totals.paid &&
                       entries.entries == r.totals.entries;
    r.ok = r.ok && r.balances_match;
    return 0;
  });
  return r;
}

std::int64_t audit_count(storage::Database& db) {
  return db.read([](storage::Tx& tx) { return tx.one("SELECT COUNT(*) FROM audit_log").i64(0); });
}

std::string iin_for(int serial) {
  // Born 1980-05-17, a man of the 20th century (3), then the serial and the check digit.
  for (int s = serial;; s += 1000) {
    char first[12];
    std::snprintf(first, sizeof first, "8005173%04u", unsigned(s) % 10000u);
    if (auto c = core::iin_check_digit(first)) return std::string(first) + char('0' + *c);
  }
}

std::string date(int day) {  // day 1 = 2026-03-01, up to 2026-04-30
  char out[32];
  if (day <= 31)
    std::snprintf(out, sizeof out, "2026-03-%02d", day);
  else
    std::snprintf(out, sizeof out, "2026-04-%02d", day - 31);
  return out;
}

}  // namespace

void random_operations(const std::string& engine, const Rules& rules) {
  std::unique_ptr<storage::Database> opened;
  if (engine == "sqlite") {
    auto db = storage::open_test_database(core::fresh_test_directory("requisition-random"));
    ASSERT_TRUE(db) << db.error().message;
    opened = std::move(*db);
  } else {
    auto pg = storage::test_postgres_server();
    if (!pg) GTEST_SKIP() << "QORGAN_TEST_PG not set: no PostgreSQL server to test";
    auto db = storage::open_test_postgres(
        *pg, std::string("requisition_random_") +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_TRUE(db) << db.error().message;
    opened = std::move(*db);
  }
  auto& db = *opened;
  auto key = core::MasterKey::generate();
  registry::Registry registry(db, key);
  Requisitions r(db, registry, key, rules);

  auto system = auth::system_principal("test");
  auto actor = auth::Actor::of(system, "test");
  auto region =
      registry.regions.create(system, actor,
                              {{"code", "ALA"},
                               {"level", "city"},
                               {"name", {{"kk", "Алматы"}, {"ru", "Алматы"}, {"en", "Almaty"}}}});
  ASSERT_TRUE(region) << region.error().message;
  auto facility = registry.facilities.create(system, actor,
                                             {{"name", "Пункт сбора"},
                                              {"kind", "energy"},
                                              {"region_id", region->id},
                                              {"location", {{"lat", 43.25}, {"lon", 76.9}}},
                                              {"criticality", 1}});
  ASSERT_TRUE(facility) << facility.error().message;

  const auto officers = std::vector{person(1, Role::requisition_officer, "officer-a"),
                                    person(2, Role::requisition_officer, "officer-b")};
  const auto appraisers = std::vector{person(3, Role::appraiser, "appraiser-a"),
                                      person(4, Role::appraiser, "appraiser-b")};
  const auto finance = std::vector{person(5, Role::finance_officer, "finance-a"),
                                   person(6, Role::finance_officer, "finance-b")};
  auto decision_body = [&](const char* grounds) {
    return Json{
        {"number", std::string("R-") + grounds},
        {"decided_on", "2026-03-01"},
        {"issuing_body", "Akimat of Almaty"},
        {"grounds", grounds},
        {"region_id", region->id},
        {"deadline", "2026-06-01"},
        {"collection_point_ids", {facility->id}},
        {"officials", {{{"name", "Serik Aliev"}, {"position", "deputy akim"}}}},
        {"commission", {{{"name", "Dana Omarova"}, {"appraiser", true}, {"licence", "KZ-0042"}}}}};
  };
  auto real = r.create_decision(officers[0], actor, decision_body("martial_law"));
  ASSERT_TRUE(real) << real.error().message;
  auto exercise = r.create_decision(officers[0], actor, decision_body("exercise"));
  ASSERT_TRUE(exercise);

  std::mt19937_64 rng(20261204);
  auto pick = [&](int n) { return int(rng() % std::uint64_t(n)); };
  auto chance = [&](int percent) { return pick(100) < percent; };

  std::vector<std::int64_t> items;
  for (int i = 0; i < 24; ++i) {
    bool ownership = i % 3 == 0;
    Json body{{"kind", "equipment"},
              {"description", "Generator " + std::to_string(i)},
              {"details", {{"serial", "GEN-" + std::to_string(i)}}},
              {"requisition_type", ownership ? "ownership" : "use"},
              {"owner",
               {{"kind", "person"},
                {"name", "Owner " + std::to_string(i % 9)},
                {"iin", iin_for(100 + i % 9)}}}};  // owners with several items
    auto item = r.add_item(officers[0], actor, i < 20 ? real->id : exercise->id, body);
    ASSERT_TRUE(item) << item.error().message;
    items.push_back(item->id);
  }

  std::map<std::int64_t, std::int64_t> paid;  // confirmed orders per item, kept by the test
  std::map<std::int64_t, std::vector<std::int64_t>> valuations, orders, disputes;
  std::map<std::string, std::string> order_keys;  // key → "item:amount"
  std::set<std::string> refusals, successes;
  const char* good_iban = "KZ86125KZT5004100100";
  int ops = 2500;
  for (int step = 0; step < ops; ++step) {
    auto item = items[size_t(pick(int(items.size())))];
    auto file = r.item(officers[0], item);
    ASSERT_TRUE(file);
    auto before = snapshot(db);
    auto audits = audit_count(db);
    bool ok = false;
    std::string what;
    int taken_day = file->item.taken_on ? std::stoi(file->item.taken_on->substr(8)) : 1;
    switch (pick(12)) {
      case 0: {
        what = "take";
        Json act{{"act_date", date(1 + pick(10))},
                 {"place", "Yard"},
                 {"condition", "good"},
                 {"signed_by", {{"name", "Owner"}, {"as", "owner"}, {"confirmed", !chance(10)}}}};
        ok = bool(r.take(officers[size_t(pick(2))], actor, item, act));
        break;
      }
      case 1: {
        what = "custody";
        ok = bool(r.move(officers[0], actor, item,
                         {{"place", "Depot 3"},
                          {"responsible", "Lt. Nurlan"},
                          {"moved_on", date(taken_day + pick(5) - 1)}}));
        break;
      }
      case 2: {
        what = "return";
        Json act{{"act_date", date(taken_day + pick(20) - 2)},
                 {"place", "Yard"},
                 {"condition", chance(50) ? "scratched" : "as taken"},
                 {"signed_by", {{"name", "Witness"}, {"as", "witness"}, {"confirmed", true}}}};
        ok = bool(r.give_back(officers[1], actor, item, act));
        break;
      }
      case 3: {
        what = "valuation";
        std::int64_t value = chance(5) ? -100 : std::int64_t(pick(5000)) * 100000;
        if (chance(3)) value = kMaxTiyn + 1;
        auto v = r.record_valuation(appraisers[size_t(pick(2))], actor, item,
                                    {{"appraiser", "Dana Omarova"},
                                     {"licence", "KZ-0042"},
                                     {"method", "comparative"},
                                     {"value_date", date(taken_day + pick(6) - 2)},
                                     {"market_value", value},
                                     {"rent_per_day", std::int64_t(pick(200)) * 1000 + 1000},
                                     {"damage", chance(30) ? std::int64_t(pick(100)) * 10000 : 0}});
        ok = bool(v);
        if (v) valuations[item].push_back(v->id);
        break;
      }
      case 4: {
        what = "approve";
        if (valuations[item].empty()) continue;
        auto id = valuations[item][size_t(pick(int(valuations[item].size())))];
        const auto& who = chance(50) ? appraisers[size_t(pick(2))] : officers[0];
        ok = bool(r.approve_valuation(who, actor, id));
        break;
      }
      case 5: {
        what = "apply";
        Json body = chance(20)   ? Json{{"method", "cash"}}
                    : chance(20) ? Json{{"method", "bank"}, {"iban", "KZ87125KZT5004100100"}}
                                 : Json{{"method", "bank"}, {"iban", good_iban}};
        ok = bool(r.apply(officers[0], actor, item, body));
        break;
      }
      case 6: {
        what = "dispute";
        auto d =
            r.open_dispute(officers[0], actor, item,
                           {{"reason", "too low"}, {"claimed", std::int64_t(pick(6000)) * 100000}});
        ok = bool(d);
        if (d) disputes[item].push_back(d->id);
        break;
      }
      case 7: {
        what = "resolve";
        if (disputes[item].empty()) continue;
        auto id = disputes[item][size_t(pick(int(disputes[item].size())))];
        std::int64_t adjustment = (std::int64_t(pick(400)) - 200) * 100000;
        ok = bool(r.resolve_dispute(
            officers[1], actor, id,
            {{"resolution", "commission re-examined"}, {"adjustment", adjustment}}));
        break;
      }
      case 8:
      case 9: {
        what = "order";
        std::int64_t amount = chance(50) ? file->payable : std::int64_t(pick(3000)) * 100000;
        if (chance(5)) amount = -1;
        std::string key_text = chance(15) && !order_keys.empty() ? order_keys.begin()->first
                                                                 : "key-" + std::to_string(step);
        auto o = r.create_order(finance[size_t(pick(2))], actor, item,
                                {{"amount", amount}, {"idempotency_key", key_text}});
        if (o && o->created) {
          ok = true;
          orders[item].push_back(o->order.id);
          order_keys[key_text] = std::to_string(item) + ":" + std::to_string(amount);
        } else if (o) {
          // The same key again: the same order, nothing new.
          EXPECT_EQ(order_keys[key_text], std::to_string(item) + ":" + std::to_string(amount));
          EXPECT_EQ(snapshot(db), before) << "a repeated submission changed something";
          continue;
        }
        break;
      }
      case 10: {
        what = "confirm";
        if (orders[item].empty()) continue;
        auto id = orders[item][size_t(pick(int(orders[item].size())))];
        auto o = r.confirm_order(finance[size_t(pick(2))], actor, id);
        ok = bool(o);
        if (o) paid[item] += o->amount;
        break;
      }
      case 11: {
        what = chance(50) ? "ledger-update" : "ledger-delete";
        // Refused by the database: the trigger's error is thrown, or reported as a conflict.
        bool refused = false;
        try {
          auto s = db.write([&](storage::Tx& tx) -> core::Status {
            tx.exec(what == "ledger-update" ? "UPDATE requisition_ledger SET amount = amount + 1"
                                            : "DELETE FROM requisition_ledger");
            return {};
          });
          refused = !s;
        } catch (const storage::DbError&) {
          refused = true;
        }
        bool empty = db.read([](storage::Tx& tx) {
          return tx.one("SELECT COUNT(*) FROM requisition_ledger").i64(0) == 0;
        });
        EXPECT_TRUE(refused || empty) << what << " was not refused";
        ok = false;
        break;
      }
    }
    (ok ? successes : refusals).insert(what);
    if (!ok) {
      ASSERT_EQ(snapshot(db), before)
          << "step " << step << ": the refused " << what << " changed the database";
    } else {
      ASSERT_GT(audit_count(db), audits) << "step " << step << ": " << what << " was not audited";
    }
    if (step % 50 == 0 || step == ops - 1) {
      for (auto id : {real->id, exercise->id}) {
        auto rec = r.reconcile(officers[0], id);
        ASSERT_TRUE(rec);
        ASSERT_TRUE(rec->ok) << "step " << step;
        ASSERT_EQ(report_json(*rec), report_json(item_by_item(db, rules, rec->decision)))
            << "step " << step;
        for (const auto& l : rec->lines) {
          ASSERT_EQ(l.totals.paid, paid[l.item.id]);
          ASSERT_LE(l.totals.paid, l.totals.owed());
          ASSERT_GE(l.totals.paid, 0);
        }
      }
      // Every item's balance row is the sum of its entries.
      auto off = db.read([](storage::Tx& tx) {
        return tx
            .one(
                "SELECT COUNT(*) FROM requisition_balances b WHERE b.entries <> (SELECT COUNT(*) "
                "FROM requisition_ledger l WHERE l.item_id = b.item_id) OR b.accrued + "
                "b.adjusted + b.paid <> (SELECT COALESCE(SUM(amount), 0) FROM requisition_ledger "
                "l WHERE l.item_id = b.item_id) OR b.paid <> (SELECT COALESCE(SUM(amount), 0) "
                "FROM requisition_ledger l WHERE l.item_id = b.item_id AND l.kind = 'payment')")
            .i64(0);
      });
      ASSERT_EQ(off, 0) << "step " << step;
      auto by_decision = r.totals_by_decision(officers[0]);
      auto by_region = r.totals_by_region(officers[0]);
      ASSERT_TRUE(by_decision && by_region);
      std::int64_t owed = 0, paid_sum = 0, region_owed = 0, region_paid = 0;
      for (const auto& g : *by_decision) owed += g.totals.owed(), paid_sum += g.totals.paid;
      for (const auto& g : *by_region) region_owed += g.totals.owed(), region_paid += g.totals.paid;
      std::int64_t expected_paid = 0;
      for (auto [_, p] : paid) expected_paid += p;
      ASSERT_EQ(paid_sum, expected_paid);
      ASSERT_EQ(region_paid, expected_paid);
      ASSERT_EQ(owed, region_owed);
      // Per owner, a few owners a page: each owner's sums are those of the owner's entries, and
      // the owners together are the whole ledger.
      std::map<std::string, Totals> by_entries;
      db.read([&](storage::Tx& tx) {
        for (const auto& row :
             tx.query("SELECT owner_id_index, kind, SUM(amount), COUNT(*) FROM requisition_ledger "
                      "GROUP BY owner_id_index, kind")) {
          auto& t = by_entries[row.str(0)];
          (row.str(1) == "accrual"   ? t.accrued
           : row.str(1) == "payment" ? t.paid
                                     : t.adjusted) += row.i64(2);
          t.entries += row.i64(3);
        }
      });
      std::int64_t owners_owed = 0, owners_paid = 0, owners_disputed = 0, region_disputed = 0,
                   owners_items = 0;
      for (const auto& g : *by_region) region_disputed += g.totals.disputed;
      std::optional<std::string> cursor;
      std::set<std::string> seen;
      for (;;) {
        auto page = r.totals_by_owner(officers[0], cursor, 4);
        ASSERT_TRUE(page);
        for (const auto& o : page->items) {
          ASSERT_TRUE(seen.insert(o.key).second) << "an owner on two pages";
          const auto& e = by_entries[o.key];
          ASSERT_EQ(o.totals.accrued, e.accrued) << o.owner_name << ", step " << step;
          ASSERT_EQ(o.totals.adjusted, e.adjusted) << o.owner_name;
          ASSERT_EQ(o.totals.paid, e.paid) << o.owner_name;
          ASSERT_EQ(o.totals.entries, e.entries) << o.owner_name;
          ASSERT_EQ(o.owner_id_masked.substr(o.owner_id_masked.size() - 4),
                    iin_for(100 + std::stoi(o.owner_name.substr(6))).substr(8));
          owners_owed += o.totals.owed(), owners_paid += o.totals.paid;
          owners_disputed += o.totals.disputed, owners_items += o.items;
        }
        if (!page->next_cursor) break;
        cursor = page->next_cursor;
      }
      ASSERT_EQ(seen.size(), 9u);
      ASSERT_EQ(owners_items, std::int64_t(items.size()));
      ASSERT_EQ(owners_owed, region_owed);
      ASSERT_EQ(owners_paid, expected_paid);
      ASSERT_EQ(owners_disputed, region_disputed);
    }
  }
  // The sequence reached every operation both ways, so the checks above were exercised.
  for (const char* what : {"take", "custody", "return", "valuation", "approve", "apply", "dispute",
                           "resolve", "order", "confirm"}) {
    EXPECT_TRUE(successes.contains(what)) << what << " never succeeded";
    EXPECT_TRUE(refusals.contains(what)) << what << " was never refused";
  }
  // Nothing was ever taken under the exercise decision.
  for (size_t i = 20; i < items.size(); ++i)
    EXPECT_EQ(r.item(officers[0], items[i])->item.status, "listed");
}

class RequisitionLedger : public ::testing::TestWithParam<std::string> {};

TEST_P(RequisitionLedger, RandomOperationsKeepTheLedgerReconciledAndRefusalsChangeNothing) {
  random_operations(GetParam(), {});
}

TEST_P(RequisitionLedger, TheSameWhenNothingIsPayableDuringADisputeAndNoDayIsMinimum) {
  random_operations(GetParam(), {.pay_undisputed_during_dispute = false, .minimum_one_day = false});
}

INSTANTIATE_TEST_SUITE_P(Engines, RequisitionLedger, ::testing::Values("sqlite", "postgres"));

}  // namespace qorgan::requisition
