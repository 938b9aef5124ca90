#include "http/router.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <stdexcept>

namespace qorgan::http {

// A path's segments, in place: no route has more than kMaxSegments (add() refuses one), so a path
// with more matches none and is not split further.
constexpr std::size_t kMaxSegments = 16;
struct Segments {
  std::array<std::string_view, kMaxSegments + 1> part;
  std::size_t size = 0;  // kMaxSegments + 1: more than any route has
};

static Segments split(std::string_view path) {
  Segments out;
  while (!path.empty() && out.size <= kMaxSegments) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    out.part[out.size++] = path.substr(0, slash);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

void Router::add(std::string method, const std::string& pattern, Handler handler, Cost cost) {
  Route r{std::move(method), pattern, {}, std::move(handler), cost};
  auto segments = split(pattern);
  if (segments.size > kMaxSegments) throw std::logic_error("too many segments in " + pattern);
  for (auto seg : std::span(segments.part.data(), segments.size)) {
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      auto inner = seg.substr(1, seg.size() - 2);
      auto colon = inner.find(':');
      Segment s{std::string(inner.substr(0, colon)), true, false};
      if (colon != std::string_view::npos) {
        if (inner.substr(colon + 1) != "id") throw std::logic_error("unknown type in " + pattern);
        s.id = true;
      }
      r.segments.push_back(std::move(s));
    } else {
      r.segments.push_back({std::string(seg), false, false});
    }
  }
  routes_.push_back(std::move(r));
}

static bool positive_int(std::string_view s) {
  if (s.empty() || s.size() > 18 || s[0] == '0') return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "/ru/?q=1" -> "/ru?q=1": the target as sent (still percent-encoded), its path's trailing
// slashes removed and the query kept.
static std::string without_trailing_slash(std::string_view target) {
  auto q = target.find('?');
  std::string_view path = target.substr(0, q),
                   query = q == std::string_view::npos ? "" : target.substr(q);
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return std::string(path) + std::string(query);
}

Router::Router()
    : slash_redirect_([](Request& req) {
        return Response::redirect(without_trailing_slash(req.target), 301);
      }) {}

Router::Match Router::match(Request& req) const {
  auto parts = split(req.path);
  bool trailing = req.path.size() > 1 && req.path.back() == '/';
  Match m{nullptr, "unmatched", false, {}, Cost::light};
  // A page asked for with a trailing slash moves to its one address without it, when a GET
  // route answers there. Never to "//host…" (another site) nor for other methods.
  if (trailing && (req.method == "GET" || req.method == "HEAD") && !req.path.starts_with("//")) {
    auto target = without_trailing_slash(req.target);
    if (!target.starts_with("//") && !target.empty() && target.front() == '/') {
      Request bare;
      bare.method = "GET";
      bare.path = req.path;
      while (bare.path.size() > 1 && bare.path.back() == '/') bare.path.pop_back();
      if (bare.path.size() < req.path.size() && match(bare).handler)
        return {&slash_redirect_, "trailing slash", true, {}, Cost::light};
    }
  }
  // Found without allocating: the segments are views of the path, and the parameters are
  // copied only for the route that answers.
  std::vector<std::string> allowed;
  for (const auto& r : routes_) {
    if (r.segments.size() != parts.size || trailing) continue;
    bool ok = true;
    for (size_t i = 0; i < parts.size && ok; ++i) {
      const auto& s = r.segments[i];
      ok = !s.param ? s.text == parts.part[i] : !s.id || positive_int(parts.part[i]);
    }
    if (!ok) continue;
    bool method_ok = r.method == req.method || (r.method == "GET" && req.method == "HEAD");
    if (!method_ok) {
      m.path_known = true;
      allowed.push_back(r.method);
      if (r.method == "GET") allowed.emplace_back("HEAD");
      continue;
    }
    req.params.clear();
    for (size_t i = 0; i < parts.size; ++i)
      if (r.segments[i].param) req.params[r.segments[i].text] = std::string(parts.part[i]);
    return {&r.handler, r.pattern, true, {}, r.cost};
  }
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  for (const auto& a : allowed) m.allowed += (m.allowed.empty() ? "" : ", ") + a;
  return m;
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.cost});
  return out;
}

}  // namespace qorgan::http
