#pragma once
// HTML form bodies: application/x-www-form-urlencoded and multipart/form-data (RFC 7578), read
// into one field map. The one multipart reader of the server (console forms, CSV and image
// uploads, the portal editor).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/request.hpp"

namespace qorgan::http {

// Field name → value; a file part's value is the file's bytes. A name may repeat.
using Form = std::multimap<std::string, std::string>;

// The boundary parameter of a multipart/form-data Content-Type, if any.
std::optional<std::string> multipart_boundary(std::string_view content_type);
// Each part's name and content. Parts without a name are skipped; a body that does not follow
// the format is an `invalid` error saying what is wrong.
core::Result<Form> parse_multipart(std::string_view body, std::string_view boundary);
// A POST body as either form encoding; other bodies give an empty form.
core::Result<Form> parse_form(const Request& req);
// The first value of `name`, or empty.
std::string form_value(const Form& form, const std::string& name);

}  // namespace qorgan::http
