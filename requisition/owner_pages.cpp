// The owner's page, public under /{lang}/requisition: an owner types the code printed on the
// taking act and their IIN/BIN, and sees what was taken, where it is held, its valuation, the
// amount due and payments; and files the payment application or a dispute, by plain form POSTs
// (no JavaScript, no account, no cookie: the credentials travel in each POST's body and never in
// an address). kk, ru, en. Everything goes through requisition/owner_desk.hpp (throttled).
#include <fmt/format.h>

#include "core/escape.hpp"
#include "http/form.hpp"
#include "http/private_page.hpp"
#include "http/reply.hpp"
#include "requisition/checks.hpp"
#include "requisition/routes.hpp"
#include "requisition/words.hpp"
#include "view/i18n.hpp"
#include "view/public_frame.hpp"

namespace qorgan::requisition {

using core::html_escape;
using http::Request;
using http::Response;

namespace {

constexpr const char* kStyle = R"(
main { max-width: 46rem } h1 { font-size: 1.45rem } h2 { font-size: 1.15rem; margin: 1.4rem 0 .4rem }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem }
dt { color: #555 } dd { margin: 0; font-weight: 600 }
form { margin: 1rem 0 } fieldset { border: 1px solid #bbb; border-radius: 4px }
label { display: block; margin: .4rem 0 .1rem }
input[type=text], textarea { font: inherit; padding: .3rem; width: 100%; max-width: 24rem; box-sizing: border-box }
button { margin-top: .6rem } table { border-collapse: collapse }
td, th { padding: .2rem .8rem .2rem 0; text-align: left }
)";

struct Shown {
  std::string error, notice;
  int status = 200;
  std::optional<std::int64_t> retry_after;
};

Response page(const std::string& lang, const std::string& body, const Shown& shown) {
  view::PublicFrame f{lang,
                      "/requisition",
                      say(lang, "Requisitioned property: the owner's page"),
                      say(lang, "Language"),
                      "",
                      kStyle,
                      shown.notice,
                      shown.error};
  return http::private_page(view::public_frame(f, body), shown.status, shown.retry_after);
}

std::string sign_in(const std::string& lang, const std::string& code) {
  return fmt::format(
      "<h1>{0}</h1><form method=\"post\" action=\"/{1}/requisition\">"
      "<label for=\"code\">{2}</label><input type=\"text\" id=\"code\" name=\"code\" value=\"{3}\" "
      "autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" maxlength=\"20\" "
      "placeholder=\"ABCD-EFGH-JKLM\" required>"
      "<label for=\"owner_id\">{4}</label><input type=\"text\" id=\"owner_id\" name=\"owner_id\" "
      "inputmode=\"numeric\" autocomplete=\"off\" maxlength=\"12\" required>"
      "<br><button>{5}</button></form>",
      html_escape(say(lang, "Requisitioned property: the owner's page")), lang,
      html_escape(say(lang, "Code from the taking act")), html_escape(code),
      html_escape(say(lang, "Your IIN or BIN")), html_escape(say(lang, "Show")));
}

// The hidden credentials every form of the file carries.
std::string hidden(const std::string& code, const std::string& owner_id) {
  return fmt::format(
      "<input type=\"hidden\" name=\"code\" value=\"{}\"><input type=\"hidden\" "
      "name=\"owner_id\" value=\"{}\">",
      html_escape(code), html_escape(owner_id));
}

std::string file_body(const std::string& lang, const ItemFile& f, const std::string& code,
                      const std::string& owner_id) {
  auto row = [&](const char* label, const std::string& value) {
    return value.empty() ? std::string()
                         : fmt::format("<dt>{}</dt><dd>{}</dd>", html_escape(say(lang, label)),
                                       html_escape(value));
  };
  std::string b = "<h1>" + html_escape(f.item.description) + "</h1><dl>";
  b += row("Decision", f.decision_number);
  b += row("Requisitioned for", say(lang, f.item.requisition_type));
  b += row("Status", say(lang, f.item.status));
  b += row("Date", f.item.taken_on.value_or(""));
  if (f.item.returned_on) b += row("Return act", *f.item.returned_on);
  b += "</dl>";
  b += "<h2>" + html_escape(say(lang, "Where it is held")) + "</h2>";
  if (!f.custody.empty()) {
    const auto& c = f.custody.back();
    b += "<dl>" + row("Place", c.place) + row("Responsible", c.responsible) + "</dl>";
  } else {
    b += "<dl>" +
         row("Collection point", f.acts.empty() ? "" : f.acts.front().details.value("place", "")) +
         "</dl>";
  }
  b += "<h2>" + html_escape(say(lang, "Valuation")) + "</h2>";
  const Valuation* approved = nullptr;
  for (const auto& v : f.valuations)
    if (v.status == "approved") approved = &v;
  if (approved)
    b += "<dl>" + row("Market value", format_tenge(approved->market_value)) +
         (approved->rent_per_day ? row("Rent per day", format_tenge(approved->rent_per_day)) : "") +
         (approved->damage ? row("Damage", format_tenge(approved->damage)) : "") +
         row("Date", approved->value_date) + "</dl>";
  else
    b += "<p>" + html_escape(say(lang, "Not valued yet.")) + "</p>";
  b += "<dl>" + row("Amount due", format_tenge(f.totals.owed())) +
       row("Paid", format_tenge(f.totals.paid)) + row("Balance", format_tenge(f.totals.balance())) +
       "</dl>";
  b += "<h2>" + html_escape(say(lang, "Payments")) + "</h2>";
  std::string payments;
  for (const auto& o : f.orders)
    if (o.status == "paid")
      payments +=
          fmt::format("<tr><td>{}</td><td>{}</td></tr>", html_escape(format_tenge(o.amount)),
                      html_escape(say(lang, o.method == "cash" ? "Cash" : "Bank transfer")));
  b += payments.empty() ? "<p>" + html_escape(say(lang, "No payments yet.")) + "</p>"
                        : "<table>" + payments + "</table>";
  if (!f.disputes.empty()) {
    b += "<h2>" + html_escape(say(lang, "Disputes")) + "</h2><table>";
    for (const auto& d : f.disputes)
      b += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(d.reason),
                       html_escape(format_tenge(d.claimed)), html_escape(say(lang, d.status)));
    b += "</table>";
  }
  if (!f.applications.empty()) {
    const auto& a = f.applications.back();
    b += "<h2>" + html_escape(say(lang, "Applications")) + "</h2><p>" +
         html_escape(a.method == "cash" ? say(lang, "Cash")
                                        : say(lang, "Bank transfer") + " " + a.iban.value_or("")) +
         "</p>";
  }
  const std::string action = "/" + lang + "/requisition";
  b += fmt::format(
      "<form method=\"post\" action=\"{0}\"><fieldset><legend>{1}</legend>{2}"
      "<input type=\"hidden\" name=\"action\" value=\"apply\">"
      "<label><input type=\"radio\" name=\"method\" value=\"bank\" checked> {3}</label>"
      "<label><input type=\"radio\" name=\"method\" value=\"cash\"> {4}</label>"
      "<label for=\"iban\">{5}</label><input type=\"text\" id=\"iban\" name=\"iban\" "
      "maxlength=\"42\" placeholder=\"KZ00 0000 0000 0000 0000\">"
      "<br><button>{6}</button></fieldset></form>",
      action, html_escape(say(lang, "Apply for payment")), hidden(code, owner_id),
      html_escape(say(lang, "Bank transfer")), html_escape(say(lang, "Cash")),
      html_escape(say(lang, "Bank account (IBAN)")), html_escape(say(lang, "Send")));
  b += fmt::format(
      "<form method=\"post\" action=\"{0}\"><fieldset><legend>{1}</legend>{2}"
      "<input type=\"hidden\" name=\"action\" value=\"dispute\">"
      "<label for=\"reason\">{3}</label><textarea id=\"reason\" name=\"reason\" rows=\"3\" "
      "maxlength=\"2000\" required></textarea>"
      "<label for=\"claimed\">{4}</label><input type=\"text\" id=\"claimed\" name=\"claimed\" "
      "inputmode=\"decimal\" maxlength=\"20\" required>"
      "<br><button>{5}</button></fieldset></form>",
      action, html_escape(say(lang, "Dispute the amount")), hidden(code, owner_id),
      html_escape(say(lang, "Reason")), html_escape(say(lang, "Amount you claim, tenge")),
      html_escape(say(lang, "Send")));
  return b;
}

Shown shown_error(const std::string& lang, const core::Error& e) {
  Shown s;
  s.status = http::status_of(e.code);
  switch (e.code) {
    case core::ErrorCode::too_many:
      s.retry_after = e.retry_after;
      s.error = sayf(lang, "Too many wrong tries from your address. Try again in {} seconds.",
                     e.retry_after.value_or(60));
      break;
    case core::ErrorCode::not_found:
      s.error = say(lang,
                    "No taken property matches this code and IIN/BIN. Check both against the "
                    "taking act.");
      break;
    case core::ErrorCode::invalid: {
      std::string fields;
      for (const auto& f : e.fields) {
        const char* label = f.field == "iban"       ? "Bank account (IBAN)"
                            : f.field == "claimed"  ? "Amount you claim, tenge"
                            : f.field == "reason"   ? "Reason"
                            : f.field == "code"     ? "Code from the taking act"
                            : f.field == "owner_id" ? "Your IIN or BIN"
                                                    : "";
        if (*label) fields += (fields.empty() ? "" : ", ") + say(lang, label);
      }
      s.error = sayf(lang, "Check what you typed: {}", fields.empty() ? "—" : fields);
      break;
    }
    default:
      s.error = say(lang, "The request could not be accepted now; try again later.");
  }
  return s;
}

}  // namespace

