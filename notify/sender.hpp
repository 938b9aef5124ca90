#pragma once
// The sender: works the outbox. It claims due messages of each configured channel (status
// `sending`, attempts + 1, committed) BEFORE handing each to its channel, records the outcome
// (sent; queued again after a backoff; failed after the last attempt or a permanent refusal),
// and paces each channel to its rate. Only one sender may work an outbox at a time: the caller
// (app/) runs it only while it holds the sender lock (on PostgreSQL an advisory lock, so one of
// several servers sends), and calls recover() each time it takes the lock.
//
// Exactly once, as far as it goes: a message reaches its channel at most once per attempt. A
// sender that dies after the channel took a message but before the outcome was stored leaves
// it `sending`; recover() queues it again and the receiver sees it twice with the same
// idempotency key (the message id), by which it de-duplicates.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/periodic_worker.hpp"
#include "notify/bulk.hpp"
#include "notify/channels.hpp"
#include "storage/database.hpp"

namespace qorgan::notify {

struct SenderSettings {
  int max_attempts = 5;
  // The wait after attempt n is backoff × 2^(n-1), at most backoff_max.
  std::chrono::milliseconds backoff{30'000};
  std::chrono::milliseconds backoff_max{3'600'000};
  // Messages a second per channel; 0: as fast as the channel takes them.
  double email_rate = 5, sms_rate = 10;
  // Messages claimed at a time per channel (those not yet sent when stopping go back unspent).
  int batch = 20;
  // How often the background sender looks for due messages.
  std::chrono::milliseconds poll{1'000};
  EmailSettings email;
  SmsSettings sms;
};

// The wait before attempt `attempts` + 1, after `attempts` failed ones.
std::chrono::milliseconds backoff_after(const SenderSettings& s, int attempts);

struct SendStats {
  // cancelled: bulk messages whose recipient had gone (unsubscribed) by the time of sending.
  std::int64_t sent = 0, retried = 0, failed = 0, cancelled = 0;
};

class Sender {
 public:
  // Channels are made from `s` (a channel whose URL is empty is not configured: its messages
  // stay queued). `email` / `sms`, when given, replace the configured ones.
  Sender(storage::Database& db, SenderSettings s, std::unique_ptr<Channel> email = nullptr,
         std::unique_ptr<Channel> sms = nullptr);
  ~Sender();
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // Messages left `sending` by a sender that stopped mid-send are queued again, due now, their
  // attempt counted; one whose attempts are used up fails ("interrupted"). Returns how many.
  // Contract: called by the holder of the sender lock, before run_due.
  int recover();
  // Sends what is due now on each configured channel until nothing is, or `stop` is set;
  // claimed messages not yet handed to a channel then go back to the queue unspent.
  SendStats run_due(const std::atomic<bool>* stop = nullptr);

  // The background sender of `qorgan serve`: every `poll` (and when woken), unless it has it
  // already, asks `try_lock` for the sender lock (true: taken, to be kept until the sender is
  // destroyed); holding it, it recovers once and then runs what is due. stop() waits for it.
  void start(std::function<bool()> try_lock);
  void stop();
  void wake();

  // Bulk messages (notify/bulk.hpp) are resolved by these just before they are handed to their
  // channel; without them such messages fail. Set before start().
  void resolve_with(const Resolvers* r) { resolvers_ = r; }

  // What another capability does when one of its messages has been handed over: `fn` runs in
  // the transaction that records a message whose reference starts with `reference_prefix` as
  // sent, so its writes commit with that outcome. Should `fn` throw, the message is recorded
  // sent without it (and the failure logged): it went out, and must not go again. Set before
  // start().
  using OnSent = std::function<void(storage::Tx& tx, const Message& m)>;
  void on_sent(std::string reference_prefix, OnSent fn);

  const SenderSettings& settings() const { return s_; }
  bool configured(const std::string& channel) const;

 private:
  struct Lane;
  void tick();
  bool record(const Message& m, const Outcome& o, SendStats& stats);
  // The message to hand to the channel: `m` itself, or what its source makes of a bulk one.
  core::Result<Message> resolved(const Message& m);
  void give_up(const Message& m, const core::Error& why, SendStats& stats);

  storage::Database& db_;
  SenderSettings s_;
  std::unique_ptr<Channel> email_, sms_;
  const Resolvers* resolvers_ = nullptr;
  std::vector<std::pair<std::string, OnSent>> on_sent_;
  std::function<bool()> try_lock_;
  bool locked_ = false;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<core::PeriodicWorker> worker_;
};

}  // namespace qorgan::notify
