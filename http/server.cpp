// The only translation unit that includes Beast (it is slow to compile; keep it so).
#include <utility>  // Boost 1.74's Asio needs it first under GCC 12

#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <sodium.h>

#include "core/crypto.hpp"
#include "core/fast_random.hpp"
#include "core/json.hpp"
#include "core/outage.hpp"
#include "core/time.hpp"
#include "core/worker_pool.hpp"
#include "http/access_log.hpp"
#include "http/framing.hpp"
#include "http/later.hpp"
#include "http/page_cache.hpp"

namespace qorgan::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {
// What add_default_headers() adds, in its order.
constexpr std::pair<std::string_view, std::string_view> kDefaultHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Cache-Control", "no-store"},
};
}  // namespace

void add_default_headers(Response& r) {
  for (auto [name, value] : kDefaultHeaders)
    if (r.get_header(name).empty()) r.header(std::string(name), std::string(value));
}

namespace {

class Session;

// Why the server took an idle connection out of the idle lists (see Session::on_readable).
enum class Taken { no, timeout, evicted, drain };

struct IdleEntry {
  // Alive while listed: a session's destructor takes it off the list under Shared::mu.
  Session* session;
  std::chrono::steady_clock::time_point since;
};

struct Shared {
  Shared(const ServerOptions& o, const Router& r, Metrics& m)
      : options(o), router(r), metrics(m), counts(m.connections()) {}
  const ServerOptions& options;
  const Router& router;
  Metrics& metrics;
  // Set by serve() before the first connection: heavy routes run on `heavy`, the others on
  // `handlers`.
  core::WorkerPool* heavy = nullptr;
  core::WorkerPool* handlers = nullptr;
  ConnectionCounts& counts;
  // Connections reading a request or writing its answer; shutdown waits for none to be left.
  std::atomic<int> active{0};
  // Answers of handlers run on a pool that are not yet posted back (see Session::Answer): they
  // post to the io_context, which outlives them.
  std::atomic<int> unposted{0};
  std::atomic<bool> stopping{false};

  // Guards what follows, the idle fields of every Session, and the change of `stopping`.
  // Held for bookkeeping only, never across I/O.
  std::mutex mu;
  // Idle connections, oldest first: [0] before their first request, [1] kept alive after one.
  std::list<IdleEntry> idle[2];
  std::unordered_map<std::string, int> per_address;

  // Set by serve() before the first connection: one io_context for each I/O thread, run by that
  // thread alone, so that its scheduler never wakes another I/O thread to take a handler or the
  // reactor (a futex wake and wait, about two a request when two threads shared one). A
  // connection stays on the io_context it was accepted for; they are dealt out in turn.
  struct Handed {
    asio::any_io_executor strand;
    std::function<void()> f;
  };
  struct Io {
    explicit Io(asio::io_context& c) : ioc(c) {}
    asio::io_context& ioc;
    std::mutex handover_mu;
    // The answers whose drain is posted and has not begun; expired when there is none.
    std::weak_ptr<std::vector<Handed>> handover_waiting;
  };
  std::vector<std::unique_ptr<Io>> ios;
  std::atomic<std::size_t> next_io{0};
  std::size_t deal_io() { return next_io.fetch_add(1, std::memory_order_relaxed) % ios.size(); }
  // Runs `f` on `strand`, of ios[io], from a thread that is not that io_context's (a handler's
  // pool thread, or the thread that committed a queued write's group). Answers handed over close
  // together go to the I/O thread together: the first posts a drain and the others join it while
  // it waits, so that a group commit's answers wake it once rather than once each.
  void hand_over(std::size_t io, asio::any_io_executor strand, std::function<void()> f);

