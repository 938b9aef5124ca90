#pragma once
// An API answer's problems in the caller's language, for the guard and the server's own errors:
// services and the HTTP server write English, the catalogue holds kk and ru.
#include <string>

#include "auth/principal.hpp"
#include "http/request.hpp"

namespace qorgan::view {
class Catalogue;
}

namespace qorgan::auth {

// ?lang=, else the account's language (`who` may be null: no account), else the one
// Accept-Language prefers, else English (what API clients have always read).
std::string api_language(const http::Request& req, const Principal* who);

// `res` unchanged unless it is a problem+json; otherwise its title, detail and each field's
// message in `lang` (words the catalogue lacks stay English) and a Content-Language header that
// says which language the answer speaks (English too).
http::Response in_language(const view::Catalogue& words, const std::string& lang,
                           http::Response res);

}  // namespace qorgan::auth
