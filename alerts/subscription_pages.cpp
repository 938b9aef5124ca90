// The public subscription pages in kk, ru and en: the subscribe form, and the pages the links of
// the messages open — confirm and unsubscribe, each one button. Plain forms, no JavaScript; the
// link pages carry their token in the address, so they are never cached, never sent as a
// referrer and not indexed. Everything goes through alerts/subscriptions.hpp.
#include <fmt/format.h>

#include "alerts/subscription_routes.hpp"
#include "alerts/subscription_words.hpp"
#include "core/escape.hpp"
#include "http/form.hpp"
#include "http/private_page.hpp"
#include "http/reply.hpp"
#include "view/public_frame.hpp"

namespace qorgan::alerts {

using core::html_escape;
using http::Request;
using http::Response;

namespace {

constexpr const char* kStyle = R"(
label { display: block; margin: .6rem 0 .2rem; font-weight: 600 }
input[type=text], select { font: inherit; padding: .3rem; width: 100%; box-sizing: border-box }
select[multiple] { min-height: 10rem } button { margin-top: 1rem }
)";

struct Shown {
  std::string error, notice;
  int status = 200;
  std::optional<std::int64_t> retry_after;
};

Response page(const std::string& lang, const std::string& path_after_lang, const std::string& title,
              const std::string& body, const Shown& shown) {
  view::PublicFrame f{lang,
                      path_after_lang,
                      title,
                      say(lang, "Language"),
                      say(lang, "Qorgan — territorial defence and civil protection"),
                      kStyle,
                      shown.notice,
                      shown.error};
  return http::private_page(view::public_frame(f, body), shown.status, shown.retry_after);
}

std::string region_name(const registry::Region& r, const std::string& lang) {
  return lang == "kk" ? r.name_kk : lang == "ru" ? r.name_ru : r.name_en;
}

std::string subscribe_form(Subscriptions& subs, const std::string& lang, const std::string& typed,
                           const std::vector<std::string>& chosen, const std::string& language) {
  std::string b = "<h1>" + html_escape(say(lang, "Subscribe to public alerts")) + "</h1><p>" +
                  html_escape(say(lang,
                                  "Official warnings (air raid, flood, evacuation) for the regions "
                                  "you choose, by e-mail or SMS. We keep only your address, "
                                  "encrypted, and your choices.")) +
                  "</p>";
  b += fmt::format(
      "<form method=\"post\" action=\"/{0}/alerts/subscribe\"><label for=\"address\">{1}</label>"
      "<input type=\"text\" id=\"address\" name=\"address\" value=\"{2}\" autocomplete=\"email\" "
      "maxlength=\"254\" required><label for=\"regions\">{3}</label>"
      "<select id=\"regions\" name=\"regions\" multiple required>",
      lang, html_escape(say(lang, "E-mail address or phone number (+7…)")), html_escape(typed),
      html_escape(say(lang, "Regions")));
  for (const auto& r : subs.offered_regions()) {
    auto depth = std::count(r.path.begin(), r.path.end(), '/') - 2;
    b += fmt::format("<option value=\"{}\"{}>{}{}</option>", html_escape(r.code),
                     std::ranges::find(chosen, r.code) != chosen.end() ? " selected" : "",
                     std::string(std::size_t(std::max<long>(depth, 0)) * 2, '-'),
                     html_escape(region_name(r, lang)));
  }
  b += fmt::format(
      "</select><label for=\"language\">{}</label><select id=\"language\" "
      "name=\"language\">",
      html_escape(say(lang, "Language of the messages")));
  for (const auto& l : view::languages())
    b += fmt::format("<option value=\"{}\"{}>{}</option>", l, l == language ? " selected" : "",
                     html_escape(view::language_name(l)));
  b += "</select><button>" + html_escape(say(lang, "Subscribe")) + "</button></form>";
  return b;
}

Shown shown_error(const std::string& lang, const core::Error& e) {
  Shown s;
  s.status = http::status_of(e.code);
  if (e.code == core::ErrorCode::too_many) {
    s.retry_after = e.retry_after;
    s.error = sayf(lang, "Too many requests. Try again in {} seconds.", e.retry_after.value_or(60));
  } else if (e.code == core::ErrorCode::not_found) {
    s.error = say(lang, "This link is not valid or has expired. Subscribe again to get a new one.");
  } else {
    for (const auto& f : e.fields) {
      if (f.field == "address")
        s.error = say(lang,
                      "Give an e-mail address or a phone number in international form, e.g. "
                      "+77011234567.");
      else if (f.field.starts_with("regions") && s.error.empty())
        s.error = say(lang, "Choose at least one region.");
    }
    if (s.error.empty()) s.error = say(lang, "Choose at least one region.");
  }
  return s;
}

}  // namespace

