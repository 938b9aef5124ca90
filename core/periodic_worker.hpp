#pragma once
// One background thread that runs a task every `interval`, and at once when woken. Used for the
// portal's scheduled publishing, the view counter's flushes and the evacuation plan runner.
// The task runs outside the worker's lock; an exception it throws (a database outage) is
// reported and the next tick tries again. `stop` (also the destructor) waits for the task in
// progress to return and runs nothing more.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace qorgan::core {

class PeriodicWorker {
 public:
  PeriodicWorker(std::string name, std::chrono::milliseconds interval, std::function<void()> task)
      : name_(std::move(name)), interval_(interval), task_(std::move(task)) {}
  ~PeriodicWorker() { stop(); }
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  // Starts the thread (idempotent; again after stop()).
  void start();
  void stop();
  // Runs the task as soon as the one in progress (if any) returns.
  void wake();
  bool running() const;

 private:
  void loop(std::stop_token stop);

  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> task_;
  mutable std::mutex mu_;
  std::condition_variable_any cv_;
  bool woken_ = false;
  std::jthread thread_;
};

}  // namespace qorgan::core
