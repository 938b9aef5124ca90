#include "portal/changes.hpp"

namespace qorgan::portal {

Changes::Subscription& Changes::Subscription::operator=(Subscription&& o) noexcept {
  if (this != &o) {
    reset();
    changes_ = o.changes_;
    id_ = o.id_;
    o.changes_ = nullptr;
  }
  return *this;
}

void Changes::Subscription::reset() {
  if (!changes_) return;
  std::lock_guard lock(changes_->mu_);
  changes_->listeners_.erase(id_);
  changes_ = nullptr;
}

Changes::Subscription Changes::subscribe(std::function<void()> listener) {
  std::lock_guard lock(mu_);
  int id = next_id_++;
  listeners_.emplace(id, std::move(listener));
  return {this, id};
}

namespace {
constexpr const char* kTopic = "portal.changed";
}

void Changes::changed() {
  changed_here();
  if (auto* peers = peers_.load()) peers->publish(kTopic, "");
}

void Changes::changed_here() {
  last_change_ = core::now_us();
  std::lock_guard lock(mu_);
  for (auto& [id, f] : listeners_) f();
}

void Changes::connect(storage::Peers& peers) {
  remote_ = peers.subscribe(kTopic, [this](std::string_view, bool) { changed_here(); });
  peers_ = &peers;
}

}  // namespace qorgan::portal
