#include "http/framing.hpp"

#include "http/request.hpp"

namespace qorgan::http {

std::string head_problem(const RequestHead& head) {
  if (!head.transfer_coding.empty()) {
    if (head.version != 11) return "An HTTP/1.0 request cannot have a Transfer-Encoding.";
    int codings = 0;
    bool chunked_only = true;
    for (std::string_view list : head.transfer_coding) {
      while (!list.empty()) {
        auto comma = list.find(',');
        std::string_view coding = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t'))
          coding.remove_prefix(1);
        while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t'))
          coding.remove_suffix(1);
        if (coding.empty()) continue;  // empty list elements are allowed and mean nothing
        ++codings;
        chunked_only = chunked_only && iequals(coding, "chunked");
      }
    }
    if (codings != 1 || !chunked_only)
      return "The request's Transfer-Encoding is not supported: a request body is sent with "
             "Content-Length or with Transfer-Encoding: chunked alone.";
  }
  if (head.host_fields > 1) return "The request has more than one Host header.";
  return {};
}

}  // namespace qorgan::http
