#include "registry/unit_counts.hpp"

#include <mutex>
#include <optional>
#include <tuple>

#include "registry/generation_store.hpp"
#include "registry/unit_store.hpp"

namespace qorgan::registry {

namespace {

using Positions = std::map<std::int64_t, std::map<std::string, std::int64_t>>;

// Readiness asks for the same units' members by position on every request, and counting them
// reads every membership of the units' subtrees; the answer holds until the registry changes,
// which raises its generation (as Units::capacities keeps its answers).
class PositionCache {
 public:
  using Key =
      std::tuple<const storage::Database*, std::int64_t, std::string, std::vector<std::int64_t>>;

  std::optional<Positions> find(const Key& key) const {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  void store(const Key& key, const Positions& answer) {
    std::lock_guard lock(mu_);
    // Older generations first: they are of no use once the registry has changed.
    while (entries_.size() >= kEntries) entries_.erase(entries_.begin());
    entries_.emplace(key, answer);
  }

 private:
  static constexpr std::size_t kEntries = 64;
  mutable std::mutex mu_;
  std::map<Key, Positions> entries_;
};

PositionCache& position_cache() {
  static PositionCache cache;
  return cache;
}

}  // namespace

Positions position_members(storage::Database& db, const std::vector<std::int64_t>& unit_ids,
                           const std::string& date, const std::vector<std::int64_t>* among) {
  if (among)
    return db.read(
        [&](storage::Tx& tx) { return unit_store::position_members(tx, unit_ids, date, among); });
  std::set<std::int64_t> unique(unit_ids.begin(), unit_ids.end());
  std::vector<std::int64_t> ids(unique.begin(), unique.end());
  return db.read([&](storage::Tx& tx) {
    // The generation is read before the memberships: what is read after it is at least as new.
    PositionCache::Key key{&db, generation_store::current(tx), date, ids};
    if (auto known = position_cache().find(key)) return std::move(*known);
    auto answer = unit_store::position_members(tx, ids, date, nullptr);
    position_cache().store(key, answer);
    return answer;
  });
}

std::map<std::int64_t, std::int64_t> members_among(storage::Database& db,
                                                   const std::vector<std::int64_t>& unit_ids,
                                                   const std::vector<std::int64_t>& people,
                                                   const std::string& date) {
  return db.read(
      [&](storage::Tx& tx) { return unit_store::members_among(tx, unit_ids, people, date); });
}

std::map<std::int64_t, std::set<std::string>> known_positions(
    storage::Database& db, const std::vector<std::int64_t>& unit_ids) {
  return db.read([&](storage::Tx& tx) { return unit_store::known_positions(tx, unit_ids); });
}

}  // namespace qorgan::registry
