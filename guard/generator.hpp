#pragma once
// Random instances around Almaty for benchmarks and property tests. Deterministic per seed
// (its own integer arithmetic, not the standard distributions, whose output varies by library).
#include <cstdint>

#include "guard/model.hpp"

namespace qorgan::guard {

struct GeneratorParams {
  int people = 300, posts = 40;
  Day from = 0;  // the first date of the week the instance is made for
  int days = 7;
  std::uint64_t seed = 1;
  double radius_km = 15;  // people and posts lie within this distance of the centre, roughly
  bool city = false;      // every post on 3 x 8 h, min 1 and target 2 (the benchmark's city)
};

Instance generate(const GeneratorParams& g);

// The small instances of the property tests and of `guard_bench --small`: people and posts within
// 10 km of the centre, with a minimum rest of 8-12 h and 24-48 h a week that vary with the seed.
Instance property_instance(std::uint64_t seed, int people, int posts, int days, Day from);

}  // namespace qorgan::guard
