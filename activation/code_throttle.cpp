#include "activation/code_throttle.hpp"

namespace qorgan::activation {

namespace {
// Beyond this many addresses the ones without a recent wrong code are dropped, so that a spray
// of addresses cannot exhaust memory.
constexpr std::size_t kMaxAddresses = 100000;
}  // namespace

void CodeThrottle::forget_old(std::deque<TimePoint>& wrong, TimePoint now) const {
  while (!wrong.empty() && now - wrong.front() >= window_) wrong.pop_front();
}

std::optional<std::int64_t> CodeThrottle::wait(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto it = wrong_.find(address);
  if (it == wrong_.end()) return std::nullopt;
  const auto now = now_();
  forget_old(it->second, now);
  if (it->second.size() < std::size_t(max_wrong_)) return std::nullopt;
  auto left = std::chrono::ceil<std::chrono::seconds>(it->second.front() + window_ - now);
  return std::max<std::int64_t>(1, left.count());
}

void CodeThrottle::record_wrong(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  if (wrong_.size() >= kMaxAddresses && !wrong_.contains(address))
    for (auto it = wrong_.begin(); it != wrong_.end();) {
      forget_old(it->second, now);
      it = it->second.empty() ? wrong_.erase(it) : std::next(it);
    }
  auto& wrong = wrong_[address];
  forget_old(wrong, now);
  wrong.push_back(now);
  // Only the newest max_wrong_ matter for the wait.
  while (wrong.size() > std::size_t(max_wrong_)) wrong.pop_front();
}

std::size_t CodeThrottle::tracked() {
  std::lock_guard lock(mutex_);
  return wrong_.size();
}

}  // namespace qorgan::activation
