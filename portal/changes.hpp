#pragma once
// Tells listeners (the page cache) that what readers see has changed: a publication, an edit of
// a published article, a category or the site's settings. Services call changed() after their
// transaction commits, never inside it.
#include <atomic>
#include <functional>
#include <map>
#include <mutex>

#include "core/time.hpp"

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
  void changed();
  // When public content last changed (or the process started): pages' Last-Modified.
  core::Timestamp last_change() const { return last_change_.load(); }

 private:
  std::mutex mu_;  // held while listeners run, so unsubscribing waits for a running one
  std::map<int, std::function<void()>> listeners_;
  int next_id_ = 1;
  std::atomic<core::Timestamp> last_change_;
};

}  // namespace qorgan::portal
