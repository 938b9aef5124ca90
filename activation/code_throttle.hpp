#pragma once
// Wrong notice codes per client address: the code on a call-up notice is the only credential of
// the public answer page, so guessing is slowed down. At most `max_wrong` wrong codes an address
// in any `window`; past that every try from it (right codes too) waits until the oldest wrong
// one leaves the window. The counts live in this process's memory (like sign-in throttling).
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace qorgan::activation {

class CodeThrottle {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit CodeThrottle(
      int max_wrong = 10, std::chrono::seconds window = std::chrono::seconds(10 * 60),
      Clock now = [] { return std::chrono::steady_clock::now(); })
      : max_wrong_(max_wrong), window_(window), now_(std::move(now)) {}

  // Whole seconds (at least 1) before `address` may try a code again; nothing when it may now.
  std::optional<std::int64_t> wait(const std::string& address);
  void record_wrong(const std::string& address);

  // Addresses held.
  std::size_t tracked();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  void forget_old(std::deque<TimePoint>& wrong, TimePoint now) const;

  int max_wrong_;
  std::chrono::seconds window_;
  Clock now_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<TimePoint>> wrong_;
};

}  // namespace qorgan::activation
