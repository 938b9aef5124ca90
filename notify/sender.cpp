#include "notify/sender.hpp"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <thread>

#include "core/json.hpp"
#include "core/time.hpp"
#include "notify/outbox_store.hpp"

namespace qorgan::notify {

namespace {

constexpr const char* kInterrupted =
    "the sender stopped during the last attempt; whether it reached the recipient is unknown";

void log_line(const std::string& what) {
  std::fprintf(stderr, "{\"level\":\"info\",\"notify\":%s}\n", core::Json(what).dump().c_str());
}

}  // namespace

std::chrono::milliseconds backoff_after(const SenderSettings& s, int attempts) {
  auto wait = s.backoff;
  for (int i = 1; i < attempts && wait < s.backoff_max; ++i) wait *= 2;
  return std::min(wait, s.backoff_max);
}

struct Sender::Lane {
  std::string channel;
  Channel* ch = nullptr;
  double rate = 0;
  std::deque<std::int64_t> claimed;
  std::chrono::steady_clock::time_point next_slot{}, drained_at{};
  bool drained = false;
};

Sender::Sender(storage::Database& db, SenderSettings s, std::unique_ptr<Channel> email,
               std::unique_ptr<Channel> sms)
    : db_(db), s_(std::move(s)), email_(std::move(email)), sms_(std::move(sms)) {
  if (!email_ && !s_.email.url.empty()) email_ = email_channel(s_.email);
  if (!sms_ && !s_.sms.url.empty()) sms_ = sms_channel(s_.sms);
  s_.batch = std::max(1, s_.batch);
  s_.max_attempts = std::max(1, s_.max_attempts);
}

Sender::~Sender() {
  stop();
}

bool Sender::configured(const std::string& channel) const {
  return channel == "email" ? bool(email_) : channel == "sms" ? bool(sms_) : false;
}

int Sender::recover() {
  auto left = db_.read([](storage::Tx& tx) { return outbox_store::sending(tx); });
  int n = 0;
  for (auto m : left) {
    auto now = core::now_us();
    db_.write([&](storage::Tx& tx) -> core::Result<bool> {
      if (m.attempts >= s_.max_attempts) {
        m.status = "failed";
        m.last_error = kInterrupted;
      } else {
        m.status = "queued";
        m.next_attempt_at = now;
      }
      m.updated_at = now;
      outbox_store::update_state(tx, m);
      return true;
    });
    ++n;
  }
  if (n > 0)
    log_line(std::to_string(n) + " message(s) left sending by a stopped sender queued again");
  return n;
}

bool Sender::record(const Message& sent, const Outcome& o, SendStats& stats) {
  Message m = sent;
  auto now = core::now_us();
  m.updated_at = now;
  if (o.ok) {
    m.status = "sent";
    m.sent_at = now;
    m.last_error.reset();
    ++stats.sent;
  } else if (o.permanent || m.attempts >= s_.max_attempts) {
    m.status = "failed";
    m.last_error = o.error;
    ++stats.failed;
  } else {
    m.status = "queued";
    m.last_error = o.error;
    m.next_attempt_at =
        now + std::chrono::duration_cast<std::chrono::microseconds>(backoff_after(s_, m.attempts))
                  .count();
    ++stats.retried;
  }
  auto store = [&](bool with_hooks) {
    db_.write([&](storage::Tx& tx) -> core::Result<bool> {
      outbox_store::update_state(tx, m);
      if (o.ok && with_hooks)
        for (const auto& [prefix, fn] : on_sent_)
          if (m.reference.starts_with(prefix)) fn(tx, m);
      return true;
    });
  };
  try {
    store(true);
  } catch (const std::exception& e) {
    // The message went out: that is recorded even when what its source makes of it fails, so
    // that it is not sent again.
    if (on_sent_.empty()) throw;
    log_line("message " + std::to_string(m.id) +
             " sent; recording it for its source failed: " + e.what());
    store(false);
  }
  return o.ok;
}

core::Result<Message> Sender::resolved(const Message& m) {
  if (!m.shared) return m;
  if (!resolvers_) return core::fail(core::Error::internal("bulk messages have no resolvers here"));
  auto full = db_.read([&](storage::Tx& tx) -> core::Result<Message> {
    try {
      return resolvers_->resolve(tx, m, Purpose::send);
    } catch (const std::exception& e) {
      return core::fail(core::Error::internal(e.what()));
    }
  });
  if (!full) return full;
  // What the source made must be a message the channel can take.
  NewMessage check{full->channel,
                   full->recipient,
                   full->subject,
                   full->text,
                   full->html,
                   full->reference,
                   full->kind,
                   0,
                   full->list_unsubscribe};
  if (auto s = validate(check); !s) {
    std::string why = s.error().message;
    for (const auto& f : s.error().fields) why += " " + f.field + ": " + f.message + ";";
    return core::fail(core::Error::internal(why));
  }
  return full;
}

// Recorded at once, never retried: a recipient who has gone (not_found) is cancelled, anything
// else that keeps a bulk message from being made fails it.
void Sender::give_up(const Message& sent, const core::Error& why, SendStats& stats) {
  Message m = sent;
  m.updated_at = core::now_us();
  m.status = why.code == core::ErrorCode::not_found ? "cancelled" : "failed";
  m.last_error = why.message;
  ++(m.status == "cancelled" ? stats.cancelled : stats.failed);
  db_.write([&](storage::Tx& tx) -> core::Result<bool> {
    outbox_store::update_state(tx, m);
    return true;
  });
}

SendStats Sender::run_due(const std::atomic<bool>* stop) {
  using clock = std::chrono::steady_clock;
  SendStats stats;
  std::vector<Lane> lanes;
  if (email_) lanes.push_back({"email", email_.get(), s_.email_rate, {}, {}, {}, false});
  if (sms_) lanes.push_back({"sms", sms_.get(), s_.sms_rate, {}, {}, {}, false});
  auto stopped = [&] { return stopping_ || (stop && *stop); };
  // Claimed but never handed over: back to the queue with the attempt not spent.
  auto release = [&] {
    for (auto& lane : lanes)
      for (auto id : lane.claimed)
        db_.write([&](storage::Tx& tx) -> core::Result<bool> {
          outbox_store::unclaim(tx, id);
          return true;
        });
  };
  for (;;) {
    for (auto& lane : lanes) {
      // A lane found empty looks again after `poll`, so that a long run on one channel does
      // not keep the other's new messages waiting.
      if (lane.drained && clock::now() - lane.drained_at >= s_.poll) lane.drained = false;
      if (!lane.claimed.empty() || lane.drained || stopped()) continue;
      auto ids = db_.write([&](storage::Tx& tx) -> core::Result<std::vector<std::int64_t>> {
        auto now = core::now_us();
        std::vector<std::int64_t> got;
        for (auto id : outbox_store::due(tx, lane.channel, now, s_.batch))
          if (outbox_store::claim(tx, id, now)) got.push_back(id);
        return got;
      });
      if (ids && !ids->empty()) {
        lane.claimed.assign(ids->begin(), ids->end());
      } else {
        lane.drained = true;
        lane.drained_at = clock::now();
      }
    }
    Lane* next = nullptr;
    for (auto& lane : lanes)
      if (!lane.claimed.empty() && (!next || lane.next_slot < next->next_slot)) next = &lane;
    if (!next) break;
    while (!stopped() && clock::now() < next->next_slot)
      std::this_thread::sleep_for(
          std::min<clock::duration>(next->next_slot - clock::now(), std::chrono::milliseconds(50)));
    if (stopped()) {
      release();
      break;
    }
    auto started = clock::now();
    auto id = next->claimed.front();
    auto m = db_.read([&](storage::Tx& tx) { return outbox_store::get(tx, id); });
    if (m && m->status == "sending") {
      if (auto full = resolved(*m); !full) {
        give_up(*m, full.error(), stats);
      } else {
        Outcome o;
        try {
          o = next->ch->send(*full);
        } catch (const std::exception& e) {
          o = {false, false, e.what()};
        }
        record(*m, o, stats);
      }
    }
    next->claimed.pop_front();
    // At most `rate` starts a second: the next one no sooner than 1/rate after this one. Without
    // a rate the lane's turn is its last start, so channels with work take turns.
    next->next_slot = next->rate > 0
                          ? started + std::chrono::duration_cast<clock::duration>(
                                          std::chrono::duration<double>(1.0 / next->rate))
                          : started;
  }
  return stats;
}

void Sender::on_sent(std::string reference_prefix, OnSent fn) {
  on_sent_.emplace_back(std::move(reference_prefix), std::move(fn));
}

void Sender::start(std::function<bool()> try_lock) {
  try_lock_ = std::move(try_lock);
  stopping_ = false;
  if (!worker_)
    worker_ = std::make_unique<core::PeriodicWorker>("notify sender", s_.poll, [this] { tick(); });
  worker_->start();
  worker_->wake();
}

void Sender::tick() {
  if (!locked_) {
    if (!try_lock_ || !try_lock_()) return;  // another process sends
    locked_ = true;
    log_line("this process sends the outbox");
    recover();
  }
  run_due();
}

void Sender::stop() {
  stopping_ = true;
  if (worker_) worker_->stop();
}

void Sender::wake() {
  if (worker_) worker_->wake();
}

}  // namespace qorgan::notify
