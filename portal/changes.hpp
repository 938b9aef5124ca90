#pragma once
// Tells listeners (the page cache) that what readers see has changed: a publication, an edit of
// a published article, a category or the site's settings. Services call changed() after their
// transaction commits, never inside it. Once connected to the database's peers, a change made
// by another server process on the same database reaches this process's listeners too
// (PostgreSQL: within milliseconds, by LISTEN/NOTIFY; see storage/peers.hpp).
#include <atomic>
#include <functional>
#include <map>
#include <mutex>

#include "core/time.hpp"
#include "storage/peers.hpp"

namespace qorgan::portal {

class Changes {
 public:
  // Unsubscribes when destroyed; once its destructor returns the listener is not running and
  // will not be called again, so a listener may refer to an object that holds its subscription.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(Changes* changes, int id) : changes_(changes), id_(id) {}
    Subscription(Subscription&& o) noexcept : changes_(o.changes_), id_(o.id_) {
      o.changes_ = nullptr;
    }
    Subscription& operator=(Subscription&& o) noexcept;
    ~Subscription() { reset(); }
    void reset();

   private:
    Changes* changes_ = nullptr;
    int id_ = 0;
  };

  Changes() : last_change_(core::now_us()) {}
  Changes(const Changes&) = delete;
  Changes& operator=(const Changes&) = delete;

  [[nodiscard]] Subscription subscribe(std::function<void()> listener);
  // Calls this process's listeners, then tells the other processes.
  void changed();
  // From now on, other processes' changes call this one's listeners. `peers` outlives this.
  void connect(storage::Peers& peers);
  // When public content last changed (or the process started): pages' Last-Modified.
  core::Timestamp last_change() const { return last_change_.load(); }

 private:
  std::mutex mu_;  // held while listeners run, so unsubscribing waits for a running one
  std::map<int, std::function<void()>> listeners_;
  int next_id_ = 1;
  std::atomic<core::Timestamp> last_change_;
  std::atomic<storage::Peers*> peers_{nullptr};
  void changed_here();
  storage::Peers::Subscription remote_;  // last: unsubscribes before the listeners go
};

}  // namespace qorgan::portal
