// qorgan alerts fan-out|run: an alert's fan-out recorded by an operator (an alert issued
// elsewhere, or a drill of the delivery path), and the fan-out worker outside `serve`.
#include <csignal>

#include <atomic>
#include <fstream>
#include <sstream>

#include "alerts/fan_out.hpp"
#include "app/commands.hpp"
#include "core/json.hpp"

namespace qorgan::app {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_alerts_stop(int) {
  g_stop = true;
}

core::Result<alerts::FanOut> read_request(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::fail(core::Error::invalid("cannot read " + path));
  std::stringstream text;
  text << in.rdbuf();
  auto j = core::parse_json_object(text.str());
  if (!j) return core::fail(j.error());
  try {
    alerts::FanOut r;
    r.alert_id = j->at("alert_id").get<std::int64_t>();
    r.identifier = j->value("identifier", "alert-" + std::to_string(r.alert_id));
    r.status = j->value("status", "Actual");
    r.msg_type = j->value("msg_type", "Alert");
    r.regions = j->at("regions").get<std::vector<std::string>>();
    for (const auto& [lang, t] : j->at("texts").items())
      r.texts[lang] = {t.value("headline", ""), t.value("sms", ""), t.value("email_subject", ""),
                       t.value("email_body", "")};
    return r;
  } catch (const core::Json::exception& e) {
    return core::fail(core::Error::invalid(path + ": " + e.what()));
  }
}

int report(const core::Error& e) {
  std::fprintf(stderr, "qorgan: %s\n", e.message.c_str());
  for (const auto& f : e.fields)
    std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), f.message.c_str());
  return 1;
}

// Works the running fan-outs to their end (or until SIGINT/SIGTERM, between two batches).
int run_all(App& app) {
  auto settings = app.alert_fan_out->settings();
  std::signal(SIGINT, on_alerts_stop);
  std::signal(SIGTERM, on_alerts_stop);
  auto n = alerts::run_fan_outs(*app.db, settings, &g_stop);
  std::printf("enqueued %lld message(s)\n", static_cast<long long>(n));
  return 0;
}

}  // namespace

void add_alerts_commands(CLI::App& cli, Globals& g, int& exit_code) {
  auto* alerts = cli.add_subcommand("alerts", "Public alerts: fan-out to subscribers");
  alerts->require_subcommand(1);

  auto* fan = alerts->add_subcommand(
      "fan-out", "Record an alert's fan-out from a JSON file and enqueue its messages");
  auto file = std::make_shared<std::string>();
  auto no_run = std::make_shared<bool>(false);
  fan->add_option("file", *file,
                  "{alert_id, identifier, status, msg_type, regions: [KATO], texts: {kk: "
                  "{headline, sms, email_subject, email_body}, …}}")
      ->required();
  fan->add_flag("--no-run", *no_run, "Only record it: a running server's worker enqueues");
  fan->callback([&g, &exit_code, file, no_run] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    auto request = read_request(*file);
    if (!request) return void(exit_code = report(request.error()));
    auto id = app->db->write([&](storage::Tx& tx) { return alerts::fan_out(tx, *request); });
    if (!id) return void(exit_code = report(id.error()));
    if (*id == 0)
      std::printf("alert %lld already has its %s fan-out: nothing recorded\n",
                  static_cast<long long>(request->alert_id), request->msg_type.c_str());
    else
      std::printf("fan-out %lld recorded\n", static_cast<long long>(*id));
    if (!*no_run) exit_code = run_all(*app);
  });

  auto* run = alerts->add_subcommand("run", "Enqueue the messages of every unfinished fan-out");
  run->callback([&g, &exit_code] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    exit_code = run_all(*app);
  });
}

}  // namespace qorgan::app
