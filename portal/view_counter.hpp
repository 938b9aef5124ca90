#pragma once
// Counts article views without cookies or stored addresses. A reader is a salted daily hash of
// (address, user agent, language header, article); the salt is random, lives only in memory and
// changes each day, so yesterday's hashes cannot be linked to today's or reversed. Counts are
// batched in memory and written every few seconds and when the counter is destroyed.
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

#include "portal/portal.hpp"

namespace qorgan::portal {

class ViewCounter {
 public:
  explicit ViewCounter(Portal& portal,
                       std::chrono::milliseconds interval = std::chrono::seconds(2));
  ~ViewCounter();
  // Returns true when this is the reader's first view of the article today.
  bool record(std::int64_t article_id, std::string_view reader);
  void flush();
  void start();
  void stop();

 private:
  Portal& portal_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::int64_t day_ = -1;
  std::string salt_;
  std::unordered_set<std::string> seen_;
  std::map<std::int64_t, std::int64_t> pending_;
  std::thread thread_;
  bool stopping_ = false;
};

}  // namespace qorgan::portal
