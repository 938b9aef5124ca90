#pragma once
// Printable evacuation orders: one self-contained HTML document with a cover page (the plan's
// figures and the list of neighbourhoods) and one page per neighbourhood saying how many people
// leave, when (departure windows counted from the order, "H+28 min"), from where and to which
// assembly point or shelter (places named by the streets that meet there), along which streets,
// when they are expected there, with a small map sketch of the routes, and who cannot be
// evacuated and why.
//
// The document has no scripts and loads nothing: its CSS is one inline <style> element and the
// sketches are inline SVG. Every piece of text that comes from input (neighbourhood, shelter and
// street names, reasons, labels) is HTML-escaped, control characters are dropped and invalid
// UTF-8 is replaced, so a hostile name cannot inject markup. Serve it with
// kOrdersContentSecurityPolicy.

#include <string>
#include <vector>

#include "evac/graph/network.hpp"
#include "evac/plan/plan.hpp"

namespace qorgan::evac::io {

struct OrdersOptions {
  // The document's language: "kk", "ru" or "en" (anything else is English). The title, when it
  // is the default, is translated too; names from the input are shown as given.
  std::string language = "en";
  std::string title = "Evacuation orders";
  std::string subtitle;  // e.g. the plan's name and region; optional
  std::string issued;    // e.g. "2026-11-25 16:40 UTC"; optional
  // Credits "© OpenStreetMap contributors" (set when the network was imported from OSM).
  bool osm_attribution = false;
  // The neighbourhood of each source (by index into Problem::sources). When empty, a source's
  // own name is its neighbourhood; a source without a name is "Junction <id>" on its own.
  std::vector<std::string> neighbourhoods;
};

// The CSP under which the document renders as intended: its inline style, nothing else.
inline constexpr const char* kOrdersContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// Neighbourhoods are ordered by name; sources keep their order within one.
std::string plan_orders_html(const Problem& problem, const Plan& plan,
                             const OrdersOptions& options = {});

// A time step as time since the order, never a bare "mm:ss" that reads as hours: "H+20 s",
// "H+59 min 50 s", "H+1 h 05 min" (hours appear from one hour on). Seconds are rounded to the
// nearest second. In English; inside plan_orders_html, in the document's language.
std::string order_time(Time step, double step_seconds);

// A departure window: people of one movement (same origin, route and shelter) who leave in
// consecutive steps [first, last]; a gap of more than one step starts a new window.
struct DepartureWindow {
  Time first_departure = 0, last_departure = 0;
  Time first_arrival = 0, last_arrival = 0;
  People people = 0;
};

// One origin's people who take the same route to the same shelter.
struct Movement {
  std::uint32_t source = 0, shelter = 0;
  std::vector<ArcIndex> route;
  People people = 0;
  std::vector<DepartureWindow> windows;  // by time
};

struct Neighbourhood {
  std::string name;
  std::vector<std::uint32_t> sources;  // indices into Problem::sources
  People people = 0;                   // all of its sources' people
  People unroutable = 0;
  std::vector<Movement> movements;  // by origin (source order), then first departure
};

// The grouping the document is made of (exposed for tests and other renderers).
std::vector<Neighbourhood> plan_neighbourhoods(const Problem& problem, const Plan& plan,
                                               const std::vector<std::string>& names = {});

// The street names a route follows, consecutive repeats merged; an unnamed stretch reads
// "unnamed road". Empty when the network has no names.
std::vector<std::string> route_streets(const Network& network, const std::vector<ArcIndex>& route);

}  // namespace qorgan::evac::io
