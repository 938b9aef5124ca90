#pragma once
// A fixed set of threads for work that would hold a server's I/O thread too long (image decoding,
// OpenStreetMap import, printable orders), with a bounded queue in front of it: when every thread
// is busy and `queue_limit` jobs wait, a new job is refused at once rather than queued, so the
// caller can answer "busy, retry later" and memory stays bounded. Jobs run in the order given,
// except that jobs submitted `ahead` wait in a lane of their own, and while both lanes hold jobs
// a freed thread takes from them in turn.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace qorgan::core {

class WorkerPool {
 public:
  // `threads` >= 1 run jobs; at most `queue_limit` (>= 0) more wait for one. With `niceness`
  // > 0 the threads run that many steps below the process's priority and under batch scheduling
  // (Linux), so that when the cores are busy the threads that answer quick requests get them.
  WorkerPool(int threads, std::size_t queue_limit, int niceness = 0);
  ~WorkerPool() { stop(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job` unless the queue is full or the pool is stopped; false then, and `job` is
  // dropped without running. A job must not throw: an exception leaving it ends the process.
  // `ahead`: the job waits in the ahead lane, behind other jobs submitted ahead only (a read
  // that would otherwise queue behind writes, each of which holds its thread while it waits for
  // the database's one writer). The lanes take turns, so that a stream of jobs of one kind
  // holds back a job of the other for one job at most.
  bool try_submit(std::function<void()> job, bool ahead = false);
  // Takes no more jobs, drops those still waiting (they never run) and waits for the running
  // ones to return. Idempotent.
  void stop();

  // The default size: half the cores, at least one, so that the I/O threads keep a core.
  static int default_threads();

  struct Load {
    std::size_t running = 0, waiting = 0;
  };
  Load load() const;

 private:
  void loop();

  const std::size_t queue_limit_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::size_t ahead_ = 0;    // the jobs at the front of queue_ that were submitted ahead
  bool ahead_last_ = false;  // the last job taken was from the ahead lane
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace qorgan::core
