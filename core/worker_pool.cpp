#include "core/worker_pool.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace qorgan::core {

WorkerPool::WorkerPool(int threads, std::size_t queue_limit, int niceness)
    : queue_limit_(queue_limit) {
  threads = std::max(1, threads);
  threads_.reserve(std::size_t(threads));
  for (int i = 0; i < threads; ++i)
    threads_.emplace_back([this, niceness] {
      // On Linux a thread's niceness and scheduling policy are its own, and threads it starts
      // (libosmium's readers, for one) inherit them; lowering them needs no privilege. Batch
      // scheduling also keeps these threads from preempting others when they wake. Best effort.
      if (niceness > 0) {
        const auto tid = id_t(::gettid());
        sched_param none{};
        ::sched_setscheduler(pid_t(tid), SCHED_BATCH, &none);
        errno = 0;
        const int now = ::getpriority(PRIO_PROCESS, tid);
        if (errno == 0) ::setpriority(PRIO_PROCESS, tid, std::min(19, now + niceness));
      }
      loop();
    });
}

int WorkerPool::default_threads() {
  return std::max(1, int(std::thread::hardware_concurrency() / 2));
}

bool WorkerPool::try_submit(std::function<void()> job, bool ahead) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    // A job waits only when no thread is idle; the idle ones take queued jobs at once.
    const std::size_t idle = threads_.size() - std::min(threads_.size(), running_);
    if (queue_.size() >= queue_limit_ + idle) return false;
    if (ahead)
      queue_.insert(queue_.begin() + std::ptrdiff_t(ahead_++), std::move(job));
    else
      queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::loop() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    // The ahead lane is queue_'s first ahead_ jobs; the other lane's turn comes after each job
    // taken from it while both hold jobs.
    const bool from_ahead = ahead_ > 0 && (!ahead_last_ || ahead_ == queue_.size());
    const auto at = queue_.begin() + std::ptrdiff_t(from_ahead ? 0 : ahead_);
    auto job = std::move(*at);
    queue_.erase(at);
    if (from_ahead) --ahead_;
    ahead_last_ = from_ahead;
    ++running_;
    lock.unlock();
    job();
    job = nullptr;  // what the job holds is released outside the lock too
    lock.lock();
    --running_;
  }
}

void WorkerPool::stop() {
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    dropped.swap(queue_);
    ahead_ = 0;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

WorkerPool::Load WorkerPool::load() const {
  std::lock_guard lock(mu_);
  return {running_, queue_.size()};
}

}  // namespace qorgan::core
