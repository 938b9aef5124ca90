#include "portal/views.hpp"

#include "core/crypto.hpp"
#include "core/time.hpp"

namespace qorgan::portal {

ViewCounter::ViewCounter(Portal& portal, std::chrono::milliseconds interval)
    : portal_(portal), interval_(interval) {}

ViewCounter::~ViewCounter() {
  stop();
}

bool ViewCounter::record(std::int64_t article_id, std::string_view reader) {
  std::int64_t day = core::now_us() / (86400LL * 1'000'000);
  std::lock_guard lock(mu_);
  if (day != day_) {
    day_ = day;
    salt_ = core::random_token(32);
    seen_.clear();
  }
  auto key =
      core::sha256_hex(salt_ + "\n" + std::string(reader) + "\n" + std::to_string(article_id));
  if (!seen_.insert(key).second) return false;
  if (seen_.size() > 2'000'000) seen_.clear();  // bounded memory under a flood
  pending_[article_id] += 1;
  return true;
}

void ViewCounter::flush() {
  std::map<std::int64_t, std::int64_t> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty()) return;
  try {
    portal_.add_views({batch.begin(), batch.end()});
  } catch (const std::exception&) {
    std::lock_guard lock(mu_);  // keep them for the next flush
    for (auto [id, n] : batch) pending_[id] += n;
  }
}

void ViewCounter::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, interval_, [this] { return stopping_; });
      lock.unlock();
      flush();
      lock.lock();
    }
  });
}

void ViewCounter::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  flush();
}

}  // namespace qorgan::portal
