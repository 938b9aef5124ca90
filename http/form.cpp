#include "http/form.hpp"

namespace qorgan::http {

namespace {

std::string_view trim_ws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of `param` in a header such as `form-data; name="x"; filename="y"`.
std::optional<std::string> header_param(std::string_view header, std::string_view param) {
  size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    auto rest = trim_ws(header.substr(pos));
    auto eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (!iequals(trim_ws(rest.substr(0, eq)), param)) continue;
    auto v = rest.substr(eq + 1);
    if (v.starts_with('"')) {
      std::string out;
      for (size_t i = 1; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size())
          out += v[++i];
        else if (v[i] == '"')
          return out;
        else
          out += v[i];
      }
      return std::nullopt;  // unterminated quote
    }
    auto end = v.find(';');
    return std::string(trim_ws(v.substr(0, end)));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  auto semi = content_type.find(';');
  if (!iequals(trim_ws(content_type.substr(0, semi)), "multipart/form-data")) return std::nullopt;
  auto b = header_param(content_type, "boundary");
  if (!b || b->empty() || b->size() > 70) return std::nullopt;
  return b;
}

core::Result<Form> parse_multipart(std::string_view body, std::string_view boundary) {
  auto bad = [](const std::string& why) {
    return core::fail(core::Error::invalid("The form upload is malformed: " + why + "."));
  };
  const std::string delim = "--" + std::string(boundary);
  Form form;
  // The body starts with the first delimiter (a preamble before it is allowed and ignored).
  size_t pos = body.starts_with(delim) ? 0 : body.find("\r\n" + delim);
  if (pos == std::string_view::npos) return bad("no boundary");
  if (pos != 0) pos += 2;
  pos += delim.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return form;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return bad("a boundary is not followed by a line break");
    pos += 2;
    auto head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return bad("a part has no end of headers");
    std::optional<std::string> name;
    for (auto line_start = pos; line_start < head_end;) {
      auto line_end = body.find("\r\n", line_start);
      if (line_end == std::string_view::npos || line_end > head_end) line_end = head_end;
      auto line = body.substr(line_start, line_end - line_start);
      auto colon = line.find(':');
      if (colon != std::string_view::npos &&
          iequals(trim_ws(line.substr(0, colon)), "Content-Disposition"))
        name = header_param(line.substr(colon + 1), "name");
      line_start = line_end + 2;
    }
    auto content_start = head_end + 4;
    auto next = body.find("\r\n" + delim, content_start);
    if (next == std::string_view::npos) return bad("a part is not closed by the boundary");
    if (name) form.emplace(*name, std::string(body.substr(content_start, next - content_start)));
    pos = next + 2 + delim.size();
  }
}

core::Result<Form> parse_form(const Request& req) {
  auto ct = req.header("Content-Type");
  if (auto b = multipart_boundary(ct)) return parse_multipart(req.body, *b);
  if (ct.starts_with("application/x-www-form-urlencoded")) return parse_query(req.body);
  return Form{};
}

std::string form_value(const Form& form, const std::string& name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

}  // namespace qorgan::http
