#include "portal/view_counter.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "portal/portal_store.hpp"

namespace qorgan::portal {

ViewCounter::ViewCounter(storage::Database& db, std::chrono::milliseconds interval)
    : db_(db), worker_("portal view counter", interval, [this] { flush(); }) {}

ViewCounter::~ViewCounter() {
  stop();
}

bool ViewCounter::is_bot(std::string_view user_agent) {
  std::string ua(user_agent);
  for (auto& c : ua) c = char(std::tolower(static_cast<unsigned char>(c)));
  static const std::array<std::string_view, 16> marks{
      "bot",       "crawl", "spider",      "slurp",           "facebookexternalhit",
      "preview",   "curl/", "wget/",       "python-requests", "python-urllib",
      "go-http",   "java/", "libwww-perl", "httpclient",      "scrapy",
      "lighthouse"};
  return std::any_of(marks.begin(), marks.end(),
                     [&](std::string_view m) { return ua.find(m) != std::string::npos; });
}

bool ViewCounter::record(std::int64_t article_id, const Visit& v) {
  if (is_bot(v.user_agent)) return false;
  auto now = core::now_us();
  std::int64_t day = now / (86400LL * 1'000'000);
  const std::int64_t window =
      std::chrono::duration_cast<std::chrono::microseconds>(kAddressWindow).count();
  std::lock_guard lock(mu_);
  if (day != day_) {
    day_ = day;
    salt_ = core::random_token(32);
    seen_.clear();
    address_last_.clear();
  }
  auto id = std::to_string(article_id);
  auto address = core::sha256_hex(salt_ + "\naddress\n" + std::string(v.address) + "\n" + id);
  auto last = address_last_.find(address);
  if (last != address_last_.end() && now - last->second < window) return false;
  auto reader =
      core::sha256_hex(salt_ + "\n" + std::string(v.address) + "\n" + std::string(v.user_agent) +
                       "\n" + std::string(v.accept_language) + "\n" + id);
  if (!seen_.insert(reader).second) return false;
  address_last_[address] = now;
  if (seen_.size() > 2'000'000) seen_.clear();  // bounded memory under a flood
  if (address_last_.size() > 2'000'000) address_last_.clear();
  pending_[article_id] += 1;
  return true;
}

void ViewCounter::flush() {
  std::map<std::int64_t, std::int64_t> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty()) return;
  try {
    (void)db_.write([&](storage::Tx& tx) -> core::Status {
      auto day = core::format_rfc3339(core::now_us()).substr(0, 10);
      for (auto [id, n] : batch) store::add_views(tx, id, n, day);
      return {};
    });
  } catch (const std::exception&) {
    std::lock_guard lock(mu_);
    for (auto [id, n] : batch) pending_[id] += n;
  }
}

void ViewCounter::stop() {
  worker_.stop();
  flush();
}

}  // namespace qorgan::portal