  bool under_pressure() const { return counts.open.load() > long(options.max_connections) * 3 / 4; }
  // Takes the longest-idle connection out of the idle lists (caller holds mu).
  std::shared_ptr<Session> take_oldest_idle(Taken why);
  // Takes the connections idle for longer than their timeout (shortened under pressure).
  std::vector<std::shared_ptr<Session>> take_expired(std::chrono::steady_clock::time_point now);
  // Tells a taken session to look at why it was taken (on its own strand).
  static void wake(const std::shared_ptr<Session>& session);
};

void Shared::hand_over(std::size_t io, asio::any_io_executor strand, std::function<void()> f) {
  Io& to = *ios[io];
  std::shared_ptr<std::vector<Handed>> post;
  {
    std::lock_guard lock(to.handover_mu);
    auto batch = to.handover_waiting.lock();
    if (!batch) {
      batch = std::make_shared<std::vector<Handed>>();
      to.handover_waiting = batch;
      post = batch;
    }
    batch->push_back({std::move(strand), std::move(f)});
  }
  if (!post) return;
  asio::post(to.ioc, [&to, batch = std::move(post)] {
    {
      std::lock_guard lock(to.handover_mu);
      if (to.handover_waiting.lock() == batch) to.handover_waiting.reset();
    }
    // On an I/O thread: each runs at once unless its strand is busy.
    for (auto& h : *batch) asio::dispatch(h.strand, std::move(h.f));
  });
}

// 16 unguessable base64url characters, like core::random_token(12), without a getrandom() system
// call per request.
std::string new_request_id() {
  unsigned char bytes[12];
  core::fast_random(bytes, sizeof bytes);
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
                std::string_view route) {
  log_access({core::now_us(), req.request_id, req.remote, req.method, req.path, route, status,
              bytes, seconds});
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `address_counted`: this connection holds one of its address's places in per_address.
  // `io`: the index in shared.ios of the io_context whose strand `socket` has.
  Session(tcp::socket socket, Shared& shared, std::size_t io, std::string remote,
          bool address_counted)
      : stream_(std::move(socket)),
        shared_(shared),
        io_(io),
        remote_(std::move(remote)),
        address_counted_(address_counted) {
    ++shared_.counts.open;
  }
  ~Session() {
    --shared_.counts.open;
    std::lock_guard lock(shared_.mu);
    if (idle_list_ >= 0) unlist();  // the io_context is being destroyed with this one idle
    if (address_counted_) {
      auto it = shared_.per_address.find(remote_);
      if (it != shared_.per_address.end() && --it->second <= 0) shared_.per_address.erase(it);
    }
  }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->await_request(); });
  }

  // Answers 503 without reading a request and closes the connection.
  void reject(std::string message) {
    Response r = problem({core::ErrorCode::unavailable, std::move(message), {}});
    r.header("Retry-After", "5");
    rejected_ = true;
    asio::dispatch(stream_.get_executor(), [self = shared_from_this(), r = std::move(r)]() mutable {
      self->send(std::move(r), false, nullptr, nullptr);
    });
  }

  // Called by Shared with mu held: the session leaves the idle lists for the given reason.
  // Null when it is being destroyed (its destructor waits for mu); it leaves the lists anyway.
  std::shared_ptr<Session> take(Taken why) {
    unlist();
    auto self = weak_from_this().lock();
    if (!self) return nullptr;
    taken_ = why;
    if (why == Taken::drain) {  // it counts as active until it has answered what is waiting
      active_ = true;
      ++shared_.active;
    }
    return self;
  }

  void cancel_wait() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->stream_.socket().cancel(ec);
    });
  }

 private:
  // Waits for the next request. Bytes already read (a pipelined request) are read on at once;
  // otherwise the connection gives back its parser and buffers and waits for readability in
  // the idle lists, where the sweeper, the accept loop and shutdown can take it.
  void await_request() {
    if (buffer_.size() > 0) return read();
    parser_.reset();
    buffer_.clear();
    buffer_.shrink_to_fit();
    std::string().swap(out_head_);
    std::string().swap(out_body_);
    stream_.expires_never();
    bool listed = false;  // read under mu: a taker may unlist this session as soon as mu is free
    {
      std::lock_guard lock(shared_.mu);
      if (!shared_.stopping) {
        listed = true;
        idle_list_ = first_ ? 0 : 1;
        auto& list = shared_.idle[idle_list_];
        list.push_back({this, std::chrono::steady_clock::now()});
        idle_pos_ = std::prev(list.end());
        ++shared_.counts.idle;
        taken_ = Taken::no;
        set_active(false);
        // Started before mu is released (starting it does no I/O), so that a taker's
        // cancel_wait, posted to the strand once the taker has mu, finds it under way whichever
        // thread this runs on (a handler's thread writes its answer itself, answer_here);
        // on_readable counts the reason.
        stream_.socket().async_wait(
            tcp::socket::wait_read,
            [self = shared_from_this()](beast::error_code ec) { self->on_readable(ec); });
      }
    }
    if (!listed) return drain_or_close();
  }

  void on_readable(beast::error_code ec) {
    Taken why;
    {
      std::lock_guard lock(shared_.mu);
      why = taken_;
      if (idle_list_ >= 0) {  // still listed: nobody took it, the wake is the client's
        unlist();
        why = Taken::no;
        if (!ec) set_active(true);
      }
    }
    switch (why) {
      case Taken::no:
        if (ec) return close();
        return read();
      case Taken::drain:
        return drain_or_close();
      case Taken::timeout:
        ++shared_.counts.closed_idle_timeout;
        return close();
      case Taken::evicted:
        ++shared_.counts.closed_evicted;
        return close();
    }
  }

  // While stopping: a request that reached the socket before the connection was looked at
  // is answered (with Connection: close), otherwise the connection is closed.
  void drain_or_close() {
    beast::error_code ec;
    if (stream_.socket().available(ec) > 0 && !ec) {
      set_active(true);
      return read();
    }
    close();
  }

  // Caller holds shared_.mu.
  void unlist() {
    shared_.idle[idle_list_].erase(idle_pos_);
    idle_list_ = -1;
    --shared_.counts.idle;
  }

  // On the strand, or with mu held while the session is listed (then no handler of it runs).
  void set_active(bool active) {
    if (active == active_) return;
    active_ = active;
    if (active)
      ++shared_.active;
    else
      --shared_.active;
  }

  void read() {
    parser_.emplace();
    parser_->header_limit(std::uint32_t(shared_.options.header_limit));
    parser_->body_limit(shared_.options.body_limit);
    // The connection was found readable, so the header has usually arrived whole: it is read and
    // parsed at once from the non-blocking socket, without an asynchronous read and its timer.
    // Only a header still on its way (would_block) is read on asynchronously.
    beast::error_code ec;
    auto& socket = stream_.socket();
    if (!socket.non_blocking()) socket.non_blocking(true, ec);
    if (!ec) bhttp::read_header(socket, buffer_, *parser_, ec);
    if (ec != asio::error::would_block) return on_header(ec);
    // The whole header must arrive within the request timeout, counted from its first byte.
    stream_.expires_after(shared_.options.request_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    started_ = std::chrono::steady_clock::now();
    if (auto problem = head_problem(head_of(parser_->get())); !problem.empty())
      return refuse({core::ErrorCode::bad_request, std::move(problem), {}});
    // The request must arrive whole within the request timeout, counted from its header (a
    // request complete with its header needs no timer: what writes its answer sets its own).
    if (parser_->get()[bhttp::field::expect] == "100-continue") {
      stream_.expires_after(shared_.options.request_timeout);
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
    stream_.expires_after(shared_.options.request_timeout);
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
    send(std::move(r), false, nullptr, nullptr);
  }

  void handle() {
    auto& msg = parser_->get();
    auto req = std::make_shared<Request>();
    req->method = std::string(msg.method_string());
    set_target(*req, std::string(msg.target()));
    req->headers.reserve(std::size_t(std::distance(msg.begin(), msg.end())));
    for (const auto& f : msg)
      req->headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    req->body = std::move(msg.body());
    {
      std::vector<std::string_view> forwarded;
      auto [first, last] = msg.equal_range("X-Forwarded-For");
      for (auto it = first; it != last; ++it)
        forwarded.emplace_back(it->value().data(), it->value().size());
      req->remote = client_address(remote_, forwarded, shared_.options.trusted_proxies);
    }
    req->request_id = make_request_id(req->header("X-Request-Id"));
    bool keep_alive = msg.keep_alive() && !shared_.stopping;

    Router::Match m;
    m.route = "unmatched";
    try {
      m = shared_.router.match(*req);
    } catch (const std::exception& e) {
      return finish(*req, internal_error(*req, e), m.route, keep_alive);
    }
    if (m.handler && m.cost == Cost::cached) {
      Response res;
      {
        CachedOnly kept_answers_only;
        res = run(*m.handler, *req);
      }
      if (!deferred(res)) return finish(*req, std::move(res), m.route, keep_alive);
    }
    if (m.handler) {
      // The handler runs on a pool (the heavy one for heavy routes) and its answer is written
      // back on this session's strand, so that the I/O threads, one per core, only read and
      // write and a handler waiting for the database holds none of them. While the job waits or
      // runs, nothing else happens on the connection (no pipelining).
      // Reads wait in the pool's ahead lane, taking turns with the writes waiting: on SQLite
      // each write holds its thread while it waits for the one writer and its group's commit,
      // and under a burst of writes (check-ins on 64 connections) a read queued behind 48 of
      // them waited up to 200 ms; turns keep a stream of reads from holding the writes back.
      const Handler* handler = m.handler;
      const bool heavy = m.cost == Cost::heavy;
      const bool read = req->method == "GET" || req->method == "HEAD";
      auto* pool = heavy ? shared_.heavy : shared_.handlers;
      // A handler may also take its request's Later and answer from another thread (a write
      // that waits for its group's commit without holding the handler's thread).
      bool queued = pool->try_submit(
          [self = shared_from_this(), req, handler, route = m.route, keep_alive] {
            auto answer = std::make_shared<Answer>(self, req, route, keep_alive);
            Response res;
            {
              Later::Offer offer(answer);
              res = self->run(*handler, *req);
            }
            Answer::Here here(*answer);
            answer->returned(std::move(res));
          },
          read);
      if (queued) return;
      core::Error busy{core::ErrorCode::unavailable,
                       heavy ? "The server is busy with other heavy work (imports, image "
                               "processing, printable orders); try again in a few seconds."
                             : "The server is busy; try again in a few seconds.",
                       {},
                       5};
      return finish(*req, problem(busy, req->request_id), m.route, keep_alive);
    }
    Response res;
    if (m.path_known) {
      res = problem({core::ErrorCode::method_not_allowed,
                     req->method + " is not allowed on " + req->path + ".",
                     {}},
                    req->request_id);
      res.header("Allow", m.allowed);  // RFC 9110 §15.5.6: a 405 names what is allowed
    } else {
      res = problem(core::Error::not_found("There is nothing at " + req->path + "."),
                    req->request_id);
    }
    finish(*req, std::move(res), m.route, keep_alive);
  }

  // The answer of a handler run on a pool, posted back to the session's strand: what the
  // handler returned, or what it gave through its Later.
  class Answer final : public Later::Slot {
   public:
    Answer(std::shared_ptr<Session> session, std::shared_ptr<Request> req, std::string_view route,
           bool keep_alive)
        : session_(std::move(session)),
          req_(std::move(req)),
          route_(route),
          keep_alive_(keep_alive) {
      ++session_->shared_.unposted;
    }
    // The count drops last: once it is zero, serve() may destroy the io_context and Shared,
    // which the session (maybe released here for the last time) uses.
    ~Answer() override {
      auto& unposted = session_->shared_.unposted;
      req_.reset();
      session_.reset();
      --unposted;
    }

    // While one is alive, an answer completed on this thread (the handler's own, or one its Later
    // gave before it returned) is written from here (Session::answer_here); one completed later
    // on another thread (a write's group commit) is handed over to an I/O thread.
    class Here {
     public:
      explicit Here(const Answer& a) { here_ = &a; }
      ~Here() { here_ = nullptr; }
      Here(const Here&) = delete;
      Here& operator=(const Here&) = delete;
    };

   private:
    inline static thread_local const Answer* here_ = nullptr;

    void deliver(Response res, std::exception_ptr error) override {
      if (here_ == this) {
        if (error) res = failure(*req_, error);
        return session_->answer_here(req_, std::move(res), route_, keep_alive_);
      }
      session_->shared_.hand_over(session_->io_, session_->stream_.get_executor(),
                                  [self = session_, req = req_, res = std::move(res), error,
                                   route = route_, keep_alive = keep_alive_]() mutable {
                                    if (error) res = failure(*req, error);
                                    self->finish(*req, std::move(res), route, keep_alive);
                                  });
    }

    std::shared_ptr<Session> session_;
    std::shared_ptr<Request> req_;
    std::string_view route_;  // kept by the router
    bool keep_alive_;
  };

  // The handler's answer; an exception that escapes it is a 500 naming the request id. Runs on
  // the handler pool or, for a heavy route, on the heavy pool.
  static Response run(const Handler& handler, Request& req) {
    try {
      return handler(req);
    } catch (...) {
      return failure(req, std::current_exception());
    }
  }

  static Response failure(const Request& req, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const core::Outage& e) {  // the database went away: 503, the client may retry
      std::fprintf(stderr, "{\"level\":\"warning\",\"rid\":\"%s\",\"error\":%s}\n",
                   req.request_id.c_str(),
                   core::Json(std::string(e.what()))
                       .dump(-1, ' ', false, core::Json::error_handler_t::replace)
                       .c_str());
      return problem(e.error(), req.request_id);
    } catch (const std::exception& e) {
      return internal_error(req, e);
    } catch (...) {
      return internal_error(req, std::runtime_error("an exception that is not std::exception"));
    }
  }

  static Response internal_error(const Request& req, const std::exception& e) {
    std::fprintf(stderr, "{\"level\":\"error\",\"rid\":\"%s\",\"error\":%s}\n",
                 req.request_id.c_str(),
                 core::Json(std::string(e.what()))
                     .dump(-1, ' ', false, core::Json::error_handler_t::replace)
                     .c_str());
    return problem(core::Error::internal("Something went wrong on our side; quote request id " +
                                         req.request_id + " when reporting it."),
                   req.request_id);
  }

  // Logs and counts the answer and writes it; on the session's strand.
  void finish(const Request& req, Response res, std::string_view route, bool keep_alive) {
    complete(req, res, route);
    send(std::move(res), keep_alive && !shared_.stopping, req.method == "HEAD" ? &req : nullptr,
         &req.request_id);
  }

  // What every answer gets before it is written: the caller's language for an error; and it is
  // counted and logged. The default headers and the request id are added as it is written
  // (send, plain_head).
  void complete(const Request& req, Response& res, std::string_view route) {
    if (res.status >= 400 && shared_.options.speak && res.get_header("Content-Language").empty())
      res = shared_.options.speak(req, std::move(res));
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    shared_.metrics.observe(req.method, route, res.status, seconds);
    if (shared_.options.access_log)
      access_log(req, res.status, res.payload().size(), seconds, route);
  }

  // finish() on the thread of the handler that has just answered, off the strand: nothing else
  // is under way on the connection while its request is in a handler (no read, no write, no
  // timer wait; the idle lists do not hold it), so this thread may use the socket. The answer is
  // written with one non-blocking send and the next request awaited from here, without waking
  // an I/O thread; what the socket does not take at once (a slow reader, a large body), a HEAD
  // and an answer Beast must frame are written on the strand as before.
  void answer_here(const std::shared_ptr<Request>& req, Response res, std::string_view route,
                   bool keep_alive) {
    complete(*req, res, route);
    const bool keep = keep_alive && !shared_.stopping;
    if (req->method != "HEAD" && plain_head(res, keep, &req->request_id, out_head_)) {
      out_body_ = std::move(res.body);
      out_shared_ = std::move(res.shared_body);
      beast::error_code ec;
      auto& socket = stream_.socket();
      if (!socket.non_blocking()) socket.non_blocking(true, ec);
      const auto buffers = out_buffers(0);
      const std::size_t whole = asio::buffer_size(buffers);
      const std::size_t sent = ec ? 0 : socket.write_some(buffers, ec);
      if (!ec && sent == whole) {
        out_body_.clear();
        out_shared_.reset();
        return on_written({}, !keep);
      }
      return shared_.hand_over(
          io_, stream_.get_executor(),
          [self = shared_from_this(), sent, keep] { self->write_out(sent, !keep); });
    }
    shared_.hand_over(io_, stream_.get_executor(),
                      [self = shared_from_this(), req, res = std::move(res), keep]() mutable {
                        self->send(std::move(res), keep,
                                   req->method == "HEAD" ? req.get() : nullptr, &req->request_id);
                      });
  }

  // The head and body being written, less the first `done` bytes.
  std::array<asio::const_buffer, 2> out_buffers(std::size_t done) const {
    asio::const_buffer head = asio::buffer(out_head_);
    asio::const_buffer body =
        out_shared_ ? asio::buffer(*out_shared_) : asio::buffer(std::as_const(out_body_));
    const std::size_t from_head = std::min(done, head.size());
    return {head + from_head, body + (done - from_head)};
  }

  // Writes out_head_ and the body from byte `done` on; on the strand.
  void write_out(std::size_t done, bool close_after) {
    stream_.expires_after(shared_.options.request_timeout);
    asio::async_write(stream_, out_buffers(done),
                      [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                        self->out_body_.clear();
                        self->out_shared_.reset();
                        self->on_written(ec, close_after);
                      });
  }

  // `request_id`: the answer to that request, which gets the default headers and the request id
  // (null: an answer the server gives before reading a request, without them).
  void send(Response&& r, bool keep_alive, const Request* head, const std::string* request_id) {
    if (plain_head(r, keep_alive, request_id, out_head_)) {
      // HEAD: same headers, no body.
      out_body_ = head ? std::string() : std::move(r.body);
      out_shared_ = head ? nullptr : std::move(r.shared_body);
      return write_out(0, !keep_alive);
    }
    if (request_id) {
      add_default_headers(r);
      r.header("X-Request-Id", *request_id);
    }
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>();
    msg->version(11);
    msg->result(unsigned(r.status));
    for (auto& [k, v] : r.headers) msg->insert(k, v);
    msg->body() = r.shared_body ? *r.shared_body : std::move(r.body);
    msg->keep_alive(keep_alive);
    msg->prepare_payload();
    if (head) msg->body().clear();  // HEAD: same headers, no body
    stream_.expires_after(shared_.options.request_timeout);
    bool close_after = !keep_alive;
    auto write_done = [self = shared_from_this(), msg, close_after](
                          beast::error_code ec, std::size_t) { self->on_written(ec, close_after); };
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
  // send()'s slow path below (fields in order with trimmed values, with a `request_id` then the
  // default headers the handler did not set and X-Request-Id, then Connection: close when the
  // connection ends, then Content-Length), without building a Beast message or adding the
  // defaults to `r`: that costs more than the rest of answering a small read. Returns false,
  // and leaves the response to Beast, for what Beast would treat specially: a repeated header
  // name (a default or X-Request-Id the handler set too, or set empty), a length, connection or
  // transfer-encoding header set by the handler, a body on a status that has none.
  static bool plain_head(const Response& r, bool keep_alive, const std::string* request_id,
                         std::string& out) {
    if (r.status < 200 || r.status > 999 ||
        ((r.status == 204 || r.status == 304) && !r.payload().empty()))
      return false;
    unsigned set = 0;  // bit d: the handler set kDefaultHeaders[d]
    for (size_t i = 0; i < r.headers.size(); ++i) {
      const auto& [name, value] = r.headers[i];
      if (name.empty() || name.size() > 1000 || value.size() > 30000 ||
          iequals(name, "Content-Length") || iequals(name, "Connection") ||
          iequals(name, "Transfer-Encoding"))
        return false;
      if (request_id) {
        if (iequals(name, "X-Request-Id")) return false;
        for (size_t d = 0; d < std::size(kDefaultHeaders); ++d)
          if (iequals(name, kDefaultHeaders[d].first)) {
            if (value.empty()) return false;
            set |= 1u << d;
          }
      }
      for (size_t j = 0; j < i; ++j)
        if (iequals(r.headers[j].first, name)) return false;
    }
    auto reason = bhttp::obsolete_reason(bhttp::int_to_status(unsigned(r.status)));
    out.clear();
    out.reserve(1024);  // a head with the default headers is 600-700 bytes: one allocation
    char digits[24];
    out.append("HTTP/1.1 ");
    out.append(digits, std::to_chars(digits, digits + sizeof digits, r.status).ptr);
    out.append(" ").append(reason.data(), reason.size()).append("\r\n");
    for (const auto& [name, value] : r.headers) {
      std::string_view v = value;  // Beast trims spaces and tabs around a value
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      out.append(name).append(": ").append(v).append("\r\n");
    }
    if (request_id) {
      // Where the handler set none of them (nearly every answer), all in one piece.
      static const std::string all_defaults = [] {
        std::string lines;
        for (auto [name, value] : kDefaultHeaders)
          lines.append(name).append(": ").append(value).append("\r\n");
        return lines;
      }();
      if (set == 0) out.append(all_defaults);
      for (size_t d = 0; d < std::size(kDefaultHeaders) && set != 0; ++d)
        if (!(set & (1u << d)))
          out.append(kDefaultHeaders[d].first)
              .append(": ")
              .append(kDefaultHeaders[d].second)
              .append("\r\n");
      out.append("X-Request-Id: ").append(*request_id).append("\r\n");
    }
    if (!keep_alive) out.append("Connection: close\r\n");
    out.append("Content-Length: ");
    out.append(digits, std::to_chars(digits, digits + sizeof digits, r.payload().size()).ptr);
    out.append("\r\n\r\n");
    return true;
  }

  void on_written(beast::error_code ec, bool close_after) {
    if (ec) return close();
    if (rejected_) return linger_close();
    if (close_after) return close();
    first_ = false;
    await_request();
  }

  void close() {
    set_active(false);
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  // Closes a refused connection only once the client has stopped sending (or after 2 s):
  // closing with its unread request in the socket would reset the connection, and the client
  // could lose the 503 it was sent before reading it.
  void linger_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    discard(std::make_shared<std::array<char, 512>>());
  }
  void discard(const std::shared_ptr<std::array<char, 512>>& scratch) {
    stream_.async_read_some(asio::buffer(*scratch), [self = shared_from_this(), scratch](
                                                        beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->discard(scratch);
    });
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  const std::size_t io_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_;
  std::chrono::steady_clock::time_point started_;
  bool first_ = true;
  bool rejected_ = false;
  bool address_counted_;
  bool active_ = false;                            // counted in shared_.active
  std::string out_head_, out_body_;                // the response being written (one at a time)
  std::shared_ptr<const std::string> out_shared_;  // or its body, shared with a cache
  // Guarded by shared_.mu: the idle list holding this session (-1: none), its place there, and
  // why the server took it out.
  int idle_list_ = -1;
  std::list<IdleEntry>::iterator idle_pos_;
  Taken taken_ = Taken::no;
};

std::shared_ptr<Session> Shared::take_oldest_idle(Taken why) {
  for (;;) {
    std::list<IdleEntry>* from = nullptr;
    for (auto& list : idle)
      if (!list.empty() && (!from || list.front().since < from->front().since)) from = &list;
    if (!from) return nullptr;
    if (auto session = from->front().session->take(why)) return session;
  }
}

std::vector<std::shared_ptr<Session>> Shared::take_expired(
    std::chrono::steady_clock::time_point now) {
  std::chrono::seconds limit[2] = {options.request_timeout, options.idle_timeout};
  if (under_pressure())
    for (auto& l : limit) l = std::min(l, options.busy_idle_timeout);
  std::vector<std::shared_ptr<Session>> out;
  std::lock_guard lock(mu);
  for (int i = 0; i < 2; ++i)
    while (!idle[i].empty() && now - idle[i].front().since >= limit[i])
      if (auto session = idle[i].front().session->take(Taken::timeout))
        out.push_back(std::move(session));
  return out;
}

void Shared::wake(const std::shared_ptr<Session>& session) {
  session->cancel_wait();
}

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, const tcp::endpoint& ep, Shared& shared)
      : acceptor_(asio::make_strand(ioc)), shared_(shared) {
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void accept() {
    const std::size_t io = shared_.deal_io();
    acceptor_.async_accept(
        asio::make_strand(shared_.ios[io]->ioc),
        [self = shared_from_this(), io](beast::error_code ec, tcp::socket socket) {
          if (ec) {
            if (ec == asio::error::operation_aborted) return;
            // Out of file descriptors: make room by closing the longest-idle
            // connection and try again shortly, rather than spinning on the
            // error.
            if (ec == asio::error::no_descriptors || ec.value() == ENFILE) {
              std::shared_ptr<Session> victim;
              {
                std::lock_guard lock(self->shared_.mu);
                victim = self->shared_.take_oldest_idle(Taken::evicted);
              }
              if (victim) Shared::wake(victim);
              self->retry_.expires_after(std::chrono::milliseconds(20));
              return self->retry_.async_wait([self](beast::error_code e) {
                if (!e) self->accept();
              });
            }
            return self->accept();
          }
          self->admit(std::move(socket), io);
          self->accept();
        });
  }
  void stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
      self->retry_.cancel();
    });
  }

 private:
  // Starts a session for a new connection, or refuses it with 503 when its address holds its
  // cap or every connection is busy; at the limit the longest-idle connection makes room.
  void admit(tcp::socket socket, std::size_t io) {
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    auto ep = socket.remote_endpoint(ec);
    std::string remote = ec ? std::string() : ep.address().to_string();
    const auto& o = shared_.options;
    bool address_full = false, counted = false;
    std::shared_ptr<Session> victim;
    {
      std::lock_guard lock(shared_.mu);
      if (o.max_connections_per_address > 0) {
        auto [it, added] = shared_.per_address.try_emplace(remote, 0);
        address_full = it->second >= o.max_connections_per_address;
        if (!address_full) ++it->second, counted = true;
      }
      if (!address_full && shared_.counts.open.load() >= o.max_connections)
        victim = shared_.take_oldest_idle(Taken::evicted);
    }
    bool full = !address_full && !victim && shared_.counts.open.load() >= o.max_connections;
    auto session = std::make_shared<Session>(std::move(socket), shared_, io, remote, counted);
    if (victim) Shared::wake(victim);
    if (address_full) {
      ++shared_.counts.refused_per_address;
      return session->reject(fmt::format("Too many connections from {}: at most {} at a time.",
                                         remote, o.max_connections_per_address));
    }
    if (full) {
      ++shared_.counts.refused_limit;
      return session->reject("The server is busy with as many requests as it can hold.");
    }
    session->start();
  }

  tcp::acceptor acceptor_;
  asio::steady_timer retry_{acceptor_.get_executor()};
  Shared& shared_;
};

