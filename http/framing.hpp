#pragma once
// The checks the server makes on a request's head before it reads the body, as pure functions of
// what Beast parsed, so that the server and the request-parser fuzz harness run the same code.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qorgan::http {

// What the framing checks need of a parsed request head.
struct RequestHead {
  unsigned version = 11;                          // 10 for HTTP/1.0, 11 for HTTP/1.1
  std::vector<std::string_view> transfer_coding;  // each Transfer-Encoding field's value
  std::size_t host_fields = 0;                    // how many Host fields the head has
};

// Why the request must be refused (400, connection closed) before its body is read, or "" when
// its head is acceptable.
//  - RFC 9112 §6.1 and §6.3: with a Transfer-Encoding the body is framed by its final coding,
//    which in a request must be chunked; the server decodes no other coding, so the only one
//    accepted is chunked alone, in HTTP/1.1. Beast reads any other list (`xchunked`,
//    `chunked, identity`) as a request without a body, and the body's bytes would then be read
//    as the next request.
//  - RFC 9112 §3.2: two Host fields name two sites; which one a proxy or cache used is anyone's
//    guess, so the request is answered for neither.
std::string head_problem(const RequestHead& head);

// The head of a request Beast parsed (a boost::beast::http::request; a template so that this
// header does not include Beast, which only server.cpp may).
template <class BeastRequest>
RequestHead head_of(const BeastRequest& msg) {
  RequestHead head;
  head.version = msg.version();
  auto [first, last] = msg.equal_range("Transfer-Encoding");
  for (auto it = first; it != last; ++it)
    head.transfer_coding.emplace_back(it->value().data(), it->value().size());
  head.host_fields = msg.count("Host");
  return head;
}

}  // namespace qorgan::http
