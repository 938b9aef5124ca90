#pragma once
// Prometheus text metrics: requests by route, method and status, and a latency histogram per
// route. Counters sit behind one mutex; a request touches it once. Connection counts are atomics
// the server updates as connections open, idle and close.
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace qorgan::http {

// What the server's connections are doing, and what it refused or closed to stay responsive.
struct ConnectionCounts {
  std::atomic<long> open{0};
  std::atomic<long> idle{0};                          // open and waiting for a request
  std::atomic<unsigned long> refused_limit{0};        // every connection busy: 503
  std::atomic<unsigned long> refused_per_address{0};  // the address's cap reached: 503
  std::atomic<unsigned long> closed_idle_timeout{0};
  std::atomic<unsigned long> closed_evicted{0};  // the longest idle, closed to admit a newcomer
};

class Metrics {
 public:
  void observe(std::string_view method, std::string_view route, int status, double seconds);
  // Extra lines (gauges from other parts, e.g. the database pool) appended on render.
  void add_source(std::function<std::string()> source);
  std::string render() const;
  ConnectionCounts& connections() { return connections_; }

  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

 private:
  struct Histogram {
    std::array<unsigned long, kBuckets.size()> counts{};
    unsigned long total = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  // Found by views of the request's method and route (std::less<>): a request copies no string.
  std::map<std::tuple<std::string, std::string, int>, unsigned long, std::less<>> requests_;
  std::map<std::tuple<std::string, std::string>, Histogram, std::less<>> latency_;
  std::vector<std::function<std::string()>> sources_;
  ConnectionCounts connections_;
};

}  // namespace qorgan::http