void mount_owner_pages(http::Router& router, OwnerDesk& desk) {
  for (const auto& lang : view::languages()) {
    router.add("GET", "/" + lang + "/requisition",
               [lang](Request&) { return page(lang, sign_in(lang, ""), {}); });
    router.add("POST", "/" + lang + "/requisition", [&desk, lang](Request& req) {
      auto form = http::parse_form(req);
      if (!form) return page(lang, sign_in(lang, ""), shown_error(lang, form.error()));
      auto code = http::form_value(*form, "code");
      auto owner_id = http::form_value(*form, "owner_id");
      auto action = http::form_value(*form, "action");
      Caller caller{req.remote, req.request_id};
      core::Json creds{{"code", code}, {"owner_id", owner_id}};
      Shown shown;
      if (action == "apply" || action == "dispute") {
        core::Json body = creds;
        core::Status done;
        if (action == "apply") {
          body["method"] = http::form_value(*form, "method");
          if (body["method"] == "bank") body["iban"] = http::form_value(*form, "iban");
          auto a = desk.apply(caller, body);
          if (a)
            shown.notice = say(lang, "Your application has been received.");
          else
            done = core::fail(a.error());
        } else {
          body["reason"] = http::form_value(*form, "reason");
          auto claimed = parse_tenge(http::form_value(*form, "claimed"));
          if (!claimed) {
            done = core::fail(core::Error::invalid(
                "The dispute is not valid.", {{"claimed", say(lang, "Amount you claim, tenge")}}));
          } else {
            body["claimed"] = *claimed;
            auto d = desk.dispute(caller, body);
            if (d)
              shown.notice = say(lang, "Your dispute has been received.");
            else
              done = core::fail(d.error());
          }
        }
        if (!done) shown = shown_error(lang, done.error());
      }
      auto file = desk.view(caller, creds);
      if (!file) {
        auto s = shown_error(lang, file.error());
        return page(lang, sign_in(lang, code), s);
      }
      return page(lang, file_body(lang, *file, code, owner_id), shown);
    });
  }
}

}  // namespace qorgan::requisition
