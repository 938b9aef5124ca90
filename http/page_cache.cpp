#include "http/page_cache.hpp"

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

Response PageCache::answer(const Request& req, const Entry& e) {
  Response r;
  r.status = e.status;
  r.header("Content-Type", e.content_type);
  r.header("ETag", e.etag);
  r.header("Last-Modified", e.last_modified);
  r.header("Cache-Control",
           e.status == 200 ? "public, max-age=30, stale-while-revalidate=60" : "no-cache");
  r.header("Vary", "Accept-Encoding");
  if (e.status == 200 && not_modified(req, e.etag, e.last_modified)) {
    r.status = 304;
    return r;
  }
  if (!e.gz.empty() && req.header("Accept-Encoding").find("gzip") != std::string_view::npos) {
    r.header("Content-Encoding", "gzip");
    r.body = e.gz;
  } else {
    r.body = e.body;
  }
  return r;
}

Response PageCache::serve(const Request& req, core::Timestamp last_change,
                          const std::function<Response()>& make) {
  auto now = core::now_us();
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(req.target);
    if (it != entries_.end() && now - it->second->at < ttl_us_) return answer(req, *it->second);
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
  if (e->status == 200) {
    std::lock_guard lock(mu_);
    if (entries_.size() > max_entries_) entries_.clear();
    entries_[req.target] = e;
  }
  return answer(req, *e);
}

void PageCache::clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

}  // namespace qorgan::http
