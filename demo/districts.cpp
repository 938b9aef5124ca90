#include "demo/districts.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace qorgan::demo {

namespace {

// Codes. Almaty is 750000000 in the KATO classifier (the classifier of administrative-territorial
// objects of Kazakhstan). The district codes below are those of the classifier's current edition
// as best known to the authors (751xx0000); they were not checked against the official list from
// the Bureau of National Statistics, so treat them as plausible rather than authoritative before
// relying on them outside the demo. The country has no KATO code: it takes its ISO 3166 code.
// Micro-districts are not KATO objects at all: their codes ("<district>-NN") are the demo's own.
//
// Centroids are approximate (to a few hundred metres) points inside the populated part of each
// district, good enough to place facilities in the nearest district.
constexpr Place kKazakhstan{
    "KZ", "Қазақстан Республикасы", "Республика Казахстан", "Republic of Kazakhstan", 48.0, 67.0};
constexpr Place kAlmaty{"750000000", "Алматы қаласы", "город Алматы", "Almaty", 43.2380, 76.9450};

constexpr std::array<Place, 4> kAlatau{{
    {"751210000-01", "Алғабас шағын ауданы", "микрорайон Алгабас", "Algabas", 43.2990, 76.8010},
    {"751210000-02", "Шаңырақ шағын ауданы", "микрорайон Шанырак", "Shanyrak", 43.3130, 76.8480},
    {"751210000-03", "Ақбұлақ шағын ауданы", "микрорайон Акбулак", "Akbulak", 43.2880, 76.8350},
    {"751210000-04", "Саялы шағын ауданы", "микрорайон Саялы", "Sayaly", 43.3260, 76.8330},
}};
constexpr std::array<Place, 1> kAlmaly{{
    {"751110000-01", "Тастақ шағын ауданы", "микрорайон Тастак", "Tastak", 43.2420, 76.8930},
}};
constexpr std::array<Place, 3> kAuezov{{
    {"751310000-01", "Ақсай шағын ауданы", "микрорайон Аксай", "Aksai", 43.2300, 76.8330},
    {"751310000-02", "Мамыр шағын ауданы", "микрорайон Мамыр", "Mamyr", 43.2130, 76.8530},
    {"751310000-03", "Сайран шағын ауданы", "микрорайон Сайран", "Sairan", 43.2400, 76.8700},
}};
constexpr std::array<Place, 3> kBostandyk{{
    {"751410000-01", "Орбита шағын ауданы", "микрорайон Орбита", "Orbita", 43.1940, 76.8820},
    {"751410000-02", "Алмагүл шағын ауданы", "микрорайон Алмагуль", "Almagul", 43.2120, 76.9040},
    {"751410000-03", "Баганашыл шағын ауданы", "микрорайон Баганашыл", "Baganashyl", 43.1800,
     76.9300},
}};
constexpr std::array<Place, 3> kZhetysu{{
    {"751510000-01", "Айнабұлақ шағын ауданы", "микрорайон Айнабулак", "Ainabulak", 43.3000,
     76.9200},
    {"751510000-02", "Құлагер шағын ауданы", "микрорайон Кулагер", "Kulager", 43.3100, 76.9330},
    {"751510000-03", "Көкжиек шағын ауданы", "микрорайон Кокжиек", "Kokzhiek", 43.3200, 76.9750},
}};
constexpr std::array<Place, 3> kMedeu{{
    {"751710000-01", "Самал шағын ауданы", "микрорайон Самал", "Samal", 43.2330, 76.9550},
    {"751710000-02", "Көктөбе", "Кок-Тобе", "Kok-Tobe", 43.2300, 76.9780},
    {"751710000-03", "Достық шағын ауданы", "микрорайон Достык", "Dostyk", 43.2200, 76.9700},
}};
constexpr std::array<Place, 4> kNauryzbay{{
    {"751810000-01", "Қалқаман шағын ауданы", "микрорайон Калкаман", "Kalkaman", 43.2250, 76.7900},
    {"751810000-02", "Шұғыла шағын ауданы", "микрорайон Шугыла", "Shugyla", 43.2040, 76.8190},
    {"751810000-03", "Ақжар шағын ауданы", "микрорайон Акжар", "Akzhar", 43.1990, 76.7850},
    {"751810000-04", "Таусамалы шағын ауданы", "микрорайон Таусамалы", "Tausamaly", 43.1990,
     76.8450},
}};
constexpr std::array<Place, 3> kTurksib{{
    {"751910000-01", "Жас Қанат шағын ауданы", "микрорайон Жас Канат", "Zhas Kanat", 43.3600,
     77.0000},
    {"751910000-02", "Жұлдыз шағын ауданы", "микрорайон Жулдыз", "Zhuldyz", 43.3350, 76.9600},
    {"751910000-03", "Қайрат шағын ауданы", "микрорайон Кайрат", "Kairat", 43.3650, 77.0250},
}};

const std::array<District, 8> kDistricts{{
    {{"751210000", "Алатау ауданы", "Алатауский район", "Alatau District", 43.3000, 76.8400},
     "alatau",
     kAlatau},
    {{"751110000", "Алмалы ауданы", "Алмалинский район", "Almaly District", 43.2550, 76.9150},
     "almaly",
     kAlmaly},
    {{"751310000", "Әуезов ауданы", "Ауэзовский район", "Auezov District", 43.2300, 76.8500},
     "auezov",
     kAuezov},
    {{"751410000", "Бостандық ауданы", "Бостандыкский район", "Bostandyk District", 43.2050,
      76.9050},
     "bostandyk",
     kBostandyk},
    {{"751510000", "Жетісу ауданы", "Жетысуский район", "Zhetysu District", 43.2950, 76.9300},
     "zhetysu",
     kZhetysu},
    {{"751710000", "Медеу ауданы", "Медеуский район", "Medeu District", 43.2450, 76.9750},
     "medeu",
     kMedeu},
    {{"751810000", "Наурызбай ауданы", "Наурызбайский район", "Nauryzbay District", 43.1950,
      76.8000},
     "nauryzbay",
     kNauryzbay},
    {{"751910000", "Түрксіб ауданы", "Турксибский район", "Turksib District", 43.3400, 76.9700},
     "turksib",
     kTurksib},
}};

}  // namespace

const Place& kazakhstan() {
  return kKazakhstan;
}
const Place& almaty() {
  return kAlmaty;
}
std::span<const District> districts() {
  return kDistricts;
}

double distance_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kR = 6371000.0, kRad = 3.14159265358979323846 / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kRad) *
                                                           std::cos(lat2 * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kR * std::asin(std::sqrt(a));
}

Nearest nearest_district(double lat, double lon) {
  Nearest best{0, std::numeric_limits<double>::infinity()};
  for (std::size_t i = 0; i < kDistricts.size(); ++i) {
    double d = distance_m(lat, lon, kDistricts[i].place.lat, kDistricts[i].place.lon);
    if (d < best.metres) best = {i, d};
  }
  return best;
}

}  // namespace qorgan::demo
