#include "auth/guard_language.hpp"

#include "core/json.hpp"
#include "view/i18n.hpp"

namespace qorgan::auth {

std::string api_language(const http::Request& req, const Principal* who) {
  if (auto lang = req.query_param("lang"); lang && view::is_language(*lang)) return *lang;
  if (who && view::is_language(who->language)) return who->language;
  return view::pick_language(req.header("Accept-Language"), "en");
}

http::Response in_language(const view::Catalogue& words, const std::string& lang,
                           http::Response res) {
  if (res.get_header("Content-Type") != "application/problem+json") return res;
  // Said even for English: the server's own translation (http::ServerOptions::speak) leaves an
  // answer with a Content-Language as it is, so an account's English is not overruled by the
  // browser's Accept-Language.
  if (lang == "en") {
    res.header("Content-Language", "en");
    return res;
  }
  auto j = core::Json::parse(res.body, nullptr, false);
  if (!j.is_object()) return res;
  auto say = [&](const char* key, core::Json& in, bool whole) {
    if (auto it = in.find(key); it != in.end() && it->is_string())
      *it = whole ? words.text(lang, it->get<std::string>())
                  : words.message(lang, it->get<std::string>());
  };
  say("title", j, true);
  say("detail", j, false);
  if (auto errors = j.find("errors"); errors != j.end() && errors->is_array())
    for (auto& e : *errors)
      if (e.is_object()) say("message", e, false);
  res.body = j.dump(-1, ' ', false, core::Json::error_handler_t::replace);
  res.header("Content-Language", lang);
  return res;
}

}  // namespace qorgan::auth
