#include "http/request.hpp"

#include <charconv>

namespace qorgan::http {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x += 32;
    if (y >= 'A' && y <= 'Z') y += 32;
    if (x != y) return false;
  }
  return true;
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string_view all = header("Cookie");
  while (!all.empty()) {
    auto semi = all.find(';');
    auto part = all.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name)
      return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

std::int64_t Request::id(const std::string& name) const {
  std::int64_t out = 0;
  const auto& s = params.at(name);
  std::from_chars(s.data(), s.data() + s.size(), out);
  return out;
}

std::string_view Response::get_header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

Response Response::json(const core::Json& body, int status) {
  Response r{status,
             {{"Content-Type", "application/json"}},
             body.dump(-1, ' ', false, core::Json::error_handler_t::replace)};
  return r;
}

Response Response::html(std::string body, int status) {
  return Response{status, {{"Content-Type", "text/html; charset=utf-8"}}, std::move(body)};
}

Response Response::text(std::string body, std::string content_type, int status) {
  return Response{status, {{"Content-Type", std::move(content_type)}}, std::move(body)};
}

Response Response::redirect(const std::string& location, int status) {
  return Response{status, {{"Location", location}}, {}};
}

int status_of(core::ErrorCode code) {
  using enum core::ErrorCode;
  switch (code) {
    case invalid:
      return 422;
    case not_found:
      return 404;
    case conflict:
      return 409;
    case unauthenticated:
      return 401;
    case forbidden:
      return 403;
    case too_many:
      return 429;
    case too_large:
      return 413;
    case unavailable:
      return 503;
    case internal:
      return 500;
    case bad_request:
      return 400;
    case method_not_allowed:
      return 405;
    case unsupported_media_type:
      return 415;
    case request_timeout:
      return 408;
    case header_too_large:
      return 431;
  }
  return 500;
}

static std::string_view title_of(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

Response problem(const core::Error& error, const std::string& request_id) {
  int status = status_of(error.code);
  core::Json j{{"type", "about:blank"},
               {"title", title_of(status)},
               {"status", status},
               {"code", core::to_string(error.code)},
               {"detail", error.message}};
  if (!request_id.empty()) j["request_id"] = request_id;
  if (!error.fields.empty()) {
    auto& errs = j["errors"] = core::Json::array();
    for (const auto& f : error.fields) errs.push_back({{"field", f.field}, {"message", f.message}});
  }
  if (error.retry_after) j["retry_after"] = *error.retry_after;
  Response r = Response::json(j, status);
  r.headers[0].second = "application/problem+json";
  if (error.retry_after) r.header("Retry-After", std::to_string(*error.retry_after));
  return r;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out += char(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::multimap<std::string, std::string> parse_query(std::string_view q) {
  std::multimap<std::string, std::string> out;
  while (!q.empty()) {
    auto amp = q.find('&');
    auto part = q.substr(0, amp);
    if (!part.empty()) {
      auto eq = part.find('=');
      if (eq == std::string_view::npos)
        out.emplace(url_decode(part), "");
      else
        out.emplace(url_decode(part.substr(0, eq)), url_decode(part.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

void set_target(Request& req, std::string target) {
  req.target = std::move(target);
  auto q = req.target.find('?');
  req.path = url_decode(std::string_view(req.target).substr(0, q), false);
  req.query.clear();
  if (q != std::string::npos) req.query = parse_query(std::string_view(req.target).substr(q + 1));
}

}  // namespace qorgan::http
