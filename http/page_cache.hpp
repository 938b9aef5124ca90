#pragma once
// HTTP caching for rendered pages and static files: strong ETags, conditional requests (304),
// gzip for clients that accept it, and an in-process cache of rendered answers that its owner
// clears when what they show changes.
#include <chrono>
#include <cstddef>
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

class PageCache {
 public:
  // Answers are rendered again after `ttl` even without a change (so what changes quietly, such
  // as view counts, lags at most that); beyond `max_entries` the cache starts afresh.
  explicit PageCache(std::chrono::seconds ttl = std::chrono::seconds(30),
                     std::size_t max_entries = 5000)
      : ttl_us_(std::chrono::duration_cast<std::chrono::microseconds>(ttl).count()),
        max_entries_(max_entries) {}

  // Answers `req` from the cache (by target) or renders it with `make`. A 200 or 404 gets ETag,
  // Last-Modified (`last_change`: when what pages show last changed), Cache-Control and
  // Vary: Accept-Encoding, a gzip body for clients that accept it, and 304 when the client's copy
  // is current; only 200s are kept. Any other answer passes through as `make` gave it.
  Response serve(const Request& req, core::Timestamp last_change,
                 const std::function<Response()>& make);
  void clear();

 private:
  struct Entry {
    std::string body, gz, etag, content_type, last_modified;
    int status = 200;
    core::Timestamp at = 0;
  };
  static Response answer(const Request& req, const Entry& e);

  std::int64_t ttl_us_;
  std::size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

}  // namespace qorgan::http
