#include "auth/throttle.hpp"

#include <algorithm>
#include <cmath>

namespace qorgan::auth {

namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

// Whole seconds from `now` to `until`, rounded up so that a client waiting that long is let in.
std::optional<std::int64_t> seconds_until(std::chrono::steady_clock::time_point until,
                                          std::chrono::steady_clock::time_point now) {
  if (now >= until) return std::nullopt;
  auto us = duration_cast<std::chrono::microseconds>(until - now).count();
  return std::max<std::int64_t>((us + 999'999) / 1'000'000, 1);
}

}  // namespace

std::string LoginThrottle::pair_key(const std::string& login, const std::string& address) {
  // A peer address never holds a newline, so the last one splits the key unambiguously.
  return login + '\n' + address;
}

void LoginThrottle::drain(Bucket& b, int per_hour, TimePoint now) const {
  double hours = std::chrono::duration<double>(now - b.updated).count() / 3600.0;
  b.level = std::max(0.0, b.level - hours * per_hour);
  b.updated = now;
}

void LoginThrottle::fail_bucket(std::unordered_map<std::string, Bucket>& m, const std::string& key,
                                int per_hour, seconds max_delay, TimePoint now) {
  auto [it, fresh] = m.try_emplace(key);
  auto& b = it->second;
  if (fresh) b.updated = now;
  drain(b, per_hour, now);
  b.level += 1;
  // Beyond the hour's allowance each failure adds a second: slow growth, a low cap.
  double excess = b.level - per_hour;
  if (excess > 0)
    b.blocked_until = now + std::min<seconds>(max_delay, seconds(std::int64_t(std::ceil(excess))));
}

template <typename Map, typename Forgotten>
void LoginThrottle::bound(Map& m, Forgotten forgotten) {
  if (m.size() <= settings_.max_entries) return;
  std::erase_if(m, [&](const auto& e) { return forgotten(e.second); });
  // Still mostly live: a spray of keys, not users. Starting afresh loses some counts but keeps
  // both memory and the cost of this sweep bounded.
  if (m.size() > settings_.max_entries / 2) m.clear();
}

std::optional<std::int64_t> LoginThrottle::wait(const std::string& login,
                                                const std::string& address) {
  std::lock_guard lock(mu_);
  auto now = now_();
  std::optional<std::int64_t> longest;
  auto consider = [&](std::optional<std::int64_t> w) {
    if (w && (!longest || *w > *longest)) longest = w;
  };
  if (auto it = pairs_.find(pair_key(login, address)); it != pairs_.end())
    consider(seconds_until(it->second.blocked_until, now));
  if (auto it = logins_.find(login); it != logins_.end())
    consider(seconds_until(it->second.blocked_until, now));
  if (auto it = addresses_.find(address); it != addresses_.end())
    consider(seconds_until(it->second.blocked_until, now));
  return longest;
}

void LoginThrottle::record_failure(const std::string& login, const std::string& address) {
  std::lock_guard lock(mu_);
  auto now = now_();
  const auto& s = settings_;

  auto& p = pairs_[pair_key(login, address)];
  if (p.failures > 0 && now - p.last_failure > s.pair_memory) p = Pair{};
  p.failures += 1;
  p.last_failure = now;
  if (p.failures >= s.pair_free_failures) {
    // The first wait comes with the free_failures-th failure and doubles with each after it;
    // the shift is bounded so that it cannot overflow however long an attacker goes on.
    int doublings = std::min(p.failures - s.pair_free_failures, 30);
    auto delay =
        std::min<seconds>(s.pair_max_delay, s.pair_first_delay * (std::int64_t{1} << doublings));
    p.blocked_until = now + delay;
  }

  fail_bucket(logins_, login, s.login_failures_per_hour, s.login_max_delay, now);
  fail_bucket(addresses_, address, s.address_failures_per_hour, s.address_max_delay, now);

  bound(pairs_, [&](const Pair& x) { return now - x.last_failure > s.pair_memory; });
  auto drained = [&](int per_hour) {
    return [&, per_hour](const Bucket& b) {
      return now >= b.blocked_until &&
             std::chrono::duration<double>(now - b.updated).count() / 3600.0 * per_hour >= b.level;
    };
  };
  bound(logins_, drained(s.login_failures_per_hour));
  bound(addresses_, drained(s.address_failures_per_hour));
}

void LoginThrottle::record_success(const std::string& login, const std::string& address) {
  std::lock_guard lock(mu_);
  pairs_.erase(pair_key(login, address));
}

std::size_t LoginThrottle::tracked() {
  std::lock_guard lock(mu_);
  return pairs_.size() + logins_.size() + addresses_.size();
}

}  // namespace qorgan::auth
