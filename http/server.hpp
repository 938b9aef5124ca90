#pragma once
// The HTTP/1.1 server: Boost.Beast on a few threads, keep-alive, limits that answer 408/413/431
// and 503 instead of failing, security headers on every response, a JSON access log, request
// ids, and graceful shutdown on SIGTERM/SIGINT (stop accepting, finish in-flight, return).
//
// Connections: an idle one (before its first request or between keep-alive requests) holds no
// parser and no buffer, only its socket. Past 3/4 of max_connections idle ones are closed after
// busy_idle_timeout; at max_connections the longest idle is closed to admit a newcomer, and only
// when every connection is in the middle of a request is a newcomer refused (503). One address
// may hold max_connections_per_address (0: no cap, for a server behind a reverse proxy, where
// every client has the proxy's address).
//
// Threads: `io_threads` (one per core by default) read and write, each running an io_context of
// its own with the connections dealt to it in turn; handlers run on a pool of `threads`, since a
// handler may wait for the database (a write waits for its group's commit) and must not hold an I/O
// thread meanwhile, and the handler's thread writes its answer itself when the socket takes it at
// once (else an I/O thread writes it). A handler may instead hand its work on and answer later from
// another thread (http/later.hpp): its pool thread is then free at once. Routes declared
// Cost::cached are answered on the I/O thread when their page cache holds the answer (see
// CachedOnly), on the handler pool when not. Routes declared Cost::heavy run on a small pool of
// their own with a bounded queue; when it is full such a request gets 503 with Retry-After.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "http/client_address.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace qorgan::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 4;     // handler threads
  int io_threads = 0;  // 0: one per core
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 8 * 1024 * 1024;
  std::chrono::seconds request_timeout{15};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds busy_idle_timeout{5};
  int max_connections = 512;
  int max_connections_per_address = 256;
  // Peers whose X-Forwarded-For names the client (Request::remote); see client_address.hpp.
  TrustedProxies trusted_proxies;
  std::chrono::seconds drain_timeout{10};
  int heavy_threads = 0;        // threads for heavy routes; 0: core::WorkerPool::default_threads()
  std::size_t heavy_queue = 8;  // heavy requests that may wait for one of them (beyond: 503)
  bool access_log = true;
  // Puts an error answer that no handler put into a language (the server's own 404, 405, 503 and
  // 500, and any handler's without a Content-Language) into the caller's; unset: as written.
  std::function<Response(const Request&, Response)> speak;
};

// Runs until SIGTERM/SIGINT; `on_listening` is called with the bound port once accepting.
// Throws std::runtime_error when the address cannot be bound.
void serve(const ServerOptions& options, const Router& router, Metrics& metrics,
           const std::function<void(unsigned short)>& on_listening = {});

// Fills in what every response carries unless the handler chose otherwise.
void add_default_headers(Response& response);

}  // namespace qorgan::http
