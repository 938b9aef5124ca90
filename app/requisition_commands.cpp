// qorgan requisition report|ledger: the reconciliation of one decision, and its ledger as CSV,
// for the finance department and auditors working from the command line.
#include <cstdio>

#include "app/commands.hpp"
#include "requisition/checks.hpp"
#include "requisition/ledger_csv.hpp"
#include "requisition/requisition_json.hpp"

namespace qorgan::app {

namespace {

std::string tenge(std::int64_t tiyn) {
  return requisition::format_tenge(tiyn);
}

void print_report(const requisition::Reconciliation& r) {
  std::printf("Decision %s of %s (%s, %s), version %lld\n", r.decision.number.c_str(),
              r.decision.decided_on.c_str(), r.decision.grounds.c_str(), r.decision.status.c_str(),
              static_cast<long long>(r.decision.version));
  std::printf("%-6s %-10s %-9s %18s %18s %18s %18s  %s\n", "item", "type", "status", "due",
              "owed (ledger)", "paid", "balance", "check");
  for (const auto& l : r.lines)
    std::printf("%-6lld %-10s %-9s %18s %18s %18s %18s  %s\n", static_cast<long long>(l.item.id),
                l.item.requisition_type.c_str(), l.item.status.c_str(), tenge(l.due).c_str(),
                tenge(l.totals.owed()).c_str(), tenge(l.totals.paid).c_str(),
                tenge(l.totals.balance()).c_str(), l.ok ? "ok" : l.problem.c_str());
  std::printf("items %zu, ledger entries %lld\n", r.lines.size(),
              static_cast<long long>(r.totals.entries));
  std::printf("accrued %s, adjusted %s, owed %s, paid %s, balance %s, disputed %s\n",
              tenge(r.totals.accrued).c_str(), tenge(r.totals.adjusted).c_str(),
              tenge(r.totals.owed()).c_str(), tenge(r.totals.paid).c_str(),
              tenge(r.totals.balance()).c_str(), tenge(r.totals.disputed).c_str());
  std::printf("%s\n", r.ok ? "reconciled: the ledger agrees with the rules and the payments"
                           : "NOT reconciled: see the lines marked above");
}

}  // namespace

void add_requisition_commands(CLI::App& cli, Globals& g, int& exit_code) {
  auto* req = cli.add_subcommand("requisition", "Requisitioned property and its compensation");
  req->require_subcommand(1);

  auto* report = req->add_subcommand(
      "report", "Reconcile one decision: per item what is due, owed by the ledger and paid");
  auto decision = std::make_shared<std::int64_t>(0);
  auto json = std::make_shared<bool>(false);
  report->add_option("--decision", *decision, "The decision's id")->required();
  report->add_flag("--json", *json, "Print JSON instead of a table");
  report->callback([&g, &exit_code, decision, json] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    auto r = app->requisitions->reconcile(auth::system_principal("cli:requisition"), *decision);
    if (!r) {
      std::fprintf(stderr, "qorgan: %s\n", r.error().message.c_str());
      return void(exit_code = 1);
    }
    if (*json)
      std::printf("%s\n", requisition::to_json(*r).dump(2).c_str());
    else
      print_report(*r);
    exit_code = r->ok ? 0 : 2;
  });

  auto* ledger = req->add_subcommand("ledger", "Write the ledger as CSV (RFC 4180) to stdout");
  auto of = std::make_shared<std::int64_t>(0);
  ledger->add_option("--decision", *of, "Only this decision's entries");
  ledger->callback([&g, &exit_code, of] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    auto who = auth::system_principal("cli:requisition");
    std::fputs(requisition::ledger_csv_header().c_str(), stdout);
    std::optional<std::int64_t> after;
    for (;;) {
      auto page = app->requisitions->ledger(who, *of, after, 10000);
      if (!page) {
        std::fprintf(stderr, "qorgan: %s\n", page.error().message.c_str());
        return void(exit_code = 1);
      }
      for (const auto& e : page->items) std::fputs(requisition::ledger_csv_row(e).c_str(), stdout);
      if (!page->next_cursor) break;
      after = std::stoll(*page->next_cursor);
    }
  });
}

}  // namespace qorgan::app
