// The only translation unit that includes Beast (it is slow to compile; keep it so).
#include <utility>  // Boost 1.74's Asio needs it first under GCC 12

#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <sodium.h>

#include "core/crypto.hpp"
#include "core/json.hpp"
#include "core/outage.hpp"
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

// 16 unguessable base64url characters, like core::random_token(12), without a getrandom() system
// call per request: each thread keys a ChaCha20 stream from the system CSPRNG once and takes the
// next 12 bytes of it (a fresh nonce each time) for every id.
std::string new_request_id() {
  struct Stream {
    std::array<unsigned char, crypto_stream_chacha20_KEYBYTES> key{};
    std::uint64_t counter = 0;
    Stream() { randombytes_buf(key.data(), key.size()); }
    ~Stream() { sodium_memzero(key.data(), key.size()); }
  };
  thread_local Stream stream;
  std::array<unsigned char, crypto_stream_chacha20_NONCEBYTES> nonce{};
  std::uint64_t n = stream.counter++;
  std::memcpy(nonce.data(), &n, sizeof n);
  unsigned char bytes[12];
  crypto_stream_chacha20(bytes, sizeof bytes, nonce.data(), stream.key.data());
  char out[sodium_base64_ENCODED_LEN(12, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(out);
}

std::string make_request_id(std::string_view incoming) {
  bool ok = !incoming.empty() && incoming.size() <= 64;
  for (char c : incoming)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_');
  return ok ? std::string(incoming) : new_request_id();
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

// What is wrong with how the request's body is framed, or "" when nothing is. RFC 9112 §6.1 and
// §6.3: with a Transfer-Encoding the body is framed by its final coding, which in a request must
// be chunked; the server decodes no other coding, so the only one accepted is chunked alone, in
// HTTP/1.1. Beast reads any other list (`xchunked`, `chunked, identity`) as a request without a
// body, and the body's bytes would then be read as the next request.
std::string framing_problem(const bhttp::request<bhttp::string_body>& msg) {
  auto [first, last] = msg.equal_range(bhttp::field::transfer_encoding);
  if (first == last) return {};
  if (msg.version() != 11) return "An HTTP/1.0 request cannot have a Transfer-Encoding.";
  int codings = 0;
  bool chunked_only = true;
  for (auto it = first; it != last; ++it) {
    std::string_view list(it->value().data(), it->value().size());
    while (!list.empty()) {
      auto comma = list.find(',');
      std::string_view coding = list.substr(0, comma);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t'))
        coding.remove_prefix(1);
      while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t'))
        coding.remove_suffix(1);
      if (coding.empty()) continue;  // empty list elements are allowed and mean nothing
      ++codings;
      chunked_only = chunked_only && iequals(coding, "chunked");
    }
  }
  if (codings == 1 && chunked_only) return {};
  return "The request's Transfer-Encoding is not supported: a request body is sent with "
         "Content-Length or with Transfer-Encoding: chunked alone.";
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
    if (auto framing = framing_problem(parser_->get()); !framing.empty())
      return refuse({core::ErrorCode::bad_request, std::move(framing), {}});
    // Two Host headers name two sites; which one a proxy or cache used is anyone's guess
    // (RFC 9112 §3.2), so the request is refused rather than answered for either.
    if (parser_->get().count(bhttp::field::host) > 1)
      return refuse(
          {core::ErrorCode::bad_request, "The request has more than one Host header.", {}});
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
    // A request without a body (every GET) is complete with its header: handle it now rather
    // than through another read operation.
    if (parser_->is_done()) return handle();
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
    if (ec == bhttp::error::header_limit)
      return refuse({core::ErrorCode::header_too_large,
                     "The request header is larger than the server accepts.",
                     {}});
    if (ec == bhttp::error::body_limit)
      return refuse(
          {core::ErrorCode::too_large,
           fmt::format("The request body is larger than {} bytes.", shared_.options.body_limit),
           {}});
    if (ec == beast::error::timeout) {
      if (!parser_->got_some()) return close();  // an idle keep-alive connection
      return refuse({core::ErrorCode::request_timeout, "The request did not arrive in time.", {}});
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category())
      return refuse({core::ErrorCode::bad_request, "The request is not valid HTTP/1.1.", {}});
    close();
  }

  // Answers a request that is not read any further and closes the connection: the bytes after
  // the refused part cannot be told apart from the next request.
  void refuse(const core::Error& error) {
    Request req;
    req.request_id = core::random_token(12);
    req.remote = remote_;
    Response r = problem(error, req.request_id);
    if (shared_.options.access_log) access_log(req, r.status, r.body.size(), 0, "rejected");
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
        res = problem({core::ErrorCode::method_not_allowed,
                       req.method + " is not allowed on " + req.path + ".",
                       {}},
                      req.request_id);
        res.header("Allow", m.allowed);  // RFC 9110 §15.5.6: a 405 names what is allowed
      } else {
        res = problem(core::Error::not_found("There is nothing at " + req.path + "."),
                      req.request_id);
      }
    } catch (const core::Outage& e) {  // the database went away: 503, the client may retry
      std::fprintf(stderr, "{\"level\":\"warning\",\"rid\":\"%s\",\"error\":%s}\n",
                   req.request_id.c_str(),
                   core::Json(std::string(e.what()))
                       .dump(-1, ' ', false, core::Json::error_handler_t::replace)
                       .c_str());
      res = problem(e.error(), req.request_id);
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
    if (plain_head(r, keep_alive, out_head_)) {
      out_body_ = head ? std::string() : std::move(r.body);  // HEAD: same headers, no body
      stream_.expires_after(shared_.options.request_timeout);
      std::array<asio::const_buffer, 2> buffers{asio::buffer(out_head_), asio::buffer(out_body_)};
      asio::async_write(stream_, buffers,
                        [self = shared_from_this(), close_after = !keep_alive](beast::error_code ec,
                                                                               std::size_t) {
                          self->out_body_.clear();
                          if (ec || close_after || self->shared_.stopping) return self->close();
                          self->first_ = false;
                          self->read();
                        });
      return;
    }
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

  // Writes into `out` the response head exactly as Beast's serializer writes it for `r` in
  // send()'s slow path below (fields in order with trimmed values, then Connection: close when
  // the connection ends, then Content-Length), without building a Beast message: that costs
  // more than the rest of answering a small read. Returns false, and leaves the response to
  // Beast, for what Beast would treat specially: a repeated header name, a length, connection
  // or transfer-encoding header set by the handler, a body on a status that has none.
  static bool plain_head(const Response& r, bool keep_alive, std::string& out) {
    if (r.status < 200 || r.status > 999 ||
        ((r.status == 204 || r.status == 304) && !r.body.empty()))
      return false;
    for (size_t i = 0; i < r.headers.size(); ++i) {
      const auto& name = r.headers[i].first;
      if (name.empty() || name.size() > 1000 || r.headers[i].second.size() > 30000 ||
          iequals(name, "Content-Length") || iequals(name, "Connection") ||
          iequals(name, "Transfer-Encoding"))
        return false;
      for (size_t j = 0; j < i; ++j)
        if (iequals(r.headers[j].first, name)) return false;
    }
    auto reason = bhttp::obsolete_reason(bhttp::int_to_status(unsigned(r.status)));
    out.clear();
    out.append("HTTP/1.1 ").append(std::to_string(r.status)).append(" ");
    out.append(reason.data(), reason.size()).append("\r\n");
    for (const auto& [name, value] : r.headers) {
      std::string_view v = value;  // Beast trims spaces and tabs around a value
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      out.append(name).append(": ").append(v).append("\r\n");
    }
    if (!keep_alive) out.append("Connection: close\r\n");
    out.append("Content-Length: ").append(std::to_string(r.body.size())).append("\r\n\r\n");
    return true;
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
  std::string out_head_, out_body_;  // the response being written (one at a time)
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, const tcp::endpoint& ep, Shared& shared)
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
