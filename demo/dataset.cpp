#include "demo/dataset.hpp"

#include "core/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <utility>

#include "core/text.hpp"
#include "demo/districts.hpp"

namespace qorgan::demo {

namespace {

// A small, fully specified generator (splitmix64), so the data set is the same with every
// standard library, unlike std::uniform_int_distribution.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  std::size_t below(std::size_t n) { return n ? std::size_t(next() % n) : 0; }
  int between(int lo, int hi) { return lo + int(below(std::size_t(hi) - std::size_t(lo) + 1)); }
  bool chance(int percent) { return int(below(100)) < percent; }
  template <typename C>
  const auto& pick(const C& c) {
    return c[below(c.size())];
  }

 private:
  std::uint64_t s_;
};

// The genitive of each district's Russian adjective, for unit names ("… Алатауского района").
constexpr std::array<const char*, 8> kGenitive{
    "Алатауского", "Алмалинского", "Ауэзовского",    "Бостандыкского",
    "Жетысуского", "Медеуского",   "Наурызбайского", "Турксибского",
};

// Latin spelling of a Cyrillic (Russian or Kazakh) name for e-mail addresses, in the simple
// style Kazakhstani addresses use ("Шевченко" → "shevchenko", "Құрманов" → "qurmanov").
std::string latin(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> table[] = {
      {"а", "a"},  {"б", "b"},  {"в", "v"},  {"г", "g"},  {"д", "d"},  {"е", "e"},    {"ё", "yo"},
      {"ж", "zh"}, {"з", "z"},  {"и", "i"},  {"й", "y"},  {"к", "k"},  {"л", "l"},    {"м", "m"},
      {"н", "n"},  {"о", "o"},  {"п", "p"},  {"р", "r"},  {"с", "s"},  {"т", "t"},    {"у", "u"},
      {"ф", "f"},  {"х", "kh"}, {"ц", "ts"}, {"ч", "ch"}, {"ш", "sh"}, {"щ", "shch"}, {"ъ", ""},
      {"ы", "y"},  {"ь", ""},   {"э", "e"},  {"ю", "yu"}, {"я", "ya"}, {"ә", "a"},    {"ғ", "g"},
      {"қ", "q"},  {"ң", "n"},  {"ө", "o"},  {"ұ", "u"},  {"ү", "u"},  {"һ", "h"},    {"і", "i"},
  };
  std::string lower = core::fold(name), out;
  for (std::size_t i = 0; i < lower.size();) {
    bool found = false;
    for (const auto& [cyr, lat] : table) {
      if (lower.compare(i, cyr.size(), cyr) == 0) {
        out += lat;
        i += cyr.size();
        found = true;
        break;
      }
    }
    if (found) continue;
    char c = lower[i++];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string date(int y, int m, int d) {
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

void add_units(DataSet& ds) {
  auto ds_districts = districts();
  for (std::size_t d = 0; d < ds_districts.size(); ++d) {
    std::string gen = kGenitive[d];
    // Territorial troops: a battalion headquarters and two rifle companies.
    std::size_t bn = ds.units.size();
    ds.units.push_back({"Батальон территориальной обороны " + gen + " района",
                        "territorial_troops",
                        "active",
                        d,
                        std::nullopt,
                        {{"commander", 1},
                         {"deputy_commander", 1},
                         {"staff_officer", 2},
                         {"radio_operator", 2},
                         {"medic", 2},
                         {"driver", 3}}});
    for (const char* company : {"1-я рота", "2-я рота"}) {
      ds.units.push_back(
          {std::string(company) + " батальона территориальной обороны " + gen + " района",
           "territorial_troops",
           d == 6 && company[0] == '2' ? "forming" : "active",
           d,
           bn,
           {{"commander", 1},
            {"squad_leader", 3},
            {"rifleman", 24},
            {"medic", 2},
            {"driver", 2},
            {"sapper", 2},
            {"drone_operator", 2}}});
    }
    ds.units.push_back(
        {"Отряд резерва полиции " + gen + " района",
         "law_enforcement",
         "active",
         d,
         std::nullopt,
         {{"commander", 1}, {"patrol_officer", 20}, {"driver", 4}, {"radio_operator", 2}}});
    ds.units.push_back({"Аварийно-спасательный отряд " + gen + " района",
                        "special_unit",
                        "active",
                        d,
                        std::nullopt,
                        {{"commander", 1},
                         {"rescuer", 12},
                         {"medic", 4},
                         {"engineer", 3},
                         {"sapper", 2},
                         {"driver", 3}}});
    std::string hood(ds_districts[d].neighbourhoods.front().ru);
    hood = hood.substr(hood.find(' ') == std::string::npos ? 0 : hood.find(' ') + 1);
    std::size_t squad = ds.units.size();
    ds.units.push_back(
        {"Добровольная дружина «" + hood + "»",
         "volunteer_squad",
         "active",
         d,
         std::nullopt,
         {{"commander", 1}, {"volunteer", 25}, {"medic", 3}, {"cook", 3}, {"driver", 2}}});
    if (d % 2 == 0)
      ds.units.push_back({"Санитарная группа дружины «" + hood + "»",
                          "volunteer_squad",
                          d == 6 ? "forming" : "active",
                          d,
                          squad,
                          {{"commander", 1}, {"medic", 6}}});
  }
  // One unit still on paper, so every status appears.
  ds.units.push_back({"Отряд охраны объектов водоснабжения (план)",
                      "special_unit",
                      "planned",
                      1,
                      std::nullopt,
                      {{"commander", 1}, {"guard", 10}}});
}

// The skill a position needs, if any.
std::optional<std::string> skill_for(const std::string& position) {
  static const std::set<std::string> direct{"medic", "driver", "radio_operator", "engineer",
                                            "cook",  "sapper", "drone_operator"};
  if (direct.count(position)) return position;
  if (position == "rescuer") return std::string("rescuer");
  return std::nullopt;
}

SkillSeed make_skill(Rng& rng, const std::string& skill) {
  int y = rng.between(2018, 2025), m = rng.between(1, 12), d = rng.between(1, 28);
  int years = skill == "driver" ? 10 : skill == "medic" ? 5 : 3;
  return {skill, date(y, m, d), date(y + years, m, d)};
}

}  // namespace

const std::vector<std::string>& demo_skills() {
  static const std::vector<std::string> s{"medic", "driver", "radio_operator", "engineer",
                                          "cook",  "sapper", "drone_operator", "rescuer"};
  return s;
}

std::string make_iin(int year, int month, int day, Sex sex, int& serial) {
  int century = year >= 2000 ? 5 : year >= 1900 ? 3 : 1;
  if (sex == Sex::female) ++century;
  for (;; serial = (serial + 1) % 10000) {
    std::string s = fmt::format("{:02}{:02}{:02}{}{:04}", year % 100, month, day, century, serial);
    if (auto check = core::iin_check_digit(s)) return s + char('0' + *check);
  }
}

DataSet generate(std::uint64_t seed, std::size_t count) {
  Rng rng(seed);
  DataSet ds;
  add_units(ds);

  // Open positions, filled unevenly (70–100 % of target; 30–50 % for forming units, none for
  // planned ones) so strength reports show realistic gaps.
  std::vector<MembershipSeed> seats;
  for (std::size_t u = 0; u < ds.units.size(); ++u) {
    const auto& unit = ds.units[u];
    int fill = unit.status == "planned"   ? 0
               : unit.status == "forming" ? rng.between(30, 50)
                                          : rng.between(70, 100);
    for (const auto& p : unit.positions) {
      int n = p.position == "commander" && fill > 0 ? 1 : (p.target * fill + 50) / 100;
      for (int i = 0; i < n; ++i) {
        int y = rng.between(2022, 2026), m = rng.between(1, 12), d = rng.between(1, 28);
        if (y == 2026 && m > 10) m = 10;
        seats.push_back({u, p.position, date(y, m, d)});
      }
    }
  }
  // Members are spread through the list rather than first in it.
  for (std::size_t i = seats.size(); i > 1; --i) std::swap(seats[i - 1], seats[rng.below(i)]);
  if (count < seats.size()) count = seats.size();
  std::vector<std::optional<MembershipSeed>> assignment(count);
  for (std::size_t i = 0; i < seats.size(); ++i) assignment[(i * count) / seats.size()] = seats[i];
  ds.commanders.assign(ds.units.size(), std::nullopt);

  std::set<std::string> iins;
  int serial = 100;
  for (std::size_t i = 0; i < count; ++i) {
    PersonSeed p;
    p.membership = assignment[i];
    int roll = int(rng.below(100));
    Origin origin = roll < 64 ? Origin::kazakh : roll < 95 ? Origin::russian : Origin::korean;
    // Units are mostly men; volunteer squads and medics much less so.
    int female_share = 22;
    if (p.membership) {
      const auto& kind = ds.units[p.membership->unit].kind;
      if (kind == "volunteer_squad") female_share = 50;
      if (p.membership->position == "medic" || p.membership->position == "cook") female_share = 60;
      if (p.membership->position == "commander") female_share = 10;
    } else {
      female_share = 40;
    }
    p.sex = rng.chance(female_share) ? Sex::female : Sex::male;

    const auto& family = rng.pick(family_names(origin));
    p.family_name = p.sex == Sex::male ? std::string(family.male) : female_family_name(family);
    if (p.sex == Sex::male)
      p.given_name = rng.pick(father_names(origin)).name;
    else
      p.given_name = rng.pick(women_names(origin));
    const auto& father = rng.pick(father_names(origin));
    if (origin == Origin::kazakh && rng.chance(25)) {
      p.patronymic = std::string(father.kk) + (p.sex == Sex::male ? "ұлы" : "қызы");
    } else if (!rng.chance(4)) {
      p.patronymic = std::string(p.sex == Sex::male ? father.son : father.daughter);
    }

    int year = rng.between(1966, 2007), month = rng.between(1, 12), day = rng.between(1, 28);
    p.birth_date = date(year, month, day);
    std::string iin;
    do {
      iin = make_iin(year, month, day, p.sex, serial);
      serial = (serial + 1) % 10000;
    } while (!iins.insert(iin).second);
    p.iin = iin;
    p.phone = fmt::format("+7700000{:04}", (i + 1) % 10000);
    if (!rng.chance(12)) {
      std::string given = latin(p.given_name), fam = latin(p.family_name);
      p.email = fmt::format("{}.{}{}@example.kz", given.substr(0, 1), fam, i + 1);
    }
    p.district =
        p.membership ? ds.units[p.membership->unit].district : rng.below(districts().size());
    const auto& hoods = districts()[p.district].neighbourhoods;
    if (!hoods.empty() && rng.chance(45)) p.neighbourhood = rng.below(hoods.size());

    if (p.membership) {
      const auto& unit = ds.units[p.membership->unit];
      if (unit.kind == "volunteer_squad")
        p.status = "volunteer";
      else if (unit.kind == "territorial_troops")
        p.status = rng.chance(55) ? "active" : "reservist";
      else
        p.status = "active";
      if (p.membership->position == "commander") {
        p.status = unit.kind == "volunteer_squad" ? "volunteer" : "active";
        ds.commanders[p.membership->unit] = i;
      }
    } else {
      int s = int(rng.below(100));
      p.status = s < 60   ? "reservist"
                 : s < 80 ? "volunteer"
                 : s < 90 ? "unavailable"
                          : "discharged";
    }

    if (p.membership)
      if (auto skill = skill_for(p.membership->position))
        p.skills.push_back(make_skill(rng, *skill));
    if (rng.chance(35)) {
      const auto& extra = rng.pick(demo_skills());
      if (std::none_of(p.skills.begin(), p.skills.end(),
                       [&](const SkillSeed& s) { return s.skill == extra; }))
        p.skills.push_back(make_skill(rng, extra));
    }

    // Weekly availability: evenings on weekdays, some weekend days, or round the clock.
    int pattern = int(rng.below(4));
    if (pattern == 0) {
      for (int wd = 1; wd <= 5; ++wd) p.availability.push_back({wd, 18 * 60, 22 * 60});
    } else if (pattern == 1) {
      p.availability.push_back({6, 9 * 60, 18 * 60});
      p.availability.push_back({7, 9 * 60, 18 * 60});
    } else if (pattern == 2) {
      for (int wd = 1; wd <= 7; ++wd) p.availability.push_back({wd, 0, 24 * 60});
    } else {
      p.availability.push_back({2, 19 * 60, 23 * 60});
      p.availability.push_back({4, 19 * 60, 23 * 60});
      p.availability.push_back({6, 8 * 60, 20 * 60});
    }
    if (p.status == "unavailable" || rng.chance(5)) {
      int m = rng.between(1, 10);
      static const char* reasons[] = {"отпуск", "командировка", "болезнь", "учёба"};
      p.unavailable.push_back({date(2026, m, 1), date(2026, m + 1, 28), reasons[rng.below(4)]});
    }
    ds.people.push_back(std::move(p));
  }
  return ds;
}

}  // namespace qorgan::demo
