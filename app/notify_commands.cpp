// qorgan notify run|send: the outbox's sender outside `serve`, and a message typed by an
// operator (to try a gateway, or to reach someone by hand). Both audited where they change.
#include <csignal>

#include <atomic>
#include <chrono>
#include <thread>

#include "app/commands.hpp"
#include "auth/audit.hpp"

namespace qorgan::app {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) {
  g_stop = true;
}

void print_counts(App& app) {
  auto who = auth::system_principal("cli:notify");
  auto counts = app.outbox->counts(who, {});
  if (!counts) return;
  std::string line;
  for (const auto& s : notify::statuses())
    if (auto it = counts->find(s); it != counts->end())
      line += (line.empty() ? "" : ", ") + s + " " + std::to_string(it->second);
  std::printf("outbox: %s\n", line.empty() ? "empty" : line.c_str());
}

}  // namespace

void add_notify_commands(CLI::App& cli, Globals& g, int& exit_code) {
  auto* notify = cli.add_subcommand("notify", "The outbox: send what is due, or queue a message");
  notify->require_subcommand(1);

  auto* run = notify->add_subcommand(
      "run", "Send the outbox's due messages (until stopped, or once with --once)");
  auto once = std::make_shared<bool>(false);
  run->add_flag("--once", *once, "Send what is due now and return");
  run->callback([&g, &exit_code, once] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    for (const char* channel : {"email", "sms"})
      if (!app->sender->configured(channel))
        std::fprintf(stderr, "qorgan: notify: %s is not configured; its messages stay queued\n",
                     channel);
    auto locked = sender_lock(*app);
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    auto poll = app->sender->settings().poll;
    bool said = false;
    while (!locked()) {
      if (*once) {
        std::fprintf(stderr,
                     "qorgan: another sender works this outbox (qorgan serve or notify run); "
                     "nothing sent\n");
        return void(exit_code = 1);
      }
      if (!said)
        std::fprintf(stderr, "qorgan: another sender works this outbox; waiting for it to stop\n");
      said = true;
      if (g_stop) return;
      std::this_thread::sleep_for(poll);
    }
    app->sender->recover();
    notify::SendStats total;
    do {
      auto s = app->sender->run_due(&g_stop);
      total.sent += s.sent;
      total.retried += s.retried;
      total.failed += s.failed;
      total.cancelled += s.cancelled;
      if (*once) break;
      for (auto waited = std::chrono::milliseconds(0); waited < poll && !g_stop;
           waited += std::chrono::milliseconds(50))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (!g_stop);
    std::printf("sent %lld, to retry %lld, failed %lld, recipient gone %lld\n",
                static_cast<long long>(total.sent), static_cast<long long>(total.retried),
                static_cast<long long>(total.failed), static_cast<long long>(total.cancelled));
    print_counts(*app);
  });

  auto* send = notify->add_subcommand(
      "send", "Queue one message (audited); a running sender or 'notify run' sends it");
  auto m = std::make_shared<notify::NewMessage>();
  auto to = std::make_shared<std::vector<std::string>>();
  send->add_option("--channel", m->channel, "email, sms or print")->required();
  send->add_option("--to", *to,
                   "E-mail address, phone number (+7…) or a name; several: one message each")
      ->required();
  send->add_option("--text", m->text, "The message")->required();
  send->add_option("--subject", m->subject, "The e-mail subject");
  send->add_option("--kind", m->kind, "real, exercise or test (marks the message)");
  send->add_option("--reference", m->reference, "Free text to find the message by");
  send->callback([&g, &exit_code, m, to] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    auto who = auth::system_principal("cli:notify-send");
    std::vector<notify::NewMessage> all;
    for (const auto& r : *to) {
      all.push_back(*m);
      all.back().recipient = r;
    }
    // All or none: one bad recipient queues nothing.
    auto sent = app->outbox->send(who, auth::Actor::cli("notify-send"), all);
    if (!sent) {
      std::fprintf(stderr, "qorgan: %s\n", sent.error().message.c_str());
      for (const auto& f : sent.error().fields)
        std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), f.message.c_str());
      return void(exit_code = 1);
    }
    for (const auto& s : *sent)
      std::printf("queued message %lld (%s to %s)\n", static_cast<long long>(s.id),
                  s.channel.c_str(), s.recipient.c_str());
    if (m->channel != "print" && !app->sender->configured(m->channel))
      std::fprintf(stderr,
                   "qorgan: warning: %s is not configured here ([notify.%s] url): the message "
                   "waits for a sender that has it\n",
                   m->channel.c_str(), m->channel.c_str());
  });
}

}  // namespace qorgan::app
