// The answer page of a call-up notice, public under /{lang}/callup/{code}: the link the notice's
// message carries. It shows the notice (initials only, unit, assembly point, deadline, EXERCISE
// mark) and takes the answer by a plain form POST, so it works without JavaScript; kk, ru, en.
// The code in the address is the credential: the page is never cached, never sent as a referrer
// and not indexed. Everything goes through activation/callup.hpp.
#include <fmt/format.h>

#include "activation/callup_words.hpp"
#include "activation/notice_code.hpp"
#include "activation/routes.hpp"
#include "core/escape.hpp"
#include "http/form.hpp"
#include "http/private_page.hpp"
#include "http/reply.hpp"
#include "view/i18n.hpp"
#include "view/public_frame.hpp"
#include "view/time.hpp"

namespace qorgan::activation {

using core::html_escape;
using http::Request;
using http::Response;

namespace {

constexpr const char* kStyle = R"(
.mark { display: inline-block; margin: 0 0 .6rem; padding: .1rem .8rem; border: 3px solid #a30000;
  color: #a30000; font-weight: bold; letter-spacing: .1em }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem }
dt { color: #555 } dd { margin: 0; font-weight: 600 }
form { margin: 1rem 0 } fieldset { border: 1px solid #bbb; border-radius: 4px }
label { display: block; margin: .3rem 0 } input[type=text] { font: inherit; padding: .3rem; width: 12rem }
button.secondary { background: #fff; color: #1f3d2b } .hint { color: #555; font-size: .9rem }
)";

struct Shown {
  std::string error, notice;  // a message in the page's language
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

// The form that asks for a code (on its own page, and after a wrong one).
std::string code_form(const std::string& lang, const std::string& typed) {
  return fmt::format(
      "<form method=\"get\" action=\"/{0}/callup\"><label for=\"code\">{1}</label>"
      "<input type=\"text\" id=\"code\" name=\"code\" value=\"{2}\" autocomplete=\"off\" "
      "autocapitalize=\"characters\" spellcheck=\"false\" maxlength=\"20\" "
      "placeholder=\"ABCD-EFGH\" required> <button>{3}</button></form>",
      lang, html_escape(say(lang, "Enter the code from your notice")), html_escape(typed),
      html_escape(say(lang, "Open the notice")));
}

// An error of the service in the reader's words.
Shown shown_error(const std::string& lang, const core::Error& e, const OwnNotice* own) {
  Shown s;
  s.status = http::status_of(e.code);
  switch (e.code) {
    case core::ErrorCode::too_many:
      s.retry_after = e.retry_after;
      s.error = sayf(lang, "Too many wrong codes from your address. Try again in {} seconds.",
                     e.retry_after.value_or(60));
      break;
    case core::ErrorCode::not_found:
      s.error = say(lang, "No call-up notice has this code. Check the code on your notice.");
      break;
    case core::ErrorCode::invalid:
      for (const auto& f : e.fields) {
        if (f.field == "code")
          s.error = say(lang, "A code is 8 letters and digits, like ABCD-EFGH.");
        if (f.field == "reason") s.error = say(lang, "Choose a reason.");
        if (f.field == "answer") s.error = say(lang, "Choose whether you will come.");
      }
      if (s.error.empty()) s.error = say(lang, "Choose whether you will come.");
      break;
    default:
      s.error = own && own->notice.muster.status == Muster::arrived
                    ? say(lang, "You have checked in; the answer no longer changes.")
                    : say(lang, "This call-up is over.");
  }
  return s;
}

std::string notice_body(const std::string& lang, const OwnNotice& o, const std::string& code,
                        const std::string& time_zone) {
  const auto& a = o.activation;
  const auto& n = o.notice;
  std::string b;
  if (a.kind == Kind::exercise)
    b += "<p class=\"mark\">" + html_escape(say(lang, "EXERCISE")) + "</p>";
  b += "<h1>" + html_escape(say(lang, "Your call-up notice")) + "</h1><dl>";
  auto row = [&](const char* label, const std::string& value, const char* cls) {
    b += fmt::format("<dt>{}</dt><dd class=\"{}\">{}</dd>", html_escape(say(lang, label)), cls,
                     html_escape(value));
  };
  row("Name", o.initials, "name");
  row("Unit", o.unit_name, "unit");
  row("Assembly point", o.point_name, "point");
  if (o.point_address) row("Address", *o.point_address, "address");
  if (a.deadline_at) row("Report by", view::format_time(*a.deadline_at, time_zone), "deadline");
  std::string status = say(lang, to_string(n.muster.status));
  if (n.muster.reason) status += " (" + say(lang, to_string(*n.muster.reason)) + ")";
  row("Status", status, "status");
  b += "</dl>";
  if (n.muster.status == Muster::arrived) {
    b += "<p>" + html_escape(say(lang, "You have checked in; the answer no longer changes.")) +
         "</p>";
    return b;
  }
  if (a.phase != Phase::active) {
    b += "<p>" + html_escape(say(lang, "This call-up is over.")) + "</p>";
    return b;
  }
  const std::string action = "/" + lang + "/callup/" + html_escape(code);
  b += fmt::format(
      "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"answer\" "
      "value=\"confirm\"><button name=\"confirm\">{}</button></form>",
      action, html_escape(say(lang, "I will come")));
  b += fmt::format("<form method=\"post\" action=\"{}\"><fieldset><legend>{}</legend>", action,
                   html_escape(say(lang, "I cannot come")));
  b += "<input type=\"hidden\" name=\"answer\" value=\"decline\"><p>" +
       html_escape(say(lang, "Reason")) + "</p>";
  for (auto r :
       {DeclineReason::ill, DeclineReason::abroad, DeclineReason::exempt, DeclineReason::other})
    b += fmt::format("<label><input type=\"radio\" name=\"reason\" value=\"{0}\"{1}> {2}</label>",
                     to_string(r), n.muster.reason == r ? " checked" : "",
                     html_escape(say(lang, to_string(r))));
  b += fmt::format("<button class=\"secondary\">{}</button></fieldset></form>",
                   html_escape(say(lang, "Send the answer")));
  b += "<p class=\"hint\">" +
       html_escape(say(lang,
                       "You can change your answer until you check in at the assembly "
                       "point.")) +
       "</p>";
  return b;
}

}  // namespace

void mount_callup_pages(http::Router& router, Callup& callup) {
  for (const auto& lang : view::languages()) {
    router.add("GET", "/" + lang + "/callup", [lang](Request& req) {
      auto typed = req.query_param("code").value_or("");
      Shown shown;
      if (!typed.empty()) {
        if (auto code = canonical_short_code(typed))
          return Response::redirect("/" + lang + "/callup/" + printed_short_code(*code));
        shown.error = say(lang, "A code is 8 letters and digits, like ABCD-EFGH.");
        shown.status = 422;
      }
      return page(
          lang, "/callup", say(lang, "Answer the call-up"),
          "<h1>" + html_escape(say(lang, "Answer the call-up")) + "</h1>" + code_form(lang, typed),
          shown);
    });
    router.add("GET", "/" + lang + "/callup/{code}", [&callup, lang](Request& req) {
      const auto& code = req.params["code"];
      auto own = callup.by_code({req.remote, req.request_id}, code);
      if (!own)
        return page(
            lang, "/callup", say(lang, "Answer the call-up"),
            "<h1>" + html_escape(say(lang, "Answer the call-up")) + "</h1>" + code_form(lang, code),
            shown_error(lang, own.error(), nullptr));
      Shown shown;
      if (req.query_param("answered")) shown.notice = say(lang, "Your answer has been recorded.");
      return page(lang, "/callup/" + code, say(lang, "Your call-up notice"),
                  notice_body(lang, *own, code, callup.time_zone()), shown);
    });
    router.add("POST", "/" + lang + "/callup/{code}", [&callup, lang](Request& req) {
      const auto& code = req.params["code"];
      auto form = http::parse_form(req);
      core::Json body = core::Json::object();
      if (form) {
        if (auto a = http::form_value(*form, "answer"); !a.empty()) body["answer"] = a;
        if (auto r = http::form_value(*form, "reason"); !r.empty()) body["reason"] = r;
      }
      auto done = callup.answer_by_code({req.remote, req.request_id}, code, body);
      if (done)
        return Response::redirect("/" + lang + "/callup/" + printed_short_code(done->notice.code) +
                                  "?answered=1");
      const auto& e = done.error();
      const bool bad_code =
          e.code == core::ErrorCode::not_found || e.code == core::ErrorCode::too_many ||
          (e.code == core::ErrorCode::invalid && !e.fields.empty() && e.fields[0].field == "code");
      if (bad_code)
        return page(
            lang, "/callup", say(lang, "Answer the call-up"),
            "<h1>" + html_escape(say(lang, "Answer the call-up")) + "</h1>" + code_form(lang, code),
            shown_error(lang, e, nullptr));
      // The code was right: show the notice again with what went wrong.
      auto own = callup.by_code({req.remote, req.request_id}, code);
      if (!own) return http::problem(req, own.error());
      return page(lang, "/callup/" + code, say(lang, "Your call-up notice"),
                  notice_body(lang, *own, code, callup.time_zone()), shown_error(lang, e, &*own));
    });
  }
}

}  // namespace qorgan::activation
