#pragma once
// Counts article views without cookies or stored addresses. A reader is a salted daily hash of
// (address, user agent, language header, article); the salt is random, lives only in memory and
// changes each day, so yesterday's hashes cannot be linked to today's or reversed. Counts are
// batched in memory and written every few seconds and when the counter stops.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
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

  // Returns true when this is the reader's first view of the article today.
  bool record(std::int64_t article_id, std::string_view reader);
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
  std::map<std::int64_t, std::int64_t> pending_;
  core::PeriodicWorker worker_;  // last: stopped before the members its task uses go
};

}  // namespace qorgan::portal
