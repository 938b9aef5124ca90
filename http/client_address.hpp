#pragma once
// The address of the client a request came from, when the server runs behind reverse proxies:
// the socket's peer is then the proxy, and the client is named in X-Forwarded-For. Only proxies
// the operator lists are believed, since anyone else can send the header.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace qorgan::http {

class TrustedProxies {
 public:
  // Entries are addresses ("10.0.0.5", "::1") or networks ("10.0.0.0/8", "fd00::/8"); an entry
  // that is neither is refused, naming it.
  static core::Result<TrustedProxies> parse(const std::vector<std::string>& entries);
  bool empty() const { return networks_.empty(); }
  // Whether `address` (textual IPv4 or IPv6; an IPv4-mapped IPv6 address counts as its IPv4
  // address) lies in a listed network. An address that does not parse is never trusted.
  bool contains(std::string_view address) const;

 private:
  struct Network {
    bool v6 = false;
    unsigned char bytes[16] = {};
    unsigned prefix = 0;
  };
  std::vector<Network> networks_;
};

// The client of a request whose socket peer is `peer` and whose X-Forwarded-For fields (in the
// order they came) are `forwarded_for`. Unless the peer is a trusted proxy, the peer. Otherwise
// the list is read from the right (each proxy appends the address it received from) past the
// trusted proxies; the first address that is not one is the client. A malformed entry stops the
// walk at the last trusted hop, so a client cannot pass off garbage as its address; a list made
// only of trusted proxies gives its leftmost.
std::string client_address(std::string_view peer,
                           const std::vector<std::string_view>& forwarded_for,
                           const TrustedProxies& trusted);

}  // namespace qorgan::http
