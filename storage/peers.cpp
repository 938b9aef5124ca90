#include "storage/peers.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <set>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "core/json.hpp"

namespace qorgan::storage {

Peers::Subscription& Peers::Subscription::operator=(Subscription&& o) noexcept {
  if (this != &o) {
    reset();
    peers_ = o.peers_;
    id_ = o.id_;
    o.peers_ = nullptr;
  }
  return *this;
}

void Peers::Subscription::reset() {
  if (!peers_) return;
  std::lock_guard lock(peers_->mu_);
  peers_->listeners_.erase(id_);
  peers_ = nullptr;
}

Peers::Subscription Peers::subscribe(std::string topic, Listener listener) {
  std::lock_guard lock(mu_);
  int id = next_id_++;
  listeners_.emplace(id, Entry{std::move(topic), std::move(listener)});
  return {this, id};
}

void Peers::deliver(std::string_view topic, std::string_view payload, bool missed) {
  std::lock_guard lock(mu_);
  for (auto& [id, e] : listeners_)
    if (missed || e.topic == topic) e.listener(payload, missed);
}

namespace {

void log_line(const char* level, const std::string& msg) {
  std::fprintf(stderr, "%s\n",
               core::Json{{"level", level}, {"component", "peers"}, {"msg", msg}}.dump().c_str());
}

// ---- this process alone ----

class LocalPeers final : public Peers {
 public:
  bool shared() const override { return false; }
  void publish(std::string_view, std::string_view) override {}
  std::unique_ptr<Hold> try_hold(std::int64_t key) override {
    std::lock_guard lock(*mu_);
    if (!held_->insert(key).second) return nullptr;
    return std::make_unique<LocalHold>(mu_, held_, key);
  }

 private:
  // The set outlives this object if a Hold does (the order of destruction is the owner's).
  struct LocalHold final : Hold {
    LocalHold(std::shared_ptr<std::mutex> mu, std::shared_ptr<std::set<std::int64_t>> held,
              std::int64_t key)
        : mu_(std::move(mu)), held_(std::move(held)), key_(key) {}
    ~LocalHold() override {
      std::lock_guard lock(*mu_);
      held_->erase(key_);
    }
    std::shared_ptr<std::mutex> mu_;
    std::shared_ptr<std::set<std::int64_t>> held_;
    std::int64_t key_;
  };
  std::shared_ptr<std::mutex> mu_ = std::make_shared<std::mutex>();
  std::shared_ptr<std::set<std::int64_t>> held_ = std::make_shared<std::set<std::int64_t>>();
};

// ---- PostgreSQL: LISTEN/NOTIFY and session advisory locks ----

constexpr const char* kChannel = "qorgan";
constexpr int kIdleCheckMs = 10'000;  // an idle listening connection is checked this often
constexpr int kReconnectMs = 1'000;

// A connection that notices a dead server within about half a minute even when idle.
PGconn* connect(const std::string& url) {
  const char* keys[] = {
      "dbname",          "keepalives", "keepalives_idle", "keepalives_count", "keepalives_interval",
      "connect_timeout", nullptr};
  const char* values[] = {url.c_str(), "1", "10", "3", "5", "10", nullptr};
  PGconn* c = PQconnectdbParams(keys, values, 1);
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw DbError("cannot connect to PostgreSQL: " + msg);
  }
  return c;
}

bool exec_ok(PGconn* c, const char* sql) {
  PGresult* r = PQexec(c, sql);
  auto st = PQresultStatus(r);
  PQclear(r);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

class PgHold final : public Peers::Hold {
 public:
  explicit PgHold(PGconn* c) : conn_(c) {}
  ~PgHold() override { PQfinish(conn_); }  // ends the session, and with it the lock

 private:
  PGconn* conn_;
};

class PgPeers final : public Peers {
 public:
  PgPeers(Database& db, std::string url)
      : db_(db), url_(std::move(url)), instance_(core::random_token(12)) {
    if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) throw DbError("cannot create a pipe");
    try {
      listen();  // fails early when the server is unreachable
    } catch (...) {
      ::close(wake_[0]);
      ::close(wake_[1]);
      throw;
    }
    thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
  }
  ~PgPeers() override {
    thread_.request_stop();
    [[maybe_unused]] auto n = ::write(wake_[1], "x", 1);
    thread_.join();
    if (conn_) PQfinish(conn_);
    ::close(wake_[0]);
    ::close(wake_[1]);
  }

  bool shared() const override { return true; }

  void publish(std::string_view topic, std::string_view payload) override {
    // "instance\ntopic\npayload": a process skips its own notices by the instance token.
    std::string message = instance_ + "\n" + std::string(topic) + "\n" + std::string(payload);
    try {
      db_.read([&](Tx& tx) { return tx.query("SELECT pg_notify($1, $2)", {kChannel, message}); });
    } catch (const std::exception& e) {
      log_line("error", "a notice to the other servers is lost: " + std::string(e.what()));
    }
  }

  std::unique_ptr<Hold> try_hold(std::int64_t key) override {
    PGconn* c = connect(url_);
    std::string text = std::to_string(key);
    const char* values[] = {text.c_str()};
    PGresult* r = PQexecParams(c, "SELECT pg_try_advisory_lock($1::bigint)", 1, nullptr, values,
                               nullptr, nullptr, 0);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    bool got = ok && PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    std::string error = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    if (!got) PQfinish(c);
    if (!ok) throw DbError("PostgreSQL: " + error + " in: pg_try_advisory_lock");
    return got ? std::make_unique<PgHold>(c) : nullptr;
  }

 private:
  void listen() {
    conn_ = connect(url_);
    if (!exec_ok(conn_, (std::string("LISTEN ") + kChannel).c_str())) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      throw DbError("PostgreSQL: cannot LISTEN: " + msg);
    }
  }

