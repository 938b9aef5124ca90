#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace qorgan::http {
namespace {

TrustedProxies proxies(std::vector<std::string> entries) {
  auto t = TrustedProxies::parse(entries);
  EXPECT_TRUE(t) << t.error().message;
  return *t;
}

TEST(ClientAddress, WithoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays) {
  EXPECT_EQ(client_address("203.0.113.7", {"198.51.100.1"}, proxies({})), "203.0.113.7");
  EXPECT_EQ(client_address("203.0.113.7", {"198.51.100.1"}, proxies({"10.0.0.1"})), "203.0.113.7");
}

TEST(ClientAddress, BehindATrustedProxyTheRightmostUntrustedHopIsTheClient) {
  auto t = proxies({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(client_address("127.0.0.1", {"198.51.100.9"}, t), "198.51.100.9");
  // A client may send its own X-Forwarded-For: only the hops the proxies appended count.
  EXPECT_EQ(client_address("127.0.0.1", {"1.2.3.4, 198.51.100.9, 10.1.2.3"}, t), "198.51.100.9");
  EXPECT_EQ(client_address("10.9.9.9", {"1.2.3.4", "198.51.100.9 , 10.1.2.3"}, t), "198.51.100.9");
  EXPECT_EQ(client_address("127.0.0.1", {}, t), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", {"10.0.0.2, 10.0.0.3"}, t), "10.0.0.2");
}

TEST(ClientAddress, GarbageStopsTheWalkAtTheLastTrustedHop) {
  auto t = proxies({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(client_address("127.0.0.1", {"evil"}, t), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", {"198.51.100.9, unknown, 10.0.0.4"}, t), "10.0.0.4");
  EXPECT_EQ(client_address("127.0.0.1", {"198.51.100.9, "}, t), "127.0.0.1");
}

TEST(ClientAddress, Ipv6AndMappedAddresses) {
  auto t = proxies({"::1", "fd00::/8", "192.168.0.0/16"});
  EXPECT_EQ(client_address("::1", {"2001:db8::5"}, t), "2001:db8::5");
  EXPECT_EQ(client_address("fd12::3", {"[2001:db8::6]"}, t), "2001:db8::6");
  EXPECT_TRUE(t.contains("::ffff:192.168.3.4"));
  EXPECT_FALSE(t.contains("192.169.0.1"));
  EXPECT_FALSE(t.contains("fe00::1"));
  EXPECT_FALSE(t.contains("not an address"));
}

TEST(TrustedProxies, PrefixesAreMaskedBitByBit) {
  auto t = proxies({"172.16.0.0/12"});
  EXPECT_TRUE(t.contains("172.16.0.1"));
  EXPECT_TRUE(t.contains("172.31.255.255"));
  EXPECT_FALSE(t.contains("172.32.0.0"));
  EXPECT_TRUE(proxies({"0.0.0.0/0"}).contains("8.8.8.8"));
}

TEST(TrustedProxies, AMalformedEntryIsRefusedByName) {
  for (std::string bad :
       {"10.0.0.0/33", "proxy.example", "10.0.0.0/", "10.0.0/8", "::1/129", "1.2.3.4/x"}) {
    auto t = TrustedProxies::parse({"127.0.0.1", bad});
    ASSERT_FALSE(t) << bad;
    EXPECT_NE(t.error().message.find(bad), std::string::npos) << t.error().message;
  }
}

}  // namespace
}  // namespace qorgan::http
