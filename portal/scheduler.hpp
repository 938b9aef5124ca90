#pragma once
// Publishes scheduled articles when their time comes: a background worker asks Articles every
// half second, so an article appears within that of its time.
#include <chrono>

#include "core/periodic_worker.hpp"
#include "portal/articles.hpp"

namespace qorgan::portal {

class Scheduler {
 public:
  explicit Scheduler(Articles& articles,
                     std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  void start() { worker_.start(); }
  // Waits for a publication in progress; the destructor stops too.
  void stop() { worker_.stop(); }

 private:
  core::PeriodicWorker worker_;
};

}  // namespace qorgan::portal