  void drop() {
    PQfinish(conn_);
    conn_ = nullptr;
    log_line("error", "the connection that listens to the other servers was lost; reconnecting");
  }

  // Waits up to `ms` for the stop pipe; returns whether a stop was asked.
  bool pause(int ms, const std::stop_token& stop) {
    pollfd p{wake_[0], POLLIN, 0};
    ::poll(&p, 1, ms);
    return stop.stop_requested();
  }

  void drain() {
    while (PGnotify* n = PQnotifies(conn_)) {
      std::string_view m(n->extra);
      auto a = m.find('\n');
      auto b = a == std::string_view::npos ? a : m.find('\n', a + 1);
      if (b != std::string_view::npos && m.substr(0, a) != instance_)
        deliver(m.substr(a + 1, b - a - 1), m.substr(b + 1), false);
      PQfreemem(n);
    }
  }

  void loop(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      if (!conn_) {
        try {
          listen();
        } catch (const std::exception&) {
          if (pause(kReconnectMs, stop)) return;
          continue;
        }
        log_line("info", "listening to the other servers again");
        deliver("", "", true);  // whatever was sent meanwhile is lost
      }
      pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {wake_[0], POLLIN, 0}};
      int n = ::poll(fds, 2, kIdleCheckMs);
      if (stop.stop_requested()) return;
      if (n < 0) {
        if (errno != EINTR) pause(kReconnectMs, stop);
        continue;
      }
      if (n == 0 && !exec_ok(conn_, "SELECT 1")) {
        drop();
        continue;
      }
      if ((fds[0].revents & (POLLIN | POLLERR | POLLHUP)) && !PQconsumeInput(conn_)) {
        drop();
        continue;
      }
      drain();
    }
  }

  Database& db_;
  std::string url_;
  std::string instance_;
  int wake_[2] = {-1, -1};
  PGconn* conn_ = nullptr;  // the listening connection; only the thread uses it once started
  std::jthread thread_;     // last: started once the rest is in place
};

}  // namespace

std::unique_ptr<Peers> local_peers() {
  return std::make_unique<LocalPeers>();
}

core::Result<std::unique_ptr<Peers>> open_peers(Database& db, const std::string& url) {
  if (db.engine() != Engine::postgres) return local_peers();
  try {
    return std::unique_ptr<Peers>(new PgPeers(db, url));
  } catch (const std::exception& e) {
    return core::fail(core::Error{core::ErrorCode::unavailable, e.what(), {}});
  }
}

}  // namespace qorgan::storage
