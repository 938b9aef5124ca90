#pragma once
// The strength of units (Units::capacities) as last computed, per registry generation: readiness
// asks for the same units again and again while nothing in the registry changes (check-ins and
// answers during an activation do not), and counting a large subtree's members and skills costs
// far more than the rest of the page. An entry is used only for the generation it was computed
// at (registry/generation_store.hpp), which every change to units, memberships, people or skills
// raises in its own transaction, so an answer is never older than the reader's snapshot; this
// holds across server processes too, as the generation lives in the database.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "registry/units.hpp"

namespace qorgan::registry {

class CapacityCache {
 public:
  using Capacities = std::map<std::int64_t, UnitCapacity>;

  // `units` sorted; what was stored for exactly these units, day and generation.
  std::optional<Capacities> find(std::int64_t generation, const std::string& date,
                                 const std::vector<std::int64_t>& units) const;
  // Keeps at most kEntries answers, dropping those of older generations first.
  void store(std::int64_t generation, const std::string& date,
             const std::vector<std::int64_t>& units, const Capacities& answer);

 private:
  static constexpr std::size_t kEntries = 64;
  using Key = std::tuple<std::int64_t, std::string, std::vector<std::int64_t>>;
  mutable std::mutex mu_;
  std::map<Key, Capacities> entries_;
};

}  // namespace qorgan::registry
