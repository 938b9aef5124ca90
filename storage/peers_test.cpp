// Peers on this process alone, and on PostgreSQL (when QORGAN_TEST_PG names a server) as two
// servers sharing one database would use them: two Database objects, two Peers.
#include "storage/peers.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace qorgan;
using namespace qorgan::storage;
using namespace std::chrono_literals;

namespace {

// What one subscriber received, waited for with a deadline.
struct Inbox {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> got;
  Peers::Listener listener() {
    return [this](std::string_view payload, bool missed) {
      std::lock_guard lock(mu);
      got.push_back(missed ? "(missed)" : std::string(payload));
      cv.notify_all();
    };
  }
  bool wait_for(size_t n, std::chrono::milliseconds within) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, within, [&] { return got.size() >= n; });
  }
  std::vector<std::string> all() {
    std::lock_guard lock(mu);
    return got;
  }
};

const char* pg_url() {
  const char* pg = std::getenv("QORGAN_TEST_PG");
  return pg && *pg ? pg : nullptr;
}

}  // namespace

TEST(LocalPeers, AHeldKeyIsRefusedUntilTheHoldIsDropped) {
  auto peers = local_peers();
  EXPECT_FALSE(peers->shared());
  auto first = peers->try_hold(42);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(peers->try_hold(42), nullptr) << "held by this process already";
  EXPECT_NE(peers->try_hold(43), nullptr) << "another key is free";
  first.reset();
  EXPECT_NE(peers->try_hold(42), nullptr) << "free again once dropped";
}

TEST(LocalPeers, ANoticeReachesNoOneInThisProcess) {
  auto peers = local_peers();
  Inbox inbox;
  auto sub = peers->subscribe("portal", inbox.listener());
  peers->publish("portal", "changed");
  EXPECT_FALSE(inbox.wait_for(1, 200ms)) << "the publisher does its own process's part itself";
}

TEST(PostgresPeers, ANoticeReachesTheOtherProcessOnItsTopicOnly) {
  const char* url = pg_url();
  if (!url) GTEST_SKIP() << "QORGAN_TEST_PG not set: no PostgreSQL server to test";
  auto db_a = open_database(url), db_b = open_database(url);
  ASSERT_TRUE(db_a && db_b);
  auto a = open_peers(**db_a, url), b = open_peers(**db_b, url);
  ASSERT_TRUE(a && b) << (a ? b.error().message : a.error().message);
  EXPECT_TRUE((*a)->shared());
  Inbox a_portal, b_portal, b_sessions;
  auto s1 = (*a)->subscribe("portal", a_portal.listener());
  auto s2 = (*b)->subscribe("portal", b_portal.listener());
  auto s3 = (*b)->subscribe("sessions", b_sessions.listener());
  (*a)->publish("portal", "article 7\nwith a second line");
  ASSERT_TRUE(b_portal.wait_for(1, 2000ms)) << "the other process heard nothing within 2 s";
  EXPECT_EQ(b_portal.all(), std::vector<std::string>{"article 7\nwith a second line"});
  (*b)->publish("sessions", "a:1");  // after this one arrives, the first surely has too
  ASSERT_FALSE(b_sessions.wait_for(1, 300ms)) << "a process does not hear itself";
  (*a)->publish("sessions", "a:2");
  ASSERT_TRUE(b_sessions.wait_for(1, 2000ms));
  EXPECT_EQ(b_sessions.all(), std::vector<std::string>{"a:2"});
  EXPECT_TRUE(a_portal.all().empty()) << "the publisher hears nothing of its own";
}

TEST(PostgresPeers, AHoldExcludesOtherProcessesUntilDroppedOrTheHolderEnds) {
  const char* url = pg_url();
  if (!url) GTEST_SKIP() << "QORGAN_TEST_PG not set: no PostgreSQL server to test";
  auto db_a = open_database(url), db_b = open_database(url);
  ASSERT_TRUE(db_a && db_b);
  auto a = open_peers(**db_a, url), b = open_peers(**db_b, url);
  ASSERT_TRUE(a && b);
  constexpr std::int64_t key = 0x7465737400000001;
  auto held = (*a)->try_hold(key);
  ASSERT_NE(held, nullptr);
  EXPECT_EQ((*b)->try_hold(key), nullptr) << "held by the other process";
  EXPECT_EQ((*a)->try_hold(key), nullptr) << "held by this process";
  held.reset();
  auto again = (*b)->try_hold(key);
  EXPECT_NE(again, nullptr) << "free once the holder dropped it";
  a->reset();  // the holder's peers going away does not disturb another's hold
  EXPECT_EQ((*b)->try_hold(key), nullptr);
}
