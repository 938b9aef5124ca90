// The only translation unit that includes Beast (it is slow to compile; keep it so).
#include <utility>  // Boost 1.74's Asio needs it first under GCC 12

#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace qorgan::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

void add_default_headers(Response& r) {
  auto ensure = [&](const char* name, const char* value) {
    if (r.get_header(name).empty()) r.header(name, value);
  };
  ensure("Content-Security-Policy",
         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
         "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  ensure("X-Content-Type-Options", "nosniff");
  ensure("X-Frame-Options", "DENY");
  ensure("Referrer-Policy", "strict-origin-when-cross-origin");
  ensure("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  ensure("Cross-Origin-Opener-Policy", "same-origin");
  ensure("Cache-Control", "no-store");
}

namespace {

struct Shared {
  const ServerOptions& options;
  const Router& router;
  Metrics& metrics;
  std::atomic<int> connections{0};
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
};

std::string make_request_id(std::string_view incoming) {
  bool ok = !incoming.empty() && incoming.size() <= 64;
  for (char c : incoming)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_');
  return ok ? std::string(incoming) : core::random_token(12);
}

void access_log(const Request& req, int status, std::size_t bytes, double seconds,
                const std::string& route) {
  core::Json line{{"ts", core::format_rfc3339(core::now_us())},
                  {"rid", req.request_id},
                  {"remote", req.remote},
                  {"method", req.method},
                  {"path", req.path},
                  {"route", route},
                  {"status", status},
                  {"bytes", bytes},
                  {"ms", std::round(seconds * 100000.0) / 100.0}};
  auto s = line.dump(-1, ' ', false, core::Json::error_handler_t::replace) + "\n";
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {
    ++shared_.connections;
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? "" : ep.address().to_string();
  }
  ~Session() { --shared_.connections; }

  void start() { read(); }

  void reject_busy() {
    Response r =
        problem({core::ErrorCode::unavailable, "The server has too many connections.", {}});
    r.header("Retry-After", "1");
    send(std::move(r), false, nullptr);
  }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(std::uint32_t(shared_.options.header_limit));
    parser_->body_limit(shared_.options.body_limit);
    stream_.expires_after(first_ ? shared_.options.request_timeout : shared_.options.idle_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    started_ = std::chrono::steady_clock::now();
    // The request must arrive whole within the request timeout, counted from its header.
    stream_.expires_after(shared_.options.request_timeout);
    if (parser_->get()[bhttp::field::expect] == "100-continue") {
      auto cont =
          std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
      bhttp::async_write(stream_, *cont,
                         [self = shared_from_this(), cont](beast::error_code ec, std::size_t) {
                           if (ec) return self->close();
                           self->read_body();
                         });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->on_read_error(ec);
                        self->handle();
                      });
  }

  void on_read_error(beast::error_code ec) {
    first_ = false;
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof) return close();
    Request req;
    req.request_id = core::random_token(12);
    req.remote = remote_;
    int status = 0;
    std::string detail;
    if (ec == bhttp::error::header_limit) {
      status = 431, detail = "The request header is larger than the server accepts.";
    } else if (ec == bhttp::error::body_limit) {
      status = 413,
      detail = fmt::format("The request body is larger than {} bytes.", shared_.options.body_limit);
    } else if (ec == beast::error::timeout) {
      if (!parser_->got_some()) return close();  // an idle keep-alive connection
      status = 408, detail = "The request did not arrive in time.";
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
      status = 400, detail = "The request is not valid HTTP/1.1.";
    } else {
      return close();
    }
    core::Json j{{"type", "about:blank"},
                 {"status", status},
                 {"detail", detail},
                 {"request_id", req.request_id}};
    Response r = Response::json(j, status);
    r.headers[0].second = "application/problem+json";
    if (shared_.options.access_log) access_log(req, status, r.body.size(), 0, "rejected");
    send(std::move(r), false, nullptr);
  }

  void handle() {
    ++shared_.in_flight;
    auto& msg = parser_->get();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    auto q = req.target.find('?');
    req.path = url_decode(std::string_view(req.target).substr(0, q), false);
    if (q != std::string::npos) req.query = parse_query(std::string_view(req.target).substr(q + 1));
    for (const auto& f : msg)
      req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    req.body = std::move(msg.body());
    req.remote = remote_;
    req.request_id = make_request_id(req.header("X-Request-Id"));
    bool keep_alive = msg.keep_alive() && !shared_.stopping;

    Response res;
    std::string route = "unmatched";
    try {
      auto m = shared_.router.match(req);
      route = m.route;
      if (m.handler) {
        res = (*m.handler)(req);
      } else if (m.path_known) {
        res = problem({core::ErrorCode::invalid, "This method is not allowed here.", {}},
                      req.request_id);
        res.status = 405;
      } else {
        res = problem(core::Error::not_found("There is nothing at " + req.path + "."),
                      req.request_id);
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "{\"level\":\"error\",\"rid\":\"%s\",\"error\":%s}\n",
                   req.request_id.c_str(),
                   core::Json(std::string(e.what()))
                       .dump(-1, ' ', false, core::Json::error_handler_t::replace)
                       .c_str());
      res = problem(core::Error::internal("Something went wrong on our side; quote request id " +
                                          req.request_id + " when reporting it."),
                    req.request_id);
    }
    add_default_headers(res);
    res.header("X-Request-Id", req.request_id);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    shared_.metrics.observe(req.method, route, res.status, seconds);
    if (shared_.options.access_log) access_log(req, res.status, res.body.size(), seconds, route);
    --shared_.in_flight;
    send(std::move(res), keep_alive, req.method == "HEAD" ? &req : nullptr);
  }

  void send(Response&& r, bool keep_alive, const Request* head) {
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>();
    msg->version(11);
    msg->result(unsigned(r.status));
    for (auto& [k, v] : r.headers) msg->insert(k, v);
    msg->body() = std::move(r.body);
    msg->keep_alive(keep_alive);
    msg->prepare_payload();
    if (head) msg->body().clear();  // HEAD: same headers, no body
    stream_.expires_after(shared_.options.request_timeout);
    bool close_after = !keep_alive;
    auto write_done = [self = shared_from_this(), msg, close_after](beast::error_code ec,
                                                                    std::size_t) {
      if (ec || close_after || self->shared_.stopping) return self->close();
      self->first_ = false;
      self->read();
    };
    if (head) {
      auto sr = std::make_shared<bhttp::response_serializer<bhttp::string_body>>(*msg);
      sr->split(true);
      bhttp::async_write_header(
          stream_, *sr,
          [sr, write_done](beast::error_code ec, std::size_t n) { write_done(ec, n); });
      return;
    }
    bhttp::async_write(stream_, *msg, std::move(write_done));
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_;
  std::chrono::steady_clock::time_point started_;
  bool first_ = true;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, tcp::endpoint ep, Shared& shared)
      : ioc_(ioc), acceptor_(asio::make_strand(ioc)), shared_(shared) {
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](
                                                        beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted) return;
        return self->accept();
      }
      socket.set_option(tcp::no_delay(true));
      auto session = std::make_shared<Session>(std::move(socket), self->shared_);
      if (self->shared_.connections > self->shared_.options.max_connections)
        session->reject_busy();
      else
        session->start();
      self->accept();
    });
  }
  void stop() {
    beast::error_code ec;
    acceptor_.close(ec);
  }

 private:
  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  Shared& shared_;
};

}  // namespace

