#pragma once
// An answer that a handler gives after it has returned: a handler that has handed its work to
// another thread (a write that waits for its group's commit, storage/write_later.hpp) takes its
// request's Later, returns Later::pending(), and answers through the Later from whichever thread
// ends the work. Meanwhile its handler thread serves other requests.
#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

#include "http/request.hpp"

namespace qorgan::http {

class Later {
 public:
  // Where a pooled handler's answer goes (the server's side). The answer is delivered once both
  // the handler has returned and, if it took its Later, the Later has answered: so whatever
  // amends the answer (Later::amend) is in place first.
  class Slot {
   public:
    virtual ~Slot() = default;
    // Called by the server once the handler has returned `response` (a handler's own answer
    // counts only when its Later has not answered first).
    void returned(Response response);
    bool taken() const { return taken_; }

   protected:
    // Called once, on the thread that completes the answer.
    virtual void deliver(Response response, std::exception_ptr error) = 0;

   private:
    friend class Later;
    void give(Response response, std::exception_ptr error);
    void arrive();

    bool taken_ = false;  // by the handler's thread, while it runs
    std::vector<std::function<Response(Response)>> amends_;  // likewise
    std::atomic<bool> given_{false};
    std::atomic<int> arrivals_{0};
    Response response_;
    std::exception_ptr error_;
  };

  // While one is alive on a thread, the handler running there may take `slot` (the server offers
  // one to each handler it runs on a pool).
  class Offer {
   public:
    explicit Offer(std::shared_ptr<Slot> slot);
    ~Offer();
    Offer(const Offer&) = delete;
    Offer& operator=(const Offer&) = delete;

   private:
    std::shared_ptr<Slot> previous_;
  };

  // The Later of the request this thread is handling. Contract: called by a handler that the
  // server runs on a pool, once; elsewhere it throws std::logic_error. The request stays alive
  // until the Later has answered.
  static Later take();
  // What a handler that has taken its Later returns.
  static Response pending() { return Response{0, {}, {}}; }
  static bool is_pending(const Response& r) { return r.status == 0; }
  // Called by what wraps a handler (the guard) when it returned pending(): the answer given later
  // passes through `f` (an error answer when the Later fails passes as the server makes it).
  static void amend(std::function<Response(Response)> f);

  // From any thread, once (what comes after the first answer is dropped). A Later dropped
  // without an answer fails as a 500.
  void answer(Response response) const;
  // As if the handler had thrown `error`: a 500 naming the request id (503 for an outage).
  void fail(std::exception_ptr error) const;

 private:
  struct Pledge;
  static void dropped(Slot& slot);  // fails what was never answered
  explicit Later(std::shared_ptr<Pledge> pledge) : pledge_(std::move(pledge)) {}
  std::shared_ptr<Pledge> pledge_;
};

}  // namespace qorgan::http
