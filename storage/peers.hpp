#pragma once
// What the server processes sharing one database tell each other: notices ("public content
// changed", "these sessions ended") and locks held for as long as a piece of work runs.
//
// On PostgreSQL, notices travel by LISTEN/NOTIFY: one connection of this process listens, a
// thread waits on its socket and calls the subscribers, so a notice arrives in milliseconds.
// Locks are session-level advisory locks on a connection of their own, released by the
// database when the lock is dropped or the process ends in any way (a killed process too).
// A SQLite database has one serving process: notices go nowhere and locks are this process's.
//
// A publisher does its own process's part itself (clears its own cache) and publishes for the
// others; a process never receives its own notices.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace qorgan::storage {

class Peers {
 public:
  // Called with the notice's payload on the peers' thread; quick, and never publishing. An
  // empty payload with `missed` set means notices may have been lost (the listening connection
  // was down and is back): a subscriber must then assume anything changed.
  using Listener = std::function<void(std::string_view payload, bool missed)>;

  // Unsubscribes when destroyed; once its destructor returns the listener is not running and
  // will not be called again.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(Peers* peers, int id) : peers_(peers), id_(id) {}
    Subscription(Subscription&& o) noexcept : peers_(o.peers_), id_(o.id_) { o.peers_ = nullptr; }
    Subscription& operator=(Subscription&& o) noexcept;
    ~Subscription() { reset(); }
    void reset();

   private:
    Peers* peers_ = nullptr;
    int id_ = 0;
  };

  // A lock this process holds until the Hold is destroyed (or the process ends).
  class Hold {
   public:
    virtual ~Hold() = default;
  };

  virtual ~Peers() = default;
  Peers() = default;
  Peers(const Peers&) = delete;
  Peers& operator=(const Peers&) = delete;

  // Whether other processes may share the database (PostgreSQL).
  virtual bool shared() const = 0;
  // Tells the other processes subscribed to `topic`. Returns once the database has taken the
  // notice; on a database failure the notice is dropped (the listeners learn through `missed`
  // when they reconnect, and every user of notices keeps a time bound of its own).
  virtual void publish(std::string_view topic, std::string_view payload) = 0;
  // The lock `key` for this process, or null when any process (this one included) holds it.
  // Keys share the space of Tx::lock's; each user takes a range of its own.
  virtual std::unique_ptr<Hold> try_hold(std::int64_t key) = 0;

  [[nodiscard]] Subscription subscribe(std::string topic, Listener listener);

 protected:
  // Calls the subscribers of `topic` (all of them when `missed`).
  void deliver(std::string_view topic, std::string_view payload, bool missed);

 private:
  struct Entry {
    std::string topic;
    Listener listener;
  };
  std::mutex mu_;  // held while listeners run, so unsubscribing waits for a running one
  std::map<int, Entry> listeners_;
  int next_id_ = 1;
};

// Peers of the database `db` opened from `url`: LISTEN/NOTIFY and advisory locks for a
// PostgreSQL URL, this process alone for a SQLite one. An unreachable server is an error.
core::Result<std::unique_ptr<Peers>> open_peers(Database& db, const std::string& url);
// This process alone (SQLite, and tests of services that need Peers).
std::unique_ptr<Peers> local_peers();

}  // namespace qorgan::storage
