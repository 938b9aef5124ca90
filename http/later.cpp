#include "http/later.hpp"

#include <stdexcept>

namespace qorgan::http {

namespace {
thread_local std::shared_ptr<Later::Slot> offered;
}

struct Later::Pledge {
  std::shared_ptr<Slot> slot;
  ~Pledge() { dropped(*slot); }
};

void Later::dropped(Slot& slot) {
  slot.give(Response{},
            std::make_exception_ptr(std::logic_error("a handler's Later was dropped unanswered")));
}

void Later::Slot::returned(Response response) {
  if (!taken_) return deliver(std::move(response), nullptr);
  if (!is_pending(response) && !given_.exchange(true)) {
    response_ = std::move(response);
    amends_.clear();  // the handler's wrappers saw this answer already
  }
  arrive();
}

void Later::Slot::give(Response response, std::exception_ptr error) {
  if (given_.exchange(true)) return;
  response_ = std::move(response);
  error_ = std::move(error);
  arrive();
}

void Later::Slot::arrive() {
  if (arrivals_.fetch_add(1) != 1) return;  // the other side completes it
  if (!error_)
    for (auto& f : amends_) response_ = f(std::move(response_));
  deliver(std::move(response_), std::move(error_));
}

Later::Offer::Offer(std::shared_ptr<Slot> slot) : previous_(std::move(offered)) {
  offered = std::move(slot);
}

Later::Offer::~Offer() {
  offered = std::move(previous_);
}

Later Later::take() {
  if (!offered || offered->taken_)
    throw std::logic_error("Later::take: no answer to give later on this thread");
  offered->taken_ = true;
  return Later(std::shared_ptr<Pledge>(new Pledge{offered}));
}

void Later::amend(std::function<Response(Response)> f) {
  if (offered && offered->taken_) offered->amends_.push_back(std::move(f));
}

void Later::answer(Response response) const {
  pledge_->slot->give(std::move(response), nullptr);
}

void Later::fail(std::exception_ptr error) const {
  pledge_->slot->give(Response{}, std::move(error));
}

}  // namespace qorgan::http
