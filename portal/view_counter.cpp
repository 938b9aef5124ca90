#include "portal/view_counter.hpp"

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "portal/portal_store.hpp"

namespace qorgan::portal {

ViewCounter::ViewCounter(storage::Database& db, std::chrono::milliseconds interval)
    : db_(db), worker_("portal view counter", interval, [this] { flush(); }) {}

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
    (void)db_.write([&](storage::Tx& tx) -> core::Status {
      for (auto [id, n] : batch) store::add_views(tx, id, n);
      return {};
    });
  } catch (const std::exception&) {
    std::lock_guard lock(mu_);
    for (auto [id, n] : batch) pending_[id] += n;
  }
}

void ViewCounter::stop() {
  worker_.stop();
  flush();
}

}  // namespace qorgan::portal
