#include "core/worker_pool.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using qorgan::core::WorkerPool;

namespace {

// A job that holds its thread until released.
struct Gate {
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();
  std::function<void()> job(std::atomic<int>& ran) {
    return [this, &ran] {
      opened.wait();
      ++ran;
    };
  }
};

void wait_until(const std::function<bool()>& ready) {
  for (int i = 0; i < 5000 && !ready(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_TRUE(ready());
}

}  // namespace

TEST(WorkerPool, RunsEveryAcceptedJob) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(2, 100);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.try_submit([&ran] { ++ran; }));
    wait_until([&] { return ran == 50; });
  }
  EXPECT_EQ(ran, 50);
}

TEST(WorkerPool, RefusesWhenEveryThreadIsBusyAndTheQueueIsFull) {
  std::atomic<int> ran{0};
  Gate gate;
  WorkerPool pool(2, 3);
  // Two run (one per thread), three wait; the sixth is refused and never runs.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(pool.try_submit(gate.job(ran))) << i;
  wait_until([&] { return pool.load().running == 2; });
  EXPECT_EQ(pool.load().waiting, 3u);
  bool sixth_ran = false;
  EXPECT_FALSE(pool.try_submit([&sixth_ran] { sixth_ran = true; }));
  gate.open.set_value();
  wait_until([&] { return ran == 5; });
  // With the queue empty again, jobs are taken.
  EXPECT_TRUE(pool.try_submit([&ran] { ++ran; }));
  wait_until([&] { return ran == 6; });
  EXPECT_FALSE(sixth_ran);
}

TEST(WorkerPool, ZeroQueueTakesOnlyWhatIdleThreadsCanStart) {
  std::atomic<int> ran{0};
  Gate gate;
  WorkerPool pool(1, 0);
  EXPECT_TRUE(pool.try_submit(gate.job(ran)));
  EXPECT_FALSE(pool.try_submit(gate.job(ran)));
  gate.open.set_value();
  wait_until([&] { return ran == 1; });
}

TEST(WorkerPool, StopWaitsForRunningJobsAndDropsWaitingOnes) {
  std::atomic<int> ran{0};
  Gate gate;
  WorkerPool pool(1, 4);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pool.try_submit(gate.job(ran)));
  wait_until([&] { return pool.load().running == 1; });
  auto stopped = std::async(std::launch::async, [&pool] { pool.stop(); });
  // stop() must wait for the running job, whatever the waiting ones.
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  gate.open.set_value();
  stopped.get();
  EXPECT_EQ(ran, 1);
  EXPECT_FALSE(pool.try_submit([] {}));
}

TEST(WorkerPool, JobsSubmittedAheadTakeTurnsWithTheOthersWaiting) {
  WorkerPool pool(1, 8);
  Gate gate;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.try_submit(gate.job(ran)));
  wait_until([&] { return pool.load().running == 1; });
  std::mutex mu;
  std::vector<std::string> order;
  auto job = [&](std::string name) {
    return [&, name] {
      std::lock_guard lock(mu);
      order.push_back(name);
    };
  };
  // Reads submitted after two writes get the first free thread, but a stream of them does not
  // keep the writes waiting: the two kinds take turns, and the last read runs when the writes
  // are done.
  ASSERT_TRUE(pool.try_submit(job("write 1")));
  ASSERT_TRUE(pool.try_submit(job("write 2")));
  ASSERT_TRUE(pool.try_submit(job("read 1"), true));
  ASSERT_TRUE(pool.try_submit(job("read 2"), true));
  ASSERT_TRUE(pool.try_submit(job("read 3"), true));
  gate.open.set_value();
  wait_until([&] {
    std::lock_guard lock(mu);
    return order.size() == 5;
  });
  EXPECT_EQ(order, (std::vector<std::string>{"read 1", "write 1", "read 2", "write 2", "read 3"}));
}

TEST(WorkerPool, DefaultSizeLeavesTheIoThreadsACore) {
  const int n = WorkerPool::default_threads();
  EXPECT_GE(n, 1);
  EXPECT_LE(n, std::max(1, int(std::thread::hardware_concurrency())));
}

TEST(WorkerPool, ItsThreadsYieldToTheRestOfTheProcess) {
  const int own = ::getpriority(PRIO_PROCESS, 0);
  std::promise<int> seen;
  WorkerPool pool(1, 0, 5);
  ASSERT_TRUE(
      pool.try_submit([&seen] { seen.set_value(::getpriority(PRIO_PROCESS, id_t(::gettid()))); }));
  EXPECT_EQ(seen.get_future().get(), std::min(19, own + 5));
  EXPECT_EQ(::getpriority(PRIO_PROCESS, 0), own);  // the calling thread is untouched
}
