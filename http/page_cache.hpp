#pragma once
// HTTP caching for rendered pages and static files: strong ETags, conditional requests (304),
// gzip for clients that accept it, and an in-process cache of rendered answers that its owner
// clears when what they show changes.
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.hpp"
#include "http/request.hpp"

namespace qorgan::http {

// A strong validator for `body`: a quoted prefix of its SHA-256.
std::string etag_of(std::string_view body);
// An HTTP date (RFC 9110 IMF-fixdate): "Sat, 07 Jun 2025 11:54:00 GMT".
std::string http_date(core::Timestamp t);
// Whether the client's copy is current, so a 304 answers: If-None-Match names `etag` (or is
// "*"); without If-None-Match, If-Modified-Since equals `last_modified` when that is given.
bool not_modified(const Request& req, std::string_view etag, std::string_view last_modified = {});
// `in` compressed as gzip (RFC 1952); empty when compression fails.
std::string gzip(std::string_view in);

// The cache key of a request: its path and, in a fixed order, only the query parameters that
// change the answer (`varies_by`). Other parameters are ignored, so a stream of made-up query
// strings cannot fill the cache.
std::string cache_key(const Request& req, std::initializer_list<std::string_view> varies_by);

// While one is alive on a thread, PageCache::serve answers there only from what it keeps: where
// it would render, it returns a Response with status 0 (`deferred`) without calling `make`. The
// server answers routes declared Cost::cached on its I/O thread inside one, so that a cache hit
// costs no hand-over to another thread, and runs the handler again on its handler pool when the
// answer is deferred: rendering may wait for the database, which an I/O thread must not.
class CachedOnly {
 public:
  CachedOnly();
  ~CachedOnly();
  CachedOnly(const CachedOnly&) = delete;
  CachedOnly& operator=(const CachedOnly&) = delete;

 private:
  bool outer_;
};
inline bool deferred(const Response& r) {
  return r.status == 0;
}

class PageCache {
 public:
  // Answers are rendered again after `ttl` even without a change (so what changes quietly, such
  // as view counts, lags at most that). The kept answers (bodies and their gzip copies) stay
  // within `max_bytes`: the oldest go first.
  explicit PageCache(std::chrono::seconds ttl = std::chrono::seconds(30),
                     std::size_t max_bytes = 64 * 1024 * 1024)
      : ttl_us_(std::chrono::duration_cast<std::chrono::microseconds>(ttl).count()),
        max_bytes_(max_bytes) {}

  // Answers `req` from the cache (under `key`, see cache_key) or renders it with `make`. A 200
  // or 404 gets ETag, Last-Modified (`last_change`: when what pages show last changed),
  // Cache-Control and Vary: Accept-Encoding, a gzip body for clients that accept it, and 304
  // when the client's copy is current; only 200s are kept. Any other answer passes through as
  // `make` gave it.
  Response serve(const Request& req, const std::string& key, core::Timestamp last_change,
                 const std::function<Response()>& make);
  void clear();
  // What is kept now (for tests and metrics).
  std::size_t bytes() const;
  std::size_t entries() const;

 private:
  struct Entry {
    std::string body, gz, etag, content_type, last_modified;
    int status = 200;
    core::Timestamp at = 0;
    std::uint64_t seq = 0;       // when it was kept: matches its place in order_
    std::size_t kept_bytes = 0;  // key, body and gzip copy: what it counts against max_bytes
  };
  static Response answer(const Request& req, const std::shared_ptr<const Entry>& e);

  std::int64_t ttl_us_;
  std::size_t max_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
  std::deque<std::pair<std::string, std::uint64_t>> order_;  // (key, seq), oldest first
  std::uint64_t next_seq_ = 0;
  std::size_t bytes_ = 0;
  // Counts clear()s: an answer rendered while one happened may show what was cleared (another
  // server's change can land mid-render), so it is served but not kept.
  std::uint64_t clears_ = 0;
};

}  // namespace qorgan::http
