#pragma once
// Sign-in throttling by growing delays, never by a hard lock, so that nobody can keep an account's
// owner out by failing on purpose. Three guards, each answering "wait N seconds" or nothing:
//
//  - per (login, address): after a few failures each further one doubles the wait, up to a cap.
//    This is the tight guard; it is keyed on the address, so an attacker's failures at one
//    address never delay the owner signing in from another. A success there clears it.
//  - per login, over every address: a leaky bucket that lets `login_failures_per_hour` failures
//    through an hour untouched and then adds a second of wait per failure beyond, up to a low
//    cap. It bounds guessing spread over many addresses, and at worst delays the owner by that
//    cap.
//  - per address, over every login: the same bucket with a higher allowance, so password
//    spraying from one address slows down while an office behind one NAT address, with its
//    everyday typos, does not notice it.
//
// An attempt refused here is not checked and does not count as a failure. The state lives in
// this process's memory: with several server processes on one PostgreSQL database each process
// throttles on its own (an attacker spread over N processes gets N times the attempts), and a
// restart forgets it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace qorgan::auth {

struct ThrottleSettings {
  int pair_free_failures = 3;  // failures per (login, address) before the first wait
  std::chrono::seconds pair_first_delay{1};
  std::chrono::seconds pair_max_delay{5 * 60};
  // A (login, address) with no failure for this long starts again from nothing; longer than
  // pair_max_delay.
  std::chrono::seconds pair_memory{60 * 60};
  int login_failures_per_hour = 100;
  std::chrono::seconds login_max_delay{60};
  int address_failures_per_hour = 500;
  std::chrono::seconds address_max_delay{60};
  // Entries kept per guard; past it the forgotten ones are dropped, and if most are still live
  // the guard starts afresh, so that a spray of logins or addresses cannot exhaust memory.
  std::size_t max_entries = 100000;
};

class LoginThrottle {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  LoginThrottle(ThrottleSettings settings, Clock now) : settings_(settings), now_(std::move(now)) {}

  // Whole seconds (at least 1) to wait before `login` may be tried from `address`, the longest
  // any guard asks for; nothing when the attempt may go ahead. `login` is already case-folded.
  std::optional<std::int64_t> wait(const std::string& login, const std::string& address);
  void record_failure(const std::string& login, const std::string& address);
  // Clears the (login, address) guard only: failures elsewhere still count against the login.
  void record_success(const std::string& login, const std::string& address);

  // Entries held over all three guards.
  std::size_t tracked();

  const ThrottleSettings& settings() const { return settings_; }

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Pair {
    int failures = 0;
    TimePoint last_failure;
    TimePoint blocked_until;
  };
  // A leaky bucket: `level` failures, draining at per_hour an hour.
  struct Bucket {
    double level = 0;
    TimePoint updated;
    TimePoint blocked_until;
  };

  static std::string pair_key(const std::string& login, const std::string& address);
  void drain(Bucket& b, int per_hour, TimePoint now) const;
  void fail_bucket(std::unordered_map<std::string, Bucket>& m, const std::string& key, int per_hour,
                   std::chrono::seconds max_delay, TimePoint now);
  template <typename Map, typename Forgotten>
  void bound(Map& m, Forgotten forgotten);

  ThrottleSettings settings_;
  Clock now_;
  std::mutex mu_;
  std::unordered_map<std::string, Pair> pairs_;
  std::unordered_map<std::string, Bucket> logins_, addresses_;
};

}  // namespace qorgan::auth
