#pragma once
// Routes by method and path pattern. Patterns are literal segments, {name} (one segment) and
// {name:id} (a positive integer, else the route does not match). Each route has a name (its
// pattern) used as the metrics label, so ids never explode the label set.
// A GET or HEAD of a path with a trailing slash whose slashless form is a GET route answers
// 301 to that form, the query kept ("/ru/?q=x" -> "/ru?q=x"); the metrics label is
// "trailing slash".
// Where the server runs a route's handler (see server.hpp): light ones on the handler pool;
// heavy ones (decoding, importing, rendering that takes more than about 100 ms) on the bounded
// heavy pool; cached ones first on the I/O thread, answering only from a PageCache (see
// CachedOnly in page_cache.hpp), and on the handler pool when what they need is not kept.
#include <functional>
#include <string>
#include <vector>

#include "http/request.hpp"

namespace qorgan::http {

using Handler = std::function<Response(Request&)>;

enum class Cost { light, heavy, cached };

class Router {
 public:
  Router();
  void add(std::string method, const std::string& pattern, Handler handler,
           Cost cost = Cost::light);

  struct Match {
    const Handler* handler = nullptr;
    std::string_view route;   // the pattern (the router keeps it), or "unmatched"
    bool path_known = false;  // the path exists for some other method (405)
    std::string allowed;      // then its methods, for the Allow header: "GET, HEAD, PATCH"
    Cost cost = Cost::light;
  };
  Match match(Request& req) const;

  struct RouteInfo {
    std::string method, pattern;
    Cost cost = Cost::light;
  };
  std::vector<RouteInfo> routes() const;

 private:
  struct Segment {
    std::string text;
    bool param = false, id = false;
  };
  struct Route {
    std::string method, pattern;
    std::vector<Segment> segments;
    Handler handler;
    Cost cost = Cost::light;
  };
  std::vector<Route> routes_;
  Handler slash_redirect_;  // the answer to "/page/" when "/page" is a GET route
};

}  // namespace qorgan::http
