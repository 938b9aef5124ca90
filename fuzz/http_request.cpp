// The server's request reading: Beast's HTTP/1.1 parser with the server's limits, the server's
// checks on the head before the body is read (http/framing.hpp), and the decoding of the target
// into path and query (http/request.hpp), over a byte stream that may hold several pipelined
// requests, as on a keep-alive connection. Invariants: a body never exceeds the limit; a request
// with an accepted Transfer-Encoding is HTTP/1.1 with one Host at most; the decoded path and
// query parameters survive url_encode and url_decode unchanged.
#include <utility>  // Boost 1.74's Asio needs it first under GCC 12

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/check.hpp"
#include "http/framing.hpp"
#include "http/request.hpp"
#include "http/server.hpp"

namespace bhttp = boost::beast::http;
using namespace qorgan::http;

namespace {

// Reads one request from the front of `in` as the server does; returns how many bytes it used,
// or nullopt when the connection would be closed (an error, a refusal, or the input ended).
std::optional<std::size_t> one_request(std::string_view in) {
  static const ServerOptions options;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(std::uint32_t(options.header_limit));
  parser.body_limit(options.body_limit);
  std::size_t used = 0;
  bool head_checked = false;
  boost::beast::error_code ec;
  while (!parser.is_done()) {
    std::size_t n = parser.put(boost::asio::buffer(in.data() + used, in.size() - used), ec);
    used += n;
    if (ec == bhttp::error::need_more) {
      if (used == in.size() || n == 0) return std::nullopt;  // the rest never arrives
      ec = {};
      continue;
    }
    if (ec) return std::nullopt;
    if (parser.is_header_done() && !head_checked) {
      head_checked = true;
      const RequestHead head = head_of(parser.get());
      const std::string problem = head_problem(head);
      if (!problem.empty()) return std::nullopt;  // refused with 400, connection closed
      FUZZ_CHECK(head.host_fields <= 1);
      FUZZ_CHECK(head.transfer_coding.empty() || head.version == 11);
    }
    if (n == 0 && !parser.is_done()) return std::nullopt;
  }
  auto& msg = parser.get();
  FUZZ_CHECK(msg.body().size() <= options.body_limit);
  Request req;
  req.method = std::string(msg.method_string());
  set_target(req, std::string(msg.target()));
  for (const auto& f : msg)
    req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  req.body = std::move(msg.body());
  FUZZ_CHECK(req.path.size() <= req.target.size());
  FUZZ_CHECK(url_decode(url_encode(req.path), false) == req.path);
  for (const auto& [k, v] : req.query) {
    FUZZ_CHECK(url_decode(url_encode(k)) == k);
    FUZZ_CHECK(req.query_param(k).has_value());
  }
  (void)req.cookie("qorgan_session");
  FUZZ_CHECK(iequals(req.header("host"), req.header("Host")));
  return msg.keep_alive() ? std::optional(used) : std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < 8 && !in.empty(); ++i) {
    auto used = one_request(in);
    if (!used) break;
    FUZZ_CHECK(*used > 0 && *used <= in.size());
    in.remove_prefix(*used);
  }
  return 0;
}