// Closes connections idle past their timeout, every quarter of a second.
class Sweeper : public std::enable_shared_from_this<Sweeper> {
 public:
  Sweeper(asio::io_context& ioc, Shared& shared)
      : timer_(asio::make_strand(ioc)), shared_(shared) {}
  void start() {
    timer_.expires_after(std::chrono::milliseconds(250));
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      for (auto& s : self->shared_.take_expired(std::chrono::steady_clock::now())) Shared::wake(s);
      self->start();
    });
  }
  void stop() {
    asio::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
  }

 private:
  asio::steady_timer timer_;
  Shared& shared_;
};

}  // namespace

void serve(const ServerOptions& options, const Router& router, Metrics& metrics,
           const std::function<void(unsigned short)>& on_listening) {
  // Declared before the io_context: sessions still pending when it is destroyed reach it.
  Shared shared(options, router, metrics);
  const int io_threads = options.io_threads > 0
                             ? options.io_threads
                             : std::max(1, int(std::thread::hardware_concurrency()));
  // Destroyed first to last: the first's pending accept holds a socket of another.
  struct Contexts {
    std::vector<std::unique_ptr<asio::io_context>> all;
    ~Contexts() {
      for (auto& c : all) c.reset();
    }
  } contexts;
  auto& iocs = contexts.all;
  // Kept until the drain stops them: an io_context without a listener has no work of its own.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep;
  for (int i = 0; i < io_threads; ++i) {
    iocs.push_back(std::make_unique<asio::io_context>(1));  // 1: one thread runs it
    keep.push_back(asio::make_work_guard(*iocs.back()));
    shared.ios.push_back(std::make_unique<Shared::Io>(*iocs.back()));
  }
  asio::io_context& ioc = *iocs.front();  // the listener's, the signals' and the sweeper's
  // Heavy work yields to the I/O threads when the cores are busy (niceness 10, batch scheduling).
  // Declared after the io_context: its jobs post their answers there until it is joined.
  core::WorkerPool heavy(
      options.heavy_threads > 0 ? options.heavy_threads : core::WorkerPool::default_threads(),
      options.heavy_queue, 10);
  shared.heavy = &heavy;
  // Every connection has at most one request in a handler, so the queue never refuses one
  // before the connection limit does.
  core::WorkerPool handlers(options.threads, std::size_t(std::max(options.max_connections, 1)));
  shared.handlers = &handlers;
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
    if (shared.active == 0 || std::chrono::steady_clock::now() >= *deadline) {
      for (auto& c : iocs) c->stop();
      return;
    }
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait([&](beast::error_code) { poll(); });
  };
  auto sweeper = std::make_shared<Sweeper>(ioc, shared);
  signals.async_wait([&](beast::error_code, int) {
    // Every idle connection is looked at once more: what it was sent before now is answered.
    std::vector<std::shared_ptr<Session>> idle;
    {
      std::lock_guard lock(shared.mu);
      shared.stopping = true;
      while (auto s = shared.take_oldest_idle(Taken::drain)) idle.push_back(std::move(s));
    }
    for (auto& s : idle) Shared::wake(s);
    idle.clear();
    listener->stop();
    sweeper->stop();
    *deadline = std::chrono::steady_clock::now() + options.drain_timeout;
    poll();
  });
  listener->accept();
  sweeper->start();
  if (on_listening) on_listening(listener->port());

  std::vector<std::thread> threads;
  for (int i = 1; i < io_threads; ++i)
    threads.emplace_back([&, i] { iocs[std::size_t(i)]->run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  handlers.stop();
  // A handler's work still running elsewhere (a queued write) posts its answer when it ends; the
  // io_context must outlive that (the answer is not written).
  while (shared.unposted > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // After the drain timeout: heavy requests still waiting are dropped, running ones are waited
  // for (a handler cannot be interrupted), and their answers are not written.
  heavy.stop();
}

}  // namespace qorgan::http