void mount_subscription_pages(http::Router& router, Subscriptions& subs) {
  for (const auto& lang : view::languages()) {
    router.add("GET", "/" + lang + "/alerts/subscribe", [&subs, lang](Request& req) {
      Shown shown;
      if (req.query_param("sent"))
        shown.notice =
            say(lang, "Check your messages: we have sent a link to confirm the subscription.");
      return page(lang, "/alerts/subscribe", say(lang, "Subscribe to public alerts"),
                  subscribe_form(subs, lang, "", {}, lang), shown);
    });
    router.add("POST", "/" + lang + "/alerts/subscribe", [&subs, lang](Request& req) {
      auto form = http::parse_form(req);
      std::string typed, language = lang;
      std::vector<std::string> regions;
      if (form) {
        typed = http::form_value(*form, "address");
        if (auto l = http::form_value(*form, "language"); !l.empty()) language = l;
        auto [from, to] = form->equal_range("regions");
        for (auto it = from; it != to; ++it) regions.push_back(it->second);
      }
      core::Json body = {{"address", typed}, {"language", language}, {"regions", regions}};
      auto done = subs.subscribe({req.remote, req.request_id}, body);
      if (done) return Response::redirect("/" + lang + "/alerts/subscribe?sent=1");
      return page(lang, "/alerts/subscribe", say(lang, "Subscribe to public alerts"),
                  subscribe_form(subs, lang, typed, regions, language),
                  shown_error(lang, done.error()));
    });
    router.add("GET", "/" + lang + "/alerts/c/{token}", [&subs, lang](Request& req) {
      const auto& token = req.params["token"];
      const auto title = say(lang, "Confirm the subscription");
      auto s = subs.pending(token);
      if (!s)
        return page(lang, "/alerts/subscribe", title, "<h1>" + html_escape(title) + "</h1>",
                    shown_error(lang, s.error()));
      if (s->status == "confirmed" && req.query_param("done")) {
        Shown shown;
        shown.notice =
            say(lang, "Your subscription is confirmed. You will receive alerts for your regions.");
        return page(lang, "/alerts/c/" + token, title, "<h1>" + html_escape(title) + "</h1>",
                    shown);
      }
      return page(lang, "/alerts/c/" + token, title,
                  fmt::format("<h1>{}</h1><p>{}</p><form method=\"post\" "
                              "action=\"/{}/alerts/c/{}\"><button>{}</button></form>",
                              html_escape(title), html_escape(s->address_masked), lang,
                              html_escape(token), html_escape(say(lang, "Confirm"))),
                  {});
    });
    router.add("POST", "/" + lang + "/alerts/c/{token}", [&subs, lang](Request& req) {
      const auto& token = req.params["token"];
      auto s = subs.confirm({req.remote, req.request_id}, token);
      const auto title = say(lang, "Confirm the subscription");
      if (!s)
        return page(lang, "/alerts/subscribe", title, "<h1>" + html_escape(title) + "</h1>",
                    shown_error(lang, s.error()));
      return Response::redirect("/" + lang + "/alerts/c/" + token + "?done=1");
    });
    router.add("GET", "/" + lang + "/alerts/u/{token}", [&subs, lang](Request& req) {
      const auto& token = req.params["token"];
      const auto title = say(lang, "Unsubscribe from public alerts");
      Shown shown;
      if (req.query_param("done")) {
        shown.notice = say(lang,
                           "You will no longer receive alerts at this address. Your address has "
                           "been deleted.");
        return page(lang, "/alerts/u/" + token, title, "<h1>" + html_escape(title) + "</h1>",
                    shown);
      }
      auto s = subs.subscribed(token);
      if (!s)
        return page(lang, "/alerts/subscribe", title, "<h1>" + html_escape(title) + "</h1>",
                    shown_error(lang, s.error()));
      if (s->status == "unsubscribed") {
        shown.notice = say(lang,
                           "You will no longer receive alerts at this address. Your address has "
                           "been deleted.");
        return page(lang, "/alerts/u/" + token, title, "<h1>" + html_escape(title) + "</h1>",
                    shown);
      }
      return page(lang, "/alerts/u/" + token, title,
                  fmt::format("<h1>{}</h1><p>{}</p><form method=\"post\" "
                              "action=\"/{}/alerts/u/{}\"><button>{}</button></form>",
                              html_escape(title),
                              html_escape(sayf(lang, "Stop the alerts to {}?", s->address_masked)),
                              lang, html_escape(token), html_escape(say(lang, "Unsubscribe"))),
                  shown);
    });
    router.add("POST", "/" + lang + "/alerts/u/{token}", [&subs, lang](Request& req) {
      const auto& token = req.params["token"];
      auto done = subs.unsubscribe({req.remote, req.request_id}, token);
      if (!done) {
        const auto title = say(lang, "Unsubscribe from public alerts");
        return page(lang, "/alerts/subscribe", title, "<h1>" + html_escape(title) + "</h1>",
                    shown_error(lang, done.error()));
      }
      return Response::redirect("/" + lang + "/alerts/u/" + token + "?done=1");
    });
  }
}

}  // namespace qorgan::alerts
