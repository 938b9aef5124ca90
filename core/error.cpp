#include "core/error.hpp"

namespace qorgan::core {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid:
      return "invalid";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::unauthenticated:
      return "unauthenticated";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::too_many:
      return "too_many";
    case ErrorCode::too_large:
      return "too_large";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::internal:
      return "internal";
    case ErrorCode::bad_request:
      return "bad_request";
    case ErrorCode::method_not_allowed:
      return "method_not_allowed";
    case ErrorCode::unsupported_media_type:
      return "unsupported_media_type";
    case ErrorCode::request_timeout:
      return "request_timeout";
    case ErrorCode::header_too_large:
      return "header_too_large";
  }
  return "internal";
}

}  // namespace qorgan::core
