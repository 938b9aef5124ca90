#pragma once
// Counts article views without cookies or stored addresses. What counts (README "What a view
// is"): a reader's first view of an article in a day, a reader being a salted hash of (address,
// user agent, language header, article); at most one counted view per address and article in
// each window of kAddressWindow (so changing the user agent does not count again); nothing from
// a user agent that names itself a crawler, a bot or a link previewer. The salt is random, lives
// only in memory and changes each day, so yesterday's hashes cannot be linked to today's or
// reversed. Counts are batched in memory and written every few seconds and when the counter
// stops.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/periodic_worker.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

class ViewCounter {
 public:
  explicit ViewCounter(storage::Database& db,
                       std::chrono::milliseconds interval = std::chrono::seconds(2));
  ~ViewCounter();
  ViewCounter(const ViewCounter&) = delete;
  ViewCounter& operator=(const ViewCounter&) = delete;

  // One address may add one view of an article per window (readers behind one shared address
  // still add up over a day, a script sending requests does not).
  static constexpr std::chrono::minutes kAddressWindow{15};

  struct Visit {
    std::string_view address, user_agent, accept_language;
  };
  // Whether the view counted (see above).
  bool record(std::int64_t article_id, const Visit& visit);
  // A user agent that says it is a crawler, bot, spider or link previewer (Googlebot, YandexBot,
  // bingbot, facebookexternalhit, TelegramBot, curl, …).
  static bool is_bot(std::string_view user_agent);
  // Writes the pending counts (to published articles) in one transaction; on a database
  // failure keeps them for the next flush.
  void flush();
  void start() { worker_.start(); }
  // Stops the worker and writes what is pending.
  void stop();

 private:
  storage::Database& db_;
  std::mutex mu_;
  std::int64_t day_ = -1;
  std::string salt_;
  std::unordered_set<std::string> seen_;
  std::unordered_map<std::string, std::int64_t> address_last_;  // hash -> time of the last count
  std::map<std::int64_t, std::int64_t> pending_;
  core::PeriodicWorker worker_;  // last: stopped before the members its task uses go
};

}  // namespace qorgan::portal
