#include "guard/generator.hpp"

#include <fmt/format.h>

namespace qorgan::guard {

namespace {
// splitmix64: a small generator whose output is the same everywhere.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return double(next() >> 11) / double(1ULL << 53); }
  int below(int n) { return int(next() % std::uint64_t(n)); }
  bool chance(double p) { return unit() < p; }
};

Point near(Rng& r, double radius_km) {
  constexpr Point kAlmaty{43.2380, 76.9450};
  double dlat = (r.unit() * 2 - 1) * radius_km / 111.2;
  double dlon = (r.unit() * 2 - 1) * radius_km / (111.2 * 0.7288);  // cos 43.24 deg
  return {kAlmaty.lat + dlat, kAlmaty.lon + dlon};
}
}  // namespace

Instance generate(const GeneratorParams& g) {
  Rng r{g.seed};
  Instance in;
  const Day last = g.from + g.days - 1;
  for (int i = 0; i < g.people; ++i) {
    Person p;
    p.id = fmt::format("P{:06}", i + 1);
    p.sex = r.chance(0.3) ? Sex::female : Sex::male;
    p.birth = g.from - 365 * (19 + r.below(40)) - r.below(365);
    p.home = near(r, g.radius_km);
    auto grant = [&](const char* skill, double share) {
      if (!r.chance(share)) return;
      // One in twenty expires during the run, one in twenty starts during it.
      Day from = g.from - 400, to = last + 400;
      if (r.chance(0.05))
        to = g.from + r.below(g.days);
      else if (r.chance(0.05))
        from = g.from + r.below(g.days);
      p.skills.push_back({skill, from, to});
    };
    grant("armed_guard", 0.6);
    grant("first_aid", 0.4);
    grant("driver", 0.3);
    if (r.chance(0.03)) {
      Timestamp start = (Timestamp(g.from + r.below(g.days)) * 24 + r.below(24)) * kHour;
      p.absences.push_back({start, start + (24 + r.below(48)) * kHour});
    }
    in.people.push_back(std::move(p));
  }
  for (int i = 0; i < g.posts; ++i) {
    Post p;
    p.id = fmt::format("G{:05}", i + 1);
    p.location = near(r, g.radius_km);
    if (g.city) {
      p.min_guards = 1;
      p.target_guards = 2;
    } else {
      p.min_guards = 1 + (r.chance(0.3) ? 1 : 0);
      p.target_guards = p.min_guards + r.below(2);
    }
    if (r.chance(0.5)) p.skills.push_back("armed_guard");
    if (r.chance(0.2)) p.skills.push_back("first_aid");
    if (r.chance(0.05)) p.sex = Sex::female;
    if (r.chance(0.1)) p.min_age = 21;
    int kind = g.city ? 0 : r.below(20);
    if (kind < 12)
      p.pattern = {{360, 480}, {840, 480}, {1320, 480}};  // 3 x 8 h from 06:00
    else if (kind < 17)
      p.pattern = {{480, 720}, {1200, 720}};  // 2 x 12 h from 08:00
    else
      p.pattern = {{540, 540}};  // day only, 09:00-18:00
    in.posts.push_back(std::move(p));
  }
  return in;
}

Instance property_instance(std::uint64_t seed, int people, int posts, int days, Day from) {
  GeneratorParams g;
  g.seed = seed;
  g.people = people;
  g.posts = posts;
  g.days = days;
  g.from = from;
  g.radius_km = 10;
  auto in = generate(g);
  in.rules.min_rest = Timestamp(8 + seed % 5) * kHour;
  in.rules.max_per_7_days = Timestamp(24 + 8 * (seed % 4)) * kHour;
  return in;
}

}  // namespace qorgan::guard
