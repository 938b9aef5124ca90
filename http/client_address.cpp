#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <optional>

namespace qorgan::http {
namespace {

std::string_view strip(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct Parsed {
  bool v6 = false;
  unsigned char bytes[16] = {};
};

std::optional<Parsed> parse_address(std::string_view text) {
  std::string s(strip(text));
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  Parsed p;
  if (inet_pton(AF_INET, s.c_str(), p.bytes) == 1) return p;
  if (inet_pton(AF_INET6, s.c_str(), p.bytes) != 1) return std::nullopt;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(p.bytes, mapped, 12) == 0) {
    std::memmove(p.bytes, p.bytes + 12, 4);
    std::memset(p.bytes + 4, 0, 12);
    return p;
  }
  p.v6 = true;
  return p;
}

}  // namespace

core::Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries) {
  TrustedProxies t;
  for (const auto& entry : entries) {
    std::string_view text = strip(entry);
    auto slash = text.find('/');
    auto address = parse_address(text.substr(0, slash));
    Network n;
    bool ok = address.has_value();
    if (ok) {
      n.v6 = address->v6;
      std::memcpy(n.bytes, address->bytes, 16);
      n.prefix = n.v6 ? 128 : 32;
      if (slash != std::string_view::npos) {
        std::string_view digits = text.substr(slash + 1);
        unsigned prefix = 0;
        ok = !digits.empty() && digits.size() <= 3;
        for (char c : digits) {
          if (c < '0' || c > '9') ok = false;
          prefix = prefix * 10 + unsigned(c - '0');
        }
        ok = ok && prefix <= n.prefix;
        n.prefix = prefix;
      }
    }
    if (!ok)
      return core::fail(core::Error::invalid(
          "trusted_proxies: '" + std::string(text) +
          "' is neither an IP address nor a network such as 10.0.0.0/8 or fd00::/8"));
    t.networks_.push_back(n);
  }
  return t;
}

bool TrustedProxies::contains(std::string_view address) const {
  auto a = parse_address(address);
  if (!a) return false;
  for (const auto& n : networks_) {
    if (n.v6 != a->v6) continue;
    unsigned whole = n.prefix / 8, rest = n.prefix % 8;
    if (std::memcmp(n.bytes, a->bytes, whole) != 0) continue;
    if (rest) {
      unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
      if ((n.bytes[whole] & mask) != (a->bytes[whole] & mask)) continue;
    }
    return true;
  }
  return false;
}

std::string client_address(std::string_view peer,
                           const std::vector<std::string_view>& forwarded_for,
                           const TrustedProxies& trusted) {
  if (trusted.empty() || !trusted.contains(peer)) return std::string(peer);
  std::vector<std::string_view> hops;
  for (auto field : forwarded_for)
    for (std::size_t at = 0; at <= field.size();) {
      auto comma = std::min(field.find(',', at), field.size());
      hops.push_back(strip(field.substr(at, comma - at)));
      at = comma + 1;
    }
  std::string client(peer);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (!parse_address(*it)) break;
    client = std::string(*it);
    if (client.front() == '[') client = client.substr(1, client.size() - 2);
    if (!trusted.contains(client)) break;
  }
  return client;
}

}  // namespace qorgan::http
