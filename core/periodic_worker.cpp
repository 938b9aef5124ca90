#include "core/periodic_worker.hpp"

#include <cstdio>
#include <exception>

#include "core/json.hpp"

namespace qorgan::core {

void PeriodicWorker::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { loop(std::move(stop)); });
}

void PeriodicWorker::stop() {
  std::jthread t;
  {
    std::lock_guard lock(mu_);
    t = std::move(thread_);
  }
  if (!t.joinable()) return;
  t.request_stop();
  cv_.notify_all();
  t.join();
}

void PeriodicWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

bool PeriodicWorker::running() const {
  std::lock_guard lock(mu_);
  return thread_.joinable();
}

void PeriodicWorker::loop(std::stop_token stop) {
  std::unique_lock lock(mu_);
  while (!stop.stop_requested()) {
    cv_.wait_for(lock, stop, interval_, [this] { return woken_; });
    if (stop.stop_requested()) break;
    woken_ = false;
    lock.unlock();
    try {
      task_();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n",
                   Json{{"level", "error"}, {"worker", name_}, {"msg", e.what()}}.dump().c_str());
    }
    lock.lock();
  }
}

}  // namespace qorgan::core
