#include "http/page_cache.hpp"

#include <algorithm>

#include <zlib.h>

#include "core/crypto.hpp"

namespace qorgan::http {

std::string etag_of(std::string_view body) {
  return "\"" + core::sha256_hex(body).substr(0, 20) + "\"";
}

std::string http_date(core::Timestamp t) {
  return core::format_rfc822(t, "GMT");
}

bool not_modified(const Request& req, std::string_view etag, std::string_view last_modified) {
  auto inm = req.header("If-None-Match");
  if (!inm.empty()) return inm == "*" || inm.find(etag) != std::string_view::npos;
  return !last_modified.empty() && req.header("If-Modified-Since") == last_modified;
}

std::string gzip(std::string_view in) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = uInt(in.size());
  std::string out(deflateBound(&zs, uLong(in.size())), '\0');
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = uInt(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

Response PageCache::answer(const Request& req, const std::shared_ptr<const Entry>& kept) {
  const Entry& e = *kept;
  Response r;
  r.status = e.status;
  r.header("Content-Type", e.content_type);
  r.header("ETag", e.etag);
  r.header("Last-Modified", e.last_modified);
  // Browsers and proxies ask again each time (a 304 from this cache when unchanged): a page may
  // carry a public alert's banner, which must go the moment the alert is cancelled.
  r.header("Cache-Control", e.status == 200 ? "public, no-cache" : "no-cache");
  r.header("Vary", "Accept-Encoding");
  if (e.status == 200 && not_modified(req, e.etag, e.last_modified)) {
    r.status = 304;
    return r;
  }
  // The entry stays alive while the answer is being sent, even if the cache drops it meanwhile.
  if (!e.gz.empty() && req.header("Accept-Encoding").find("gzip") != std::string_view::npos) {
    r.header("Content-Encoding", "gzip");
    r.shared_body = std::shared_ptr<const std::string>(kept, &e.gz);
  } else {
    r.shared_body = std::shared_ptr<const std::string>(kept, &e.body);
  }
  return r;
}

std::string cache_key(const Request& req, std::initializer_list<std::string_view> varies_by) {
  std::string key = req.path;
  char sep = '?';
  for (auto name : varies_by)
    if (auto v = req.query_param(std::string(name))) {
      key += sep;
      key += url_encode(name) + "=" + url_encode(*v);
      sep = '&';
    }
  return key;
}

namespace {
thread_local bool cached_only = false;
}

CachedOnly::CachedOnly() : outer_(cached_only) {
  cached_only = true;
}
CachedOnly::~CachedOnly() {
  cached_only = outer_;
}

Response PageCache::serve(const Request& req, const std::string& key, core::Timestamp last_change,
                          const std::function<Response()>& make) {
  auto now = core::now_us();
  std::uint64_t clears = 0;
  std::shared_ptr<const Entry> hit;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && now - it->second->at < ttl_us_) hit = it->second;
    clears = clears_;
  }
  if (hit) return answer(req, hit);
  if (cached_only) {
    Response later;
    later.status = 0;
    return later;
  }
  Response fresh = make();
  if (fresh.status != 200 && fresh.status != 404) return fresh;
  auto e = std::make_shared<Entry>();
  e->status = fresh.status;
  e->body = std::move(fresh.body);
  e->content_type = std::string(fresh.get_header("Content-Type"));
  e->etag = etag_of(e->body);
  e->last_modified = http_date(last_change);
  if (e->body.size() > 512) e->gz = gzip(e->body);
  e->at = now;
  e->kept_bytes = key.size() + e->body.size() + e->gz.size();
  if (e->status == 200 && e->kept_bytes <= max_bytes_) {
    std::lock_guard lock(mu_);
    if (clears == clears_) {
      e->seq = ++next_seq_;
      auto& slot = entries_[key];
      if (slot) bytes_ -= slot->kept_bytes;
      slot = e;
      bytes_ += e->kept_bytes;
      order_.emplace_back(key, e->seq);
      while (bytes_ > max_bytes_ && !order_.empty()) {
        auto [old_key, seq] = std::move(order_.front());
        order_.pop_front();
        auto old = entries_.find(old_key);
        // A key renewed since it was queued has a newer place further on: keep it.
        if (old == entries_.end() || old->second->seq != seq) continue;
        bytes_ -= old->second->kept_bytes;
        entries_.erase(old);
      }
      // Renewals leave stale places behind: drop them before they outnumber the entries.
      if (order_.size() > 2 * entries_.size() + 64)
        std::erase_if(order_, [&](const auto& place) {
          auto it = entries_.find(place.first);
          return it == entries_.end() || it->second->seq != place.second;
        });
    }
  }
  return answer(req, e);
}

void PageCache::clear() {
  std::lock_guard lock(mu_);
  ++clears_;
  entries_.clear();
  order_.clear();
  bytes_ = 0;
}

std::size_t PageCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

std::size_t PageCache::entries() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace qorgan::http