void serve(const ServerOptions& options, const Router& router, Metrics& metrics,
           const std::function<void(unsigned short)>& on_listening) {
  asio::io_context ioc(options.threads);
  Shared shared{options, router, metrics};
  boost::system::error_code ec;
  auto address = asio::ip::make_address(options.host, ec);
  if (ec) throw std::runtime_error("cannot listen on '" + options.host + "': not an IP address");
  std::shared_ptr<Listener> listener;
  try {
    listener = std::make_shared<Listener>(ioc, tcp::endpoint(address, options.port), shared);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{}: {}", options.host, options.port, e.code().message()));
  }
  // Signals are caught before anyone is told the port, so an early SIGTERM is graceful too.
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  asio::steady_timer drain(ioc);
  auto deadline = std::make_shared<std::chrono::steady_clock::time_point>();
  std::function<void()> poll = [&] {
    if (shared.in_flight == 0 || std::chrono::steady_clock::now() >= *deadline) {
      ioc.stop();
      return;
    }
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait([&](beast::error_code) { poll(); });
  };
  signals.async_wait([&](beast::error_code, int) {
    shared.stopping = true;
    listener->stop();
    *deadline = std::chrono::steady_clock::now() + options.drain_timeout;
    poll();
  });
  listener->accept();
  if (on_listening) on_listening(listener->port());

  std::vector<std::thread> threads;
  for (int i = 1; i < options.threads; ++i) threads.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
}

}  // namespace qorgan::http
