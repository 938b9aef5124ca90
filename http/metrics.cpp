#include "http/metrics.hpp"

#include <fmt/format.h>

namespace qorgan::http {

void Metrics::observe(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard lock(mu_);
  auto counted = requests_.find(std::tuple(method, route, status));
  if (counted == requests_.end())
    counted =
        requests_.emplace(std::tuple(std::string(method), std::string(route), status), 0).first;
  ++counted->second;
  auto timed = latency_.find(std::tuple(method, route));
  if (timed == latency_.end())
    timed =
        latency_.emplace(std::tuple(std::string(method), std::string(route)), Histogram{}).first;
  auto& h = timed->second;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.counts[i];
  ++h.total;
  h.sum += seconds;
}

void Metrics::add_source(std::function<std::string()> source) {
  std::lock_guard lock(mu_);
  sources_.push_back(std::move(source));
}

static std::string label(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::string out =
      "# HELP qorgan_http_requests_total HTTP requests by route, method and status.\n"
      "# TYPE qorgan_http_requests_total counter\n";
  for (const auto& [k, n] : requests_)
    out +=
        fmt::format("qorgan_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                    label(std::get<0>(k)), label(std::get<1>(k)), std::get<2>(k), n);
  out +=
      "# HELP qorgan_http_request_duration_seconds Time from request read to response ready.\n"
      "# TYPE qorgan_http_request_duration_seconds histogram\n";
  for (const auto& [k, h] : latency_) {
    auto base =
        fmt::format("method=\"{}\",route=\"{}\"", label(std::get<0>(k)), label(std::get<1>(k)));
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format("qorgan_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", base,
                         kBuckets[i], h.counts[i]);
    out += fmt::format("qorgan_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", base,
                       h.total);
    out += fmt::format("qorgan_http_request_duration_seconds_sum{{{}}} {}\n", base, h.sum);
    out += fmt::format("qorgan_http_request_duration_seconds_count{{{}}} {}\n", base, h.total);
  }
  const auto& c = connections_;
  out += fmt::format(
      "# HELP qorgan_http_connections Open connections, and those of them idle between "
      "requests.\n"
      "# TYPE qorgan_http_connections gauge\n"
      "qorgan_http_connections{{state=\"open\"}} {}\n"
      "qorgan_http_connections{{state=\"idle\"}} {}\n"
      "# HELP qorgan_http_connections_refused_total Connections answered 503 and closed: every "
      "connection was busy (limit) or the client's address had its maximum (per_address).\n"
      "# TYPE qorgan_http_connections_refused_total counter\n"
      "qorgan_http_connections_refused_total{{reason=\"limit\"}} {}\n"
      "qorgan_http_connections_refused_total{{reason=\"per_address\"}} {}\n"
      "# HELP qorgan_http_idle_connections_closed_total Idle connections the server closed: "
      "after the idle timeout (timeout) or to admit a newcomer at the limit (evicted).\n"
      "# TYPE qorgan_http_idle_connections_closed_total counter\n"
      "qorgan_http_idle_connections_closed_total{{reason=\"timeout\"}} {}\n"
      "qorgan_http_idle_connections_closed_total{{reason=\"evicted\"}} {}\n",
      c.open.load(), c.idle.load(), c.refused_limit.load(), c.refused_per_address.load(),
      c.closed_idle_timeout.load(), c.closed_evicted.load());
  for (const auto& s : sources_) out += s();
  return out;
}

}  // namespace qorgan::http
