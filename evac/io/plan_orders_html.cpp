#include "evac/io/plan_orders_html.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "core/escape.hpp"

namespace qorgan::evac::io {

using core::html_escape;

namespace {

std::string people(People n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

// The document's words in Russian and Kazakh, keyed by the English text; a key with "{}" is a
// format string and its translations keep the same values. Words not listed stay English.
struct Words {
  std::string_view en, ru, kk;
};
constexpr Words kWords[] = {
    {"Evacuation orders", "Распоряжения об эвакуации", "Эвакуация туралы өкімдер"},
    {"{} person", "{} чел.", "{} адам"},
    {"{} people", "{} чел.", "{} адам"},
    {"junction {}", "узел {}", "{}-торап"},
    {"Junction {}", "Узел {}", "{}-торап"},
    {"Shelter at {}", "Укрытие: {}", "Пана: {}"},
    {"unnamed road", "улица без названия", "атауы жоқ жол"},
    {"corner of ", "пересечение: ", "қиылысы: "},
    {" and ", " и ", " және "},
    {"H+", "Ч+", "Ч+"},
    {"H−", "Ч−", "Ч−"},
    {"{} h {:02} min", "{} ч {:02} мин", "{} сағ {:02} мин"},
    {"{} min", "{} мин", "{} мин"},
    {"{} s", "{} с", "{} с"},
    {"Sketch of the routes from {} to the shelters", "Схема маршрутов от места «{}» до укрытий",
     "«{}» орнынан паналарға дейінгі бағыттар сызбасы"},
    {"Map data © OpenStreetMap contributors (ODbL).",
     "Картографические данные © участники OpenStreetMap (ODbL).",
     "Карта деректері © OpenStreetMap қатысушылары (ODbL)."},
    {"Issued", "Выдано", "Берілген уақыты"},
    {"People", "Людей", "Адам саны"},
    {"Evacuated by this plan", "Эвакуируются по плану", "Жоспар бойынша эвакуацияланады"},
    {"Cannot be evacuated", "Невозможно эвакуировать", "Эвакуациялау мүмкін емес"},
    {"Last arrival", "Последнее прибытие", "Соңғы келу"},
    {"No plan can finish before", "Ни один план не завершится раньше",
     "Ешбір жоспар мына уақыттан бұрын аяқталмайды"},
    {"Best possible last arrival", "Наилучшее возможное последнее прибытие",
     "Мүмкін болатын ең ерте соңғы келу"},
    {"Neighbourhoods", "Кварталов", "Тұрғын аумақтар"},
    {"Planner", "Планировщик", "Жоспарлаушы"},
    {"All times are counted from the moment the evacuation order is given (H). Leave within your "
     "departure window, by the route given, so that the roads do not jam; the plan keeps every "
     "road within what it can carry.",
     "Всё время отсчитывается от момента отдачи распоряжения об эвакуации (Ч). Выходите в своё "
     "время выхода и по указанному маршруту, чтобы дороги не были перегружены: план не допускает "
     "превышения пропускной способности ни одной дороги.",
     "Барлық уақыт эвакуация туралы өкім берілген сәттен (Ч) бастап есептеледі. Жолдарда кептеліс "
     "болмауы үшін өзіңізге белгіленген уақытта және көрсетілген бағытпен шығыңыз: жоспар ешбір "
     "жолдың өткізу қабілетінен асырмайды."},
    {"Neighbourhood", "Квартал", "Тұрғын аумақ"},
    {"First departure", "Первый выход", "Алғашқы шығу"},
    {"Evacuation order: {}", "Распоряжение об эвакуации: {}", "Эвакуация туралы өкім: {}"},
    {", of whom {} leave by the routes below and <strong>{} cannot be evacuated</strong> (see "
     "below)",
     ", из них {} выходят по маршрутам ниже, а <strong>{} невозможно эвакуировать</strong> (см. "
     "ниже)",
     ", оның ішінде {} төмендегі бағыттармен шығады, ал <strong>{} эвакуациялау мүмкін емес"
     "</strong> (төменде қараңыз)"},
    {"Who leaves when, to which assembly point or shelter, by which streets",
     "Кто, когда, к какому пункту сбора или укрытию и по каким улицам выходит",
     "Кім, қашан, қай жиналу пунктіне не панаға және қай көшелермен шығады"},
    {"Leave from", "Место выхода", "Шығу орны"},
    {"Departure window", "Время выхода", "Шығу уақыты"},
    {"Go to", "Пункт назначения", "Баратын жері"},
    {"Route", "Маршрут", "Бағыты"},
    {"Expected arrival", "Ожидаемое прибытие", "Күтілетін келу уақыты"},
    {"{} in all", "всего {}", "барлығы {}"},
    {"None: the assembly point is at the place of departure.",
     "Не нужен: пункт сбора находится на месте выхода.", "Қажет емес: жиналу пункті шығу орнында."},
    {"Through junctions {}", "Через узлы {}", "Тораптар арқылы: {}"},
    {"Sketch of the routes (north up; black squares: places of departure; numbered circles: "
     "assembly points and shelters).",
     "Схема маршрутов (север сверху; чёрные квадраты — места выхода; пронумерованные круги — "
     "пункты сбора и укрытия).",
     "Бағыттар сызбасы (солтүстік жоғарыда; қара шаршылар — шығу орындары; нөмірленген "
     "дөңгелектер — жиналу пункттері мен паналар)."},
    {"Cannot be evacuated by this plan", "Невозможно эвакуировать по этому плану",
     "Осы жоспар бойынша эвакуациялау мүмкін емес"},
    {"no reason given", "причина не указана", "себебі көрсетілмеген"},
    {"Report them to the headquarters: they need another way out (transport, another shelter, "
     "staying protected in place).",
     "Сообщите о них в штаб: им нужен другой способ спасения (транспорт, другое укрытие, защита "
     "на месте).",
     "Олар туралы штабқа хабарлаңыз: оларға басқа құтқару тәсілі қажет (көлік, басқа пана, орнында "
     "қорғану)."},
    {"page {} of {}", "страница {} из {}", "{1} беттің {0}-беті"},
    {"Map data © OpenStreetMap contributors", "Картографические данные © участники OpenStreetMap",
     "Карта деректері © OpenStreetMap қатысушылары"},
};

// The language of the document being written (set for the length of plan_orders_html).
thread_local std::string_view doc_language = "en";

std::string say(std::string_view en) {
  if (doc_language == "en") return std::string(en);
  for (const auto& w : kWords)
    if (w.en == en)
      return std::string(doc_language == "kk" ? w.kk : doc_language == "ru" ? w.ru : en);
  return std::string(en);
}

template <typename... Args>
std::string sayf(std::string_view en, Args&&... args) {
  return fmt::format(fmt::runtime(say(en)), std::forward<Args>(args)...);
}

std::string people_text(People n) {
  return sayf(n == 1 ? "{} person" : "{} people", people(n));
}

std::string junction_label(const Network& net, NodeIndex v) {
  return sayf("junction {}", net.node_id[v]);
}

std::string coordinates(const Network& net, NodeIndex v) {
  if (!net.has_coordinates()) return "";
  return fmt::format("{:.5f}, {:.5f}", net.lat[v], net.lon[v]);
}

// Merges a movement's departures into windows of consecutive steps.
std::vector<DepartureWindow> windows_of(std::vector<const Group*> groups) {
  std::sort(groups.begin(), groups.end(), [](const Group* a, const Group* b) {
    return std::tie(a->departure, a->arrival) < std::tie(b->departure, b->arrival);
  });
  std::vector<DepartureWindow> out;
  for (const Group* g : groups) {
    if (out.empty() || g->departure > out.back().last_departure + 1) {
      out.push_back({g->departure, g->departure, g->arrival, g->arrival, 0});
    }
    auto& w = out.back();
    w.last_departure = std::max(w.last_departure, g->departure);
    w.first_arrival = std::min(w.first_arrival, g->arrival);
    w.last_arrival = std::max(w.last_arrival, g->arrival);
    w.people += g->count;
  }
  return out;
}

std::string time_range(Time a, Time b, double step_seconds) {
  if (a == b) return order_time(a, step_seconds);
  return order_time(a, step_seconds) + " – " + order_time(b, step_seconds);
}

constexpr const char* kPalette[] = {"#1f5fa8", "#c0392b", "#1e8449", "#8e44ad",
                                    "#d35400", "#117a8b", "#7d6608", "#a93a6b"};
constexpr std::size_t kPaletteSize = sizeof kPalette / sizeof kPalette[0];

// Road pieces drawn around the routes for orientation, at most this many per sketch.
constexpr std::size_t kContextArcs = 2500;

const char* kStyle = R"(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #111; background: #fff;
  margin: 0 auto; padding: 1.5rem; max-width: 60rem; line-height: 1.4; font-size: 11pt; }
h1 { font-size: 20pt; margin: 0 0 .25rem; }
h2 { font-size: 16pt; margin: 0 0 .5rem; border-bottom: 2px solid #111; padding-bottom: .2rem; }
h3 { font-size: 12pt; margin: 1rem 0 .4rem; }
.sub { margin: 0 0 1rem; color: #333; }
.figures { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 1rem; }
.figures dt { font-weight: bold; }
.figures dd { margin: 0; }
.note { font-size: 10pt; color: #333; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #555; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
td.num, th.num { text-align: right; white-space: nowrap; }
.when { white-space: nowrap; }
th.from { font-weight: normal; background: #f6f6f6; }
table.moves thead th:nth-child(1) { width: 17%; } table.moves thead th:nth-child(2) { width: 14%; }
table.moves thead th:nth-child(3) { width: 7%; } table.moves thead th:nth-child(4) { width: 24%; }
table.moves thead th:nth-child(5) { width: 24%; } table.moves thead th:nth-child(6) { width: 14%; }
ul.plain, ol.streets { margin: 0; padding-left: 1.1rem; }
ul.plain { list-style: none; padding-left: 0; }
.order { border-top: 1px dashed #999; margin-top: 2rem; padding-top: 1rem; }
.lead { font-size: 12pt; }
.alert { border: 2px solid #a4161a; padding: .5rem .75rem; margin: 1rem 0; }
.alert h3 { margin-top: 0; color: #a4161a; }
figure { margin: .5rem 0 1rem; }
figure svg { width: 100%; height: auto; max-height: 11cm; border: 1px solid #999; background: #fbfbf8; }
figcaption { font-size: 9.5pt; color: #333; }
.legend { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.swatch { display: inline-block; width: 1.6em; height: .7em; border: 1px solid #333; vertical-align: middle;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sw0 { background: #1f5fa8; } .sw1 { background: #c0392b; } .sw2 { background: #1e8449; }
.sw3 { background: #8e44ad; } .sw4 { background: #d35400; } .sw5 { background: #117a8b; }
.sw6 { background: #7d6608; } .sw7 { background: #a93a6b; }
.page-foot { margin-top: 1rem; font-size: 9pt; color: #444; border-top: 1px solid #bbb; padding-top: .3rem; }
.attribution { font-size: 9pt; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10.5pt; }
  .order { break-before: page; border-top: 0; margin-top: 0; padding-top: 0; }
  tr, figure, .alert { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
)";

struct Projection {
  double lon0 = 0, lat0 = 0, k = 1, kx = 1, ox = 0, oy = 0, height = 0;
  double x(double lon) const { return ox + (lon - lon0) * kx * k; }
  double y(double lat) const { return height - (oy + (lat - lat0) * k); }
};

// An inline SVG of a neighbourhood's routes, coloured by shelter, on the surrounding roads.
std::string sketch(const Problem& problem, const Neighbourhood& n,
                   const std::vector<std::uint32_t>& shelter_order) {
  const Network& net = problem.network;
  double min_lat = std::numeric_limits<double>::max(), max_lat = -min_lat;
  double min_lon = min_lat, max_lon = -min_lat;
  auto take = [&](NodeIndex v) {
    min_lat = std::min(min_lat, net.lat[v]);
    max_lat = std::max(max_lat, net.lat[v]);
    min_lon = std::min(min_lon, net.lon[v]);
    max_lon = std::max(max_lon, net.lon[v]);
  };
  for (auto s : n.sources) take(problem.sources[s].node);
  for (const auto& m : n.movements) {
    take(problem.shelters[m.shelter].node);
    for (ArcIndex a : m.route) take(net.head[a]);
  }
  // At least ~300 m across, so that a single point still shows its streets.
  const double min_span = 0.003;
  if (max_lat - min_lat < min_span) {
    const double c = (max_lat + min_lat) / 2;
    min_lat = c - min_span / 2;
    max_lat = c + min_span / 2;
  }
  const double coslat = std::cos((min_lat + max_lat) / 2 * 3.14159265358979323846 / 180);
  if ((max_lon - min_lon) * coslat < min_span) {
    const double c = (max_lon + min_lon) / 2;
    min_lon = c - min_span / coslat / 2;
    max_lon = c + min_span / coslat / 2;
  }
  const double width = 640, height = 400, margin = 24;
  Projection p;
  p.lon0 = min_lon;
  p.lat0 = min_lat;
  p.kx = coslat;
  p.height = height;
  const double w = (max_lon - min_lon) * coslat, h = max_lat - min_lat;
  p.k = std::min((width - 2 * margin) / w, (height - 2 * margin) / h);
  p.ox = (width - w * p.k) / 2;
  p.oy = (height - h * p.k) / 2;
  // Context: the roads inside the frame (with a margin), each street drawn once.
  const double pad_lat = margin / p.k, pad_lon = margin / p.k / coslat;
  auto inside = [&](NodeIndex v) {
    return net.lat[v] >= min_lat - pad_lat && net.lat[v] <= max_lat + pad_lat &&
           net.lon[v] >= min_lon - pad_lon && net.lon[v] <= max_lon + pad_lon;
  };
  std::string roads;
  std::size_t drawn = 0;
  for (ArcIndex a = 0; a < net.arc_count() && drawn < kContextArcs; ++a) {
    const NodeIndex u = net.tail[a], v = net.head[a];
    if (!inside(u) || !inside(v)) continue;
    if (u > v) {  // the other direction, if there is one, is drawn instead
      bool twin = false;
      for (ArcIndex b = net.out_begin(v); b < net.out_end(v) && !twin; ++b) twin = net.head[b] == u;
      if (twin) continue;
    }
    roads += fmt::format("M{:.1f} {:.1f}L{:.1f} {:.1f}", p.x(net.lon[u]), p.y(net.lat[u]),
                         p.x(net.lon[v]), p.y(net.lat[v]));
    ++drawn;
  }
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" "
      "aria-label=\"{}\">",
      width, height, html_escape(sayf("Sketch of the routes from {} to the shelters", n.name)));
  if (!roads.empty())
    svg += "<path d=\"" + roads + "\" fill=\"none\" stroke=\"#b9b9b0\" stroke-width=\"1\"/>";
  auto colour_of = [&](std::uint32_t shelter) {
    const auto at = std::find(shelter_order.begin(), shelter_order.end(), shelter);
    return static_cast<std::size_t>(at - shelter_order.begin()) % kPaletteSize;
  };
  for (const auto& m : n.movements) {
    if (m.route.empty()) continue;
    std::string pts = fmt::format("{:.1f},{:.1f}", p.x(net.lon[net.tail[m.route[0]]]),
                                  p.y(net.lat[net.tail[m.route[0]]]));
    for (ArcIndex a : m.route)
      pts += fmt::format(" {:.1f},{:.1f}", p.x(net.lon[net.head[a]]), p.y(net.lat[net.head[a]]));
    svg += fmt::format(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3.5\" "
        "stroke-linejoin=\"round\" stroke-linecap=\"round\" stroke-opacity=\"0.85\"/>",
        pts, kPalette[colour_of(m.shelter)]);
  }
  for (auto s : n.sources) {
    const NodeIndex v = problem.sources[s].node;
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"#111\" "
        "stroke=\"#fff\" stroke-width=\"1.5\"/>",
        p.x(net.lon[v]) - 5, p.y(net.lat[v]) - 5);
  }
  std::vector<std::uint32_t> shown;
  for (const auto& m : n.movements)
    if (std::find(shown.begin(), shown.end(), m.shelter) == shown.end()) shown.push_back(m.shelter);
  for (auto s : shown) {
    const NodeIndex v = problem.shelters[s].node;
    const auto number =
        std::find(shelter_order.begin(), shelter_order.end(), s) - shelter_order.begin() + 1;
    const double x = p.x(net.lon[v]), y = p.y(net.lat[v]);
    svg += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"10\" fill=\"{}\" stroke=\"#fff\" "
        "stroke-width=\"2\"/><text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
        "font-size=\"11\" font-weight=\"bold\" fill=\"#fff\">{}</text>",
        x, y, kPalette[colour_of(s)], x, y + 4, number);
  }
  svg += "</svg>";
  return svg;
}

}  // namespace

std::string order_time(Time step, double step_seconds) {
  const auto total = static_cast<std::int64_t>(std::llround(step * step_seconds));
  const auto secs = total < 0 ? -total : total;
  const std::string sign = say(total < 0 ? "H−" : "H+");
  const std::string rest = secs % 60 ? " " + sayf("{} s", secs % 60) : std::string();
  if (secs >= 3600) return sign + sayf("{} h {:02} min", secs / 3600, secs / 60 % 60) + rest;
  if (secs >= 60) return sign + sayf("{} min", secs / 60) + rest;
  return sign + sayf("{} s", secs);
}

std::vector<std::string> route_streets(const Network& net, const std::vector<ArcIndex>& route) {
  std::vector<std::string> out;
  if (!net.has_names()) return out;
  for (ArcIndex a : route) {
    std::string name = net.name_of(a);
    if (name.empty()) name = say("unnamed road");
    if (out.empty() || out.back() != name) out.push_back(std::move(name));
  }
  return out;
}

std::vector<Neighbourhood> plan_neighbourhoods(const Problem& problem, const Plan& plan,
                                               const std::vector<std::string>& names) {
  const Network& net = problem.network;
  std::map<std::string, Neighbourhood> by_name;
  std::vector<std::string> key_of(problem.sources.size());
  for (std::uint32_t s = 0; s < problem.sources.size(); ++s) {
    std::string name = s < names.size() ? names[s] : problem.sources[s].name;
    if (name.empty()) name = sayf("Junction {}", net.node_id[problem.sources[s].node]);
    auto& n = by_name[name];
    n.name = name;
    n.sources.push_back(s);
    n.people += problem.sources[s].count;
    key_of[s] = std::move(name);
  }
  for (const auto& u : plan.unroutable)
    if (u.source < key_of.size()) by_name[key_of[u.source]].unroutable += u.count;
  // Movements: groups of one source with the same shelter and the same arcs.
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::vector<ArcIndex>>,
           std::vector<const Group*>>
      moves;
  for (const auto& g : plan.groups) {
    if (g.source >= problem.sources.size() || g.shelter >= problem.shelters.size()) continue;
    std::vector<ArcIndex> arcs;
    arcs.reserve(g.route.size());
    for (const auto& st : g.route) arcs.push_back(st.arc);
    moves[{g.source, g.shelter, std::move(arcs)}].push_back(&g);
  }
  for (auto& [key, groups] : moves) {
    Movement m;
    m.source = std::get<0>(key);
    m.shelter = std::get<1>(key);
    m.route = std::get<2>(key);
    for (const Group* g : groups) m.people += g->count;
    m.windows = windows_of(groups);
    by_name[key_of[m.source]].movements.push_back(std::move(m));
  }
  std::vector<Neighbourhood> out;
  out.reserve(by_name.size());
  for (auto& [name, n] : by_name) {
    // By origin (in the order of the sources), then by first departure.
    std::stable_sort(n.movements.begin(), n.movements.end(),
                     [](const Movement& a, const Movement& b) {
                       return std::tie(a.source, a.windows.front().first_departure, a.shelter) <
                              std::tie(b.source, b.windows.front().first_departure, b.shelter);
                     });
    out.push_back(std::move(n));
  }
  return out;
}

std::string plan_orders_html(const Problem& problem, const Plan& plan,
                             const OrdersOptions& options) {
  struct Language {
    explicit Language(std::string_view l) : previous(doc_language) {
      doc_language = l == "kk" ? "kk" : l == "ru" ? "ru" : "en";
    }
    ~Language() { doc_language = previous; }
    std::string_view previous;
  } language(options.language);
  const std::string title = say(options.title);
  const Network& net = problem.network;
  const double step = net.step_seconds;
  const auto hoods = plan_neighbourhoods(problem, plan, options.neighbourhoods);
  const std::string attribution =
      options.osm_attribution ? "<p class=\"attribution\">" +
                                    say("Map data © OpenStreetMap contributors (ODbL).") + "</p>"
                              : "";
  // Shelters are numbered on the sketches in the order of the problem.
  std::vector<std::uint32_t> shelter_order(problem.shelters.size());
  for (std::uint32_t s = 0; s < shelter_order.size(); ++s) shelter_order[s] = s;
  auto shelter_name = [&](std::uint32_t s) {
    const auto& name = problem.shelters[s].name;
    return name.empty() ? sayf("Shelter at {}", junction_label(net, problem.shelters[s].node))
                        : name;
  };

  // How people find a junction: the streets that meet there (from the arcs leaving and
  // entering it), then its id.
  std::map<NodeIndex, std::vector<std::string>> streets_at;
  if (net.has_names()) {
    for (const auto& s : problem.sources) streets_at[s.node];
    for (const auto& s : problem.shelters) streets_at[s.node];
    auto note = [&](NodeIndex v, ArcIndex a) {
      auto it = streets_at.find(v);
      const auto& name = net.name_of(a);
      if (it == streets_at.end() || name.empty()) return;
      if (std::find(it->second.begin(), it->second.end(), name) == it->second.end())
        it->second.push_back(name);
    };
    for (auto& [v, names] : streets_at)
      for (ArcIndex a = net.out_begin(v); a < net.out_end(v); ++a) note(v, a);
    for (ArcIndex a = 0; a < net.arc_count(); ++a) note(net.head[a], a);
  }
  auto place = [&](NodeIndex v) {
    std::string out;
    if (auto it = streets_at.find(v); it != streets_at.end() && !it->second.empty()) {
      const auto& names = it->second;
      const std::size_t n = std::min<std::size_t>(names.size(), 3);
      if (n > 1) out = say("corner of ");
      for (std::size_t i = 0; i < n; ++i)
        out += (i == 0 ? "" : i + 1 == n ? say(" and ") : ", ") + html_escape(names[i]);
      out += ", ";
    }
    out += html_escape(junction_label(net, v));
    if (auto c = coordinates(net, v); !c.empty()) out += "<br><small>" + c + "</small>";
    return out;
  };

  People routed = 0, unroutable = 0;
  for (const auto& g : plan.groups) routed += g.count;
  for (const auto& u : plan.unroutable) unroutable += u.count;
  Time last = 0;
  for (const auto& g : plan.groups) last = std::max(last, g.arrival);

  std::string h;
  h.reserve(64 * 1024);
  h += "<!doctype html>\n<html lang=\"" + std::string(doc_language) +
       "\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + html_escape(title) +
       (options.subtitle.empty() ? "" : " — " + html_escape(options.subtitle)) + "</title>\n";
  h += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";

  // Cover.
  h += "<header class=\"cover\">\n<h1>" + html_escape(title) + "</h1>\n";
  if (!options.subtitle.empty())
    h += "<p class=\"sub\">" + html_escape(options.subtitle) + "</p>\n";
  h += "<dl class=\"figures\">\n";
  auto figure = [&](const std::string& label, const std::string& value) {
    h += "<dt>" + say(label) + "</dt><dd>" + value + "</dd>\n";
  };
  if (!options.issued.empty()) figure("Issued", html_escape(options.issued));
  figure("People", people(problem.population()));
  figure("Evacuated by this plan", people(routed));
  figure("Cannot be evacuated", people(unroutable));
  figure("Last arrival", order_time(last, step));
  // How far the plan could be from the best one: the optimum when it was computed, else a lower
  // bound that no plan moving everyone who can be moved beats (plan.hpp, egress_bound).
  if (plan.optimum)
    figure("Best possible last arrival", order_time(*plan.optimum, step));
  else if (plan.lower_bound)
    figure("No plan can finish before", order_time(*plan.lower_bound, step));
  figure("Neighbourhoods", people(static_cast<People>(hoods.size())));
  figure("Planner", html_escape(plan.planner));
  h += "</dl>\n";
  h += "<p class=\"note\">" +
       say("All times are counted from the moment the evacuation order is given (H). Leave within "
           "your departure window, by the route given, so that the roads do not jam; the plan "
           "keeps every road within what it can carry.") +
       "</p>\n";
  h += "<table class=\"toc\">\n<thead><tr><th scope=\"col\">" + say("Neighbourhood") +
       "</th><th scope=\"col\" class=\"num\">" + say("People") +
       "</th><th scope=\"col\" class=\"num\">" + say("Cannot be evacuated") +
       "</th><th scope=\"col\">" + say("First departure") + "</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < hoods.size(); ++i) {
    const auto& n = hoods[i];
    std::string first = "—";
    if (!n.movements.empty()) {
      Time t = std::numeric_limits<Time>::max();
      for (const auto& m : n.movements) t = std::min(t, m.windows.front().first_departure);
      first = order_time(t, step);
    }
    h += fmt::format(
        "<tr><td><a href=\"#n{}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"when\">{}</td></tr>\n",
        i + 1, html_escape(n.name), people(n.people), people(n.unroutable), first);
  }
  h += "</tbody>\n</table>\n" + attribution + "</header>\n";

  for (std::size_t i = 0; i < hoods.size(); ++i) {
    const auto& n = hoods[i];
    h += fmt::format("<section class=\"order\" id=\"n{}\" aria-labelledby=\"n{}-title\">\n", i + 1,
                     i + 1);
    h += fmt::format("<h2 id=\"n{}-title\">{}</h2>\n", i + 1,
                     sayf("Evacuation order: {}", html_escape(n.name)));
    h += "<p class=\"lead\"><strong>" + people_text(n.people) + "</strong>";
    if (n.unroutable > 0)
      h += sayf(
          ", of whom {} leave by the routes below and <strong>{} cannot be evacuated</strong> (see "
          "below)",
          people(n.people - n.unroutable), people(n.unroutable));
    h += ".</p>\n";
    if (!n.movements.empty()) {
      h += "<table class=\"moves\">\n<caption class=\"note\">" +
           say("Who leaves when, to which assembly point or shelter, by which streets") +
           "</caption>\n<thead><tr><th scope=\"col\">" + say("Leave from") +
           "</th><th scope=\"col\">" + say("Departure window") +
           "</th><th scope=\"col\" class=\"num\">" + say("People") + "</th><th scope=\"col\">" +
           say("Go to") + "</th><th scope=\"col\">" + say("Route") + "</th><th scope=\"col\">" +
           say("Expected arrival") + "</th></tr></thead>\n<tbody>\n";
      for (std::size_t k = 0; k < n.movements.size(); ++k) {
        const auto& m = n.movements[k];
        const NodeIndex origin = problem.sources[m.source].node;
        const NodeIndex dest = problem.shelters[m.shelter].node;
        // The place of departure once per origin, over all of its rows.
        std::string from;
        if (k == 0 || n.movements[k - 1].source != m.source) {
          std::size_t rows = 1;
          while (k + rows < n.movements.size() && n.movements[k + rows].source == m.source) ++rows;
          from = fmt::format(
              "<th scope=\"rowgroup\" rowspan=\"{}\" class=\"from\">{}<br><small>{}</small></th>",
              rows, place(origin), sayf("{} in all", people_text(problem.sources[m.source].count)));
        }
        std::string leave = "<ul class=\"plain\">", arrive = "<ul class=\"plain\">";
        for (const auto& w : m.windows) {
          leave += "<li class=\"when\">" + time_range(w.first_departure, w.last_departure, step) +
                   (m.windows.size() > 1 ? " <small>(" + people(w.people) + ")</small>" : "") +
                   "</li>";
          arrive +=
              "<li class=\"when\">" + time_range(w.first_arrival, w.last_arrival, step) + "</li>";
        }
        leave += "</ul>";
        arrive += "</ul>";
        const auto number = std::find(shelter_order.begin(), shelter_order.end(), m.shelter) -
                            shelter_order.begin() + 1;
        std::string to =
            fmt::format("<span class=\"swatch sw{}\"></span> {}. <strong>{}</strong>",
                        (number - 1) % kPaletteSize, number, html_escape(shelter_name(m.shelter)));
        to += "<br><small>" + place(dest) + "</small>";
        std::string route;
        if (m.route.empty()) {
          route = say("None: the assembly point is at the place of departure.");
        } else if (auto streets = route_streets(net, m.route); !streets.empty()) {
          route = "<ol class=\"streets\">";
          for (const auto& s : streets) route += "<li>" + html_escape(s) + "</li>";
          route += "</ol>";
        } else {
          std::string path = std::to_string(net.node_id[net.tail[m.route.front()]]);
          for (ArcIndex a : m.route) path += " → " + std::to_string(net.node_id[net.head[a]]);
          route = sayf("Through junctions {}", path);
        }
        h += "<tr>" + from + "<td>" + leave + "</td><td class=\"num\">" + people(m.people) +
             "</td><td>" + to + "</td><td>" + route + "</td><td>" + arrive + "</td></tr>\n";
      }
      h += "</tbody>\n</table>\n";
      if (net.has_coordinates()) {
        std::vector<std::uint32_t> used;
        for (const auto& m : n.movements)
          if (std::find(used.begin(), used.end(), m.shelter) == used.end())
            used.push_back(m.shelter);
        std::sort(used.begin(), used.end());
        h += "<figure>\n" + sketch(problem, n, shelter_order) + "\n<figcaption>" +
             say("Sketch of the routes (north up; black squares: places of departure; numbered "
                 "circles: assembly points and shelters).") +
             "<ul class=\"legend\">";
        for (auto s : used)
          h += fmt::format("<li><span class=\"swatch sw{}\"></span> {}. {}</li>", s % kPaletteSize,
                           s + 1, html_escape(shelter_name(s)));
        h += "</ul></figcaption>\n</figure>\n";
      }
    }
    if (n.unroutable > 0) {
      h += "<div class=\"alert\" role=\"note\">\n<h3>" + say("Cannot be evacuated by this plan") +
           "</h3>\n<ul>\n";
      for (const auto& u : plan.unroutable) {
        if (std::find(n.sources.begin(), n.sources.end(), u.source) == n.sources.end()) continue;
        h += "<li><strong>" + people_text(u.count) + "</strong> — " +
             html_escape(junction_label(net, problem.sources[u.source].node)) + ": " +
             html_escape(u.reason.empty() ? say("no reason given") : u.reason) + "</li>\n";
      }
      h += "</ul>\n<p>" +
           say("Report them to the headquarters: they need another way out (transport, another "
               "shelter, staying protected in place).") +
           "</p>\n</div>\n";
    }
    h += "<footer class=\"page-foot\">" + html_escape(title) +
         (options.subtitle.empty() ? "" : " — " + html_escape(options.subtitle)) + " · " +
         html_escape(n.name) + " · " + sayf("page {} of {}", i + 1, hoods.size()) +
         (options.osm_attribution ? " · " + say("Map data © OpenStreetMap contributors") : "") +
         "</footer>\n</section>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace qorgan::evac::io
