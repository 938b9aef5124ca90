#include "portal/demo_pictures.hpp"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace qorgan::portal::demo {
namespace {

struct Rgb {
  unsigned char r, g, b;
};

Rgb mix(Rgb a, Rgb b, double t) {
  auto m = [t](unsigned char x, unsigned char y) {
    return static_cast<unsigned char>(std::lround(x + (y - x) * std::clamp(t, 0.0, 1.0)));
  };
  return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b)};
}

// Deterministic numbers from a seed (a linear congruential generator is plenty for drawing).
struct Dice {
  std::uint32_t state;
  explicit Dice(int seed) : state(2654435761u * std::uint32_t(seed + 1)) {}
  int operator()(int n) {
    state = state * 1664525u + 1013904223u;
    return int((state >> 8) % std::uint32_t(n));
  }
};

struct Point {
  double x, y;
};

class Canvas {
 public:
  static constexpr int w = 800, h = 450;
  Canvas() : px_(std::size_t(w) * h * 3, 255) {}

  void put(int x, int y, Rgb c) {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    auto* p = &px_[(std::size_t(y) * w + std::size_t(x)) * 3];
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
  }
  // Top to bottom from `top` to `bottom`.
  void gradient(Rgb top, Rgb bottom) {
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) put(x, y, mix(top, bottom, double(y) / h));
  }
  void rect(double x0, double y0, double x1, double y1, Rgb c) {
    for (int y = int(std::max(0.0, y0)); y < int(std::min<double>(h, y1)); ++y)
      for (int x = int(std::max(0.0, x0)); x < int(std::min<double>(w, x1)); ++x) put(x, y, c);
  }
  void disc(double cx, double cy, double r, Rgb c) {
    each_in({cx - r, cy - r}, {cx + r, cy + r}, c,
            [&](double x, double y) { return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r; });
  }
  // A ring between radii r0 and r1, where the angle from the +x axis (y down) is within
  // [a0, a1] radians.
  void arc(double cx, double cy, double r0, double r1, double a0, double a1, Rgb c) {
    each_in({cx - r1, cy - r1}, {cx + r1, cy + r1}, c, [&](double x, double y) {
      double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy), a = std::atan2(y - cy, x - cx);
      return d2 >= r0 * r0 && d2 <= r1 * r1 && a >= a0 && a <= a1;
    });
  }
  void polygon(const std::vector<Point>& pts, Rgb c) {
    Point lo{1e9, 1e9}, hi{-1e9, -1e9};
    for (auto p : pts)
      lo = {std::min(lo.x, p.x), std::min(lo.y, p.y)},
      hi = {std::max(hi.x, p.x), std::max(hi.y, p.y)};
    each_in(lo, hi, c, [&](double x, double y) {
      bool in = false;
      for (std::size_t i = 0, j = pts.size() - 1; i < pts.size(); j = i++)
        if ((pts[i].y > y) != (pts[j].y > y) &&
            x < (pts[j].x - pts[i].x) * (y - pts[i].y) / (pts[j].y - pts[i].y) + pts[i].x)
          in = !in;
      return in;
    });
  }
  void line(Point a, Point b, double width, Rgb c) {
    double r = width / 2;
    each_in({std::min(a.x, b.x) - r, std::min(a.y, b.y) - r},
            {std::max(a.x, b.x) + r, std::max(a.y, b.y) + r}, c, [&](double x, double y) {
              double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
              double t =
                  len2 > 0 ? std::clamp(((x - a.x) * dx + (y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
              double ex = a.x + t * dx - x, ey = a.y + t * dy - y;
              return ex * ex + ey * ey <= r * r;
            });
  }
  std::string png() const {
    std::string out;
    stbi_write_png_to_func(
        [](void* ctx, void* data, int size) {
          static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), std::size_t(size));
        },
        &out, w, h, 3, px_.data(), w * 3);
    return out;
  }

 private:
  template <class Inside>
  void each_in(Point lo, Point hi, Rgb c, Inside inside) {
    for (int y = std::max(0, int(lo.y)); y <= std::min(h - 1, int(hi.y) + 1); ++y)
      for (int x = std::max(0, int(lo.x)); x <= std::min(w - 1, int(hi.x) + 1); ++x)
        if (inside(x + 0.5, y + 0.5)) put(x, y, c);
  }
  std::vector<unsigned char> px_;
};

