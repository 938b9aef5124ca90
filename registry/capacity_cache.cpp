#include "registry/capacity_cache.hpp"

namespace qorgan::registry {

std::optional<CapacityCache::Capacities> CapacityCache::find(
    std::int64_t generation, const std::string& date,
    const std::vector<std::int64_t>& units) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(Key{generation, date, units});
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void CapacityCache::store(std::int64_t generation, const std::string& date,
                          const std::vector<std::int64_t>& units, const Capacities& answer) {
  std::lock_guard lock(mu_);
  // The key orders by generation first: older generations are at the front and never asked
  // for again once a reader has seen a newer one.
  while (!entries_.empty() && std::get<0>(entries_.begin()->first) < generation)
    entries_.erase(entries_.begin());
  if (entries_.size() >= kEntries) entries_.erase(entries_.begin());
  entries_.insert_or_assign(Key{generation, date, units}, answer);
}

}  // namespace qorgan::registry
