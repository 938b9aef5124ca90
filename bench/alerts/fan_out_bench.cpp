// Fan-out of one alert to N confirmed subscribers (default 1,000,000) into the outbox, on SQLite
// (a fresh file) or on the PostgreSQL database given with --db (empty, it is migrated). The
// peers, run in the same process on the same database, in transactions of the same size:
//  - the outbox alone taking N bulk messages (notify::enqueue_bulk: the key and the body's id,
//    what the fan-out writes), with no subscribers to read;
//  - the outbox taking N whole messages of an alert's length together (notify::enqueue_many:
//    address and text in every row, as the fan-out wrote them before bulk messages).
// Prints a Markdown table with wall and, in brackets, this process's CPU time.
//
//   alerts_bench [--subscribers N] [--batch B] [--db URL] [--tiny]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

#include "alerts/fan_out.hpp"
#include "alerts/subscriber_address.hpp"
#include "alerts/subscription_store.hpp"
#include "auth/audit.hpp"
#include "core/crypto.hpp"
#include "notify/bulk.hpp"
#include "notify/outbox.hpp"
#include "registry/regions.hpp"
#include "storage/migrations.hpp"

using namespace qorgan;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// This process's CPU time (user + system), to tell its own cost from waiting on a busy machine.
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

void check(const core::Status& s, const char* what) {
  if (!s) {
    std::fprintf(stderr, "alerts_bench: %s: %s\n", what, s.error().message.c_str());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t n = 1'000'000;
  int batch = 20'000;
  std::string url;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--tiny")
      n = 2'000, batch = 500;
    else if (a == "--subscribers" && i + 1 < argc)
      n = std::atoll(argv[++i]);
    else if (a == "--batch" && i + 1 < argc)
      batch = std::atoi(argv[++i]);
    else if (a == "--db" && i + 1 < argc)
      url = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: alerts_bench [--subscribers N] [--batch B] [--db URL] [--tiny]\n");
      return 2;
    }
  }
  core::crypto_init();
  auto key = core::MasterKey::generate();
  auth::use_audit_key(key);
  std::filesystem::path dir;
  if (url.empty()) {
    dir = std::filesystem::temp_directory_path() /
          ("qorgan-alerts-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    url = "sqlite:" + (dir / "bench.db").string();
  }
  auto opened = storage::open_database(url, 2, std::chrono::hours(1));
  if (!opened) return std::fprintf(stderr, "alerts_bench: %s\n", opened.error().message.c_str()), 1;
  auto& db = **opened;
  auto migrated = storage::migrate(db);
  if (!migrated)
    return std::fprintf(stderr, "alerts_bench: %s\n", migrated.error().message.c_str()), 1;
  const char* engine = db.engine() == storage::Engine::sqlite ? "SQLite" : "PostgreSQL";

  registry::Regions regions(db);
  auto who = auth::system_principal("bench");
  auto oblast = regions.create(who, auth::Actor::cli("bench"),
                               {{"code", "190000000"},
                                {"level", "oblast"},
                                {"name", {{"kk", "Жетісу"}, {"ru", "Жетысу"}, {"en", "Zhetysu"}}}});
  if (!oblast) return std::fprintf(stderr, "alerts_bench: %s\n", oblast.error().message.c_str()), 1;
  auto district =
      regions.create(who, auth::Actor::cli("bench"),
                     {{"code", "193200000"},
                      {"level", "district"},
                      {"parent_id", oblast->id},
                      {"name", {{"kk", "Қаратал"}, {"ru", "Каратал"}, {"en", "Karatal"}}}});
  if (!district)
    return std::fprintf(stderr, "alerts_bench: %s\n", district.error().message.c_str()), 1;

  // Subscribers: phones in Kazakh and Russian (two thirds), e-mail in English (one third); half
  // follow the district, half the oblast that contains it: the alert for the district reaches all.
  auto t = Clock::now();
  const std::int64_t chunk = 100'000;
  for (std::int64_t from = 0; from < n; from += chunk) {
    for (const char* code : {"193200000", "190000000"}) {
      std::vector<alerts::subscription_store::Row> rows;
      for (std::int64_t i = from; i < std::min(n, from + chunk); ++i) {
        if ((i % 2 == 0) != (std::string(code) == "193200000")) continue;
        alerts::Address a =
            i % 3 == 2 ? alerts::Address{"email", "reader" + std::to_string(i) + "@example.kz"}
                       : alerts::Address{"sms", "+7700" + std::to_string(1'000'000 + i)};
        alerts::subscription_store::Row r;
        r.channel = a.channel;
        r.address_sealed = alerts::seal_address(key, a);
        r.address_index = alerts::address_index(key, a);
        r.language = i % 3 == 0 ? "kk" : i % 3 == 1 ? "ru" : "en";
        rows.push_back(std::move(r));
      }
      check(db.write([&](storage::Tx& tx) -> core::Status {
        alerts::subscription_store::insert_confirmed(tx, rows, code, 1);
        return {};
      }),
            "load subscribers");
    }
  }
  const double load = seconds_since(t);

  alerts::FanOut request;
  request.alert_id = 1;
  request.identifier = "KZ-QORGAN-BENCH-1";
  request.regions = {"193200000"};
  request.texts["kk"] = {"Әуе дабылы", "Әуе дабылы! Жақын баспанаға барыңыз, нұсқауларды күтіңіз.",
                         "", ""};
  request.texts["ru"] = {"Воздушная тревога",
                         "Воздушная тревога! Пройдите в ближайшее укрытие и ждите указаний.", "",
                         ""};
  request.texts["en"] = {"Air raid alert",
                         "Air raid alert! Go to the nearest shelter and wait for "
                         "instructions.",
                         "", ""};
  alerts::FanOutSettings settings;
  settings.base_url = "https://portal.example.kz";
  settings.batch = batch;

  t = Clock::now();
  double cpu = cpu_seconds();
  auto job = db.write([&](storage::Tx& tx) { return alerts::fan_out(tx, request); });
  if (!job) return std::fprintf(stderr, "alerts_bench: %s\n", job.error().message.c_str()), 1;
  auto sent = alerts::run_fan_outs(db, settings);
  const double fan = seconds_since(t);
  const double fan_cpu = cpu_seconds() - cpu;
  if (sent != n) {
    std::fprintf(stderr, "alerts_bench: %lld messages for %lld subscribers\n",
                 static_cast<long long>(sent), static_cast<long long>(n));
    return 1;
  }

  // The peers: the outbox alone, N bulk messages of one body, or N whole messages of an alert's
  // size, in transactions of the same size.
  const std::string sms =
      "Воздушная тревога! Пройдите в ближайшее укрытие и ждите указаний. "
      "https://portal.example.kz/ru/alerts/u/123456-AbCdEfGhIjKlMnOpQrStUv";
  auto body = db.write([&](storage::Tx& tx) {
    return notify::add_body(tx, {"bench", "ru", "", sms});
  });
  if (!body) return std::fprintf(stderr, "alerts_bench: %s\n", body.error().message.c_str()), 1;
  auto peer_run = [&](bool bulk) {
    check(db.write([&](storage::Tx& tx) -> core::Status {
      tx.exec("DELETE FROM notify_outbox");
      return {};
    }),
          "clear the outbox");
    auto started = Clock::now();
    double cpu0 = cpu_seconds();
    for (std::int64_t from = 0; from < n; from += batch) {
      check(db.write([&](storage::Tx& tx) -> core::Status {
        if (bulk) {
          notify::BulkMessages m{*body, "sms", "bench:sms:subscribers", "real", {}};
          for (std::int64_t i = from; i < std::min(n, from + batch); ++i)
            m.keys.push_back(std::to_string(i + 1));
          return notify::enqueue_bulk(tx, m);
        }
        std::vector<notify::NewMessage> messages;
        for (std::int64_t i = from; i < std::min(n, from + batch); ++i)
          messages.push_back({"sms", "+7700" + std::to_string(1'000'000 + i), "", sms, std::nullopt,
                              "bench:" + std::to_string(i), "real"});
        if (auto ids = notify::enqueue_many(tx, messages); !ids) return core::fail(ids.error());
        return {};
      }),
            "enqueue");
    }
    return std::pair{seconds_since(started), cpu_seconds() - cpu0};
  };
  auto [peer, peer_cpu] = peer_run(true);
  auto [whole, whole_cpu] = peer_run(false);

  std::printf(
      "| engine | subscribers | load | fan-out (CPU) | messages/s | outbox alone, bulk (CPU) | "
      "fan-out / alone | outbox, whole messages (CPU) |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  std::printf(
      "| %s | %lld | %.1f s | %.2f s (%.2f s) | %.0f | %.2f s (%.2f s) | %.2f | %.2f s (%.2f s) "
      "|\n",
      engine, static_cast<long long>(n), load, fan, fan_cpu, double(n) / fan, peer, peer_cpu,
      fan / peer, whole, whole_cpu);
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return 0;
}