const Rgb kWhite{255, 255, 255};

Rgb shade(Rgb c, double k) {
  return mix(c, {0, 0, 0}, 1 - k);
}
Rgb tint(Rgb c, double k) {
  return mix(c, kWhite, k);
}

// A ridge of mountains whose foot is at `base`, across the width.
void ridge(Canvas& cv, Dice& dice, double base, double height, Rgb c) {
  double p0 = dice(628) / 100.0, p1 = dice(628) / 100.0, p2 = dice(628) / 100.0;
  std::vector<Point> pts{{0, double(Canvas::h)}};
  for (int x = 0; x <= Canvas::w; x += 4)
    pts.push_back({double(x), base - height * (0.6 + 0.25 * std::sin(x / 90.0 + p0) +
                                               0.1 * std::sin(x / 37.0 + p1) +
                                               0.05 * std::sin(x / 13.0 + p2))});
  pts.push_back({double(Canvas::w), double(Canvas::h)});
  cv.polygon(pts, c);
}

void city(Canvas& cv, Dice& dice, Rgb c, int seed) {
  cv.gradient(tint(c, 0.8), tint(c, 0.2));
  ridge(cv, dice, 300, 160, shade(c, 0.5));
  for (int x = 0; x < Canvas::w;) {
    int width = 30 + dice(50), top = Canvas::h - 60 - dice(110);
    cv.rect(x, top, x + width - 4, Canvas::h, shade(c, 0.25));
    for (int wy = top + 10; wy < Canvas::h - 10; wy += 16)
      for (int wx = x + 5; wx < x + width - 10; wx += 12)
        if ((wx / 12 + wy / 16 + seed) % 3 == 0) cv.rect(wx, wy, wx + 6, wy + 8, {250, 220, 140});
    x += width;
  }
}

void street_map(Canvas& cv, Dice& dice, Rgb c) {
  cv.rect(0, 0, Canvas::w, Canvas::h, {241, 236, 224});
  // Parks, then a river, then the streets over them.
  for (int i = 0; i < 4; ++i) {
    double x = dice(700), y = dice(380);
    cv.rect(x, y, x + 50 + dice(90), y + 40 + dice(60), {200, 224, 184});
  }
  double river_y = 120 + dice(200), phase = dice(628) / 100.0;
  for (int x = 0; x < Canvas::w; x += 4)
    cv.line({double(x), river_y + 30 * std::sin(x / 110.0 + phase)},
            {double(x + 4), river_y + 30 * std::sin((x + 4) / 110.0 + phase)}, 26, {150, 190, 225});
  std::vector<double> xs, ys;
  for (double x = 40 + dice(40); x < Canvas::w; x += 70 + dice(60)) xs.push_back(x);
  for (double y = 30 + dice(30); y < Canvas::h; y += 60 + dice(50)) ys.push_back(y);
  for (double x : xs) cv.line({x, 0}, {x, double(Canvas::h)}, 12, {205, 198, 186});
  for (double y : ys) cv.line({0, y}, {double(Canvas::w), y}, 12, {205, 198, 186});
  for (double x : xs) cv.line({x, 0}, {x, double(Canvas::h)}, 8, kWhite);
  for (double y : ys) cv.line({0, y}, {double(Canvas::w), y}, 8, kWhite);
  // The route: along the streets from a start near one edge to a shelter near the other.
  std::size_t x0 = std::size_t(dice(2)), x1 = xs.size() - 1 - std::size_t(dice(2));
  std::size_t y0 = std::size_t(dice(int(ys.size()))), y1 = std::size_t(dice(int(ys.size())));
  std::size_t xm = (x0 + x1) / 2;
  std::vector<Point> route{{xs[x0], ys[y0]}, {xs[xm], ys[y0]}, {xs[xm], ys[y1]}, {xs[x1], ys[y1]}};
  for (std::size_t i = 1; i < route.size(); ++i) cv.line(route[i - 1], route[i], 9, c);
  cv.disc(route.front().x, route.front().y, 12, shade(c, 0.6));
  cv.disc(route.front().x, route.front().y, 6, kWhite);
  Point s = route.back();
  cv.disc(s.x, s.y, 22, {200, 40, 40});
  cv.rect(s.x - 12, s.y - 4, s.x + 12, s.y + 4, kWhite);
  cv.rect(s.x - 4, s.y - 12, s.x + 4, s.y + 12, kWhite);
}

void siren(Canvas& cv, Dice& dice, Rgb c) {
  cv.gradient(tint(c, 0.85), tint(c, 0.45));
  ridge(cv, dice, 420, 90, tint(c, 0.25));
  cv.rect(0, 410, Canvas::w, Canvas::h, shade(c, 0.45));
  double px = 260 + dice(280), top = 130 + dice(40);
  cv.rect(px - 9, top, px + 9, 420, {90, 90, 96});
  cv.rect(px - 30, top - 10, px + 30, top + 30, {70, 70, 76});
  Rgb horn{235, 235, 230};
  cv.polygon({{px - 30, top}, {px - 30, top + 20}, {px - 110, top + 45}, {px - 110, top - 25}},
             horn);
  cv.polygon({{px + 30, top}, {px + 30, top + 20}, {px + 110, top + 45}, {px + 110, top - 25}},
             horn);
  const double pi = 3.14159265358979;
  for (int i = 0; i < 3; ++i) {
    double r = 150 + 40 * i;
    cv.arc(px + 10, top + 10, r, r + 10, -0.45, 0.45, shade(c, 0.7));
    cv.arc(px - 10, top + 10, r, r + 10, pi - 0.45, pi, shade(c, 0.7));
    cv.arc(px - 10, top + 10, r, r + 10, -pi, -pi + 0.45, shade(c, 0.7));
  }
}

void shield(Canvas& cv, Dice& dice, Rgb c) {
  cv.gradient(shade(c, 0.35), shade(c, 0.2));
  for (int y = 12; y < Canvas::h; y += 22)
    for (int x = 10; x < Canvas::w; x += 16)
      if (dice(3) != 0) cv.rect(x, y, x + 8 - (dice(2) * 4), y + 12, shade(tint(c, 0.3), 0.55));
  double cx = 300 + dice(200), cy = 90;
  std::vector<Point> outline{{cx - 120, cy}, {cx + 120, cy}, {cx + 120, cy + 130}};
  for (int i = 0; i <= 20; ++i) {
    double t = i / 20.0;
    outline.push_back({cx + 120 * (1 - t), cy + 130 + 150 * std::sin(t * 1.5707963)});
  }
  for (int i = 20; i >= 0; --i) {
    double t = i / 20.0;
    outline.push_back({cx - 120 * (1 - t), cy + 130 + 150 * std::sin(t * 1.5707963)});
  }
  cv.polygon(outline, tint(c, 0.35));
  cv.arc(cx, cy + 150, 34, 50, -3.1416, 0, kWhite);
  cv.rect(cx - 50, cy + 150, cx + 50, cy + 230, kWhite);
  cv.disc(cx, cy + 180, 11, shade(c, 0.4));
  cv.rect(cx - 4, cy + 180, cx + 4, cy + 210, shade(c, 0.4));
}

void microphone(Canvas& cv, Dice& dice, Rgb c) {
  cv.gradient(tint(c, 0.75), tint(c, 0.35));
  cv.rect(0, 360, Canvas::w, Canvas::h, {120, 84, 56});
  cv.rect(0, 360, Canvas::w, 370, {150, 108, 72});
  double mx = 250 + dice(300);
  cv.rect(mx - 70, 345, mx + 70, 362, {40, 40, 44});
  cv.rect(mx - 6, 200, mx + 6, 350, {60, 60, 66});
  cv.arc(mx, 170, 38, 46, 0, 3.1416, {60, 60, 66});
  cv.disc(mx, 120, 34, {70, 70, 78});
  cv.rect(mx - 34, 120, mx + 34, 175, {70, 70, 78});
  cv.disc(mx, 175, 34, {70, 70, 78});
  for (int y = 100; y < 190; y += 10)
    cv.line({mx - 26, double(y)}, {mx + 26, double(y)}, 2, {110, 110, 120});
  // Two speech bubbles, one on each side.
  for (int side : {-1, 1}) {
    double bx = mx + side * (170 + dice(60)), by = 70 + dice(120);
    Rgb fill = side < 0 ? kWhite : tint(c, 0.15);
    cv.disc(bx - 70, by, 30, fill);
    cv.disc(bx + 70, by, 30, fill);
    cv.rect(bx - 70, by - 30, bx + 70, by + 30, fill);
    cv.polygon({{bx - side * 20, by + 25}, {bx - side * 60, by + 25}, {bx - side * 80, by + 65}},
               fill);
    for (int l = 0; l < 2; ++l)
      cv.rect(bx - 70, by - 12 + l * 18, bx + 40 + dice(40), by - 4 + l * 18,
              tint(shade(c, 0.6), side < 0 ? 0.3 : 0.9));
  }
}

void camp(Canvas& cv, Dice& dice, Rgb c) {
  cv.gradient(tint(c, 0.85), tint(c, 0.5));
  ridge(cv, dice, 320, 170, tint(shade(c, 0.6), 0.3));
  cv.rect(0, 300, Canvas::w, Canvas::h, {128, 140, 84});
  int tents = 3 + dice(3);
  for (int i = 0; i < tents; ++i) {
    double x = 60 + i * (680.0 / tents) + dice(40), base = 380 + dice(40), half = 55 + dice(20);
    cv.polygon({{x - half, base}, {x + half, base}, {x, base - 85}}, {88, 98, 60});
    cv.polygon({{x - 16, base}, {x + 16, base}, {x, base - 45}}, {50, 56, 36});
  }
  double fx = 120 + dice(560);
  cv.rect(fx - 3, 180, fx + 3, 330, {70, 60, 50});
  cv.polygon({{fx + 3, 185}, {fx + 90, 205}, {fx + 3, 225}}, c);
}

struct Scene {
  std::string_view category;
  Rgb colour;
  void (*draw)(Canvas&, Dice&, Rgb);
  std::array<std::string_view, 3> alt;
};

}  // namespace

Picture draw_picture(std::string_view category, int seed) {
  static const Scene scenes[] = {
      {"interviews",
       {92, 52, 120},
       microphone,
       {"Үстелдегі микрофон және сөз бұлттары", "Микрофон на столе и облачка реплик",
        "A microphone on a table and speech bubbles"}},
      {"notices",
       {176, 96, 16},
       siren,
       {"Діңгектегі хабарлау сиренасы", "Сирена оповещения на опоре", "A warning siren on a pole"}},
      {"evacuation",
       {20, 110, 70},
       street_map,
       {"Баспанаға дейінгі эвакуация бағыты белгіленген көше сызбасы",
        "Схема улиц с маршрутом эвакуации до укрытия",
        "A street map with the evacuation route to a shelter"}},
      {"exercises",
       {150, 40, 40},
       camp,
       {"Тау етегіндегі дала лагері: шатырлар мен ту", "Полевой лагерь у гор: палатки и флаг",
        "A field camp below the mountains: tents and a flag"}},
      {"infosec",
       {40, 90, 110},
       shield,
       {"Код аясындағы құлпы бар қалқан", "Щит с замком на фоне кода",
        "A shield with a padlock over lines of code"}},
  };
  Canvas cv;
  Dice dice(seed);
  for (const auto& s : scenes)
    if (s.category == category) {
      s.draw(cv, dice, s.colour);
      return {cv.png(), {std::string(s.alt[0]), std::string(s.alt[1]), std::string(s.alt[2])}};
    }
  city(cv, dice, {13, 79, 139}, seed);
  return {cv.png(),
          {"Қала үстіндегі таулар, ымырт", "Горы над городом в сумерках",
           "Mountains over the city at dusk"}};
}

}  // namespace qorgan::portal::demo
