// The owner's page, public under /{lang}/requisition: an owner types the code printed on the
// taking act and their IIN/BIN, and sees what was taken, where it is held, its valuation, the
// amount due and payments, and the photos of the taking and return acts; and files the payment
// application or a dispute, by plain form POSTs (no JavaScript, no account, no cookie: the
// credentials travel in each POST's body and never in an address). The photos' thumbnails are in
// the page itself; each is a button that posts the credentials and the photo's random key to
// /{lang}/requisition/photo for the full picture, so that no address ever shows a picture.
// kk, ru, en. Everything goes through requisition/owner_desk.hpp (throttled).
#include <fmt/format.h>

#include "core/escape.hpp"
#include "http/form.hpp"
#include "http/private_page.hpp"
#include "http/reply.hpp"
#include "requisition/checks.hpp"
#include "requisition/photos.hpp"
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
ul.photos { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem }
ul.photos form { margin: 0 } ul.photos button { margin: 0; padding: 2px; background: none; border: 1px solid #bbb }
ul.photos img { display: block; width: 160px; height: auto }
td, th { padding: .2rem .8rem .2rem 0; text-align: left }
)";

struct Shown {
  std::string error, notice;
  int status = 200;
  std::optional<std::int64_t> retry_after;
};

// A photo on the page: its thumbnail as a data: URI, or empty when there is none small enough
// to put in the page (a large WebP), and the button says so in words instead.
struct Thumb {
  const Photo* photo;
  std::string src;
};
// Above this, a photo without a thumbnail is not put in the page.
constexpr std::int64_t kMaxInlinePhoto = 512 * 1024;

Response page(const std::string& lang, const std::string& body, const Shown& shown) {
  view::PublicFrame f{lang,
                      "/requisition",
                      say(lang, "Requisitioned property: the owner's page"),
                      say(lang, "Language"),
                      "",
                      kStyle,
                      shown.notice,
                      shown.error};
  return http::private_page(view::public_frame(f, body), shown.status, shown.retry_after, true);
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

// The photos of one act, each a button to its full picture (opened in a new tab).
std::string photo_list(const std::string& lang, const std::vector<Thumb>& thumbs,
                       const std::string& act, const char* heading, const std::string& code,
                       const std::string& owner_id) {
  std::string items;
  int n = 0;
  for (const auto& t : thumbs) {
    if (t.photo->act_kind != act) continue;
    auto label = sayf(lang, "Photo {}", ++n);
    items += fmt::format(
        "<li><form method=\"post\" action=\"/{0}/requisition/photo\" target=\"_blank\">{1}"
        "<input type=\"hidden\" name=\"photo\" value=\"{2}\"><button title=\"{3}\">{4}"
        "</button></form></li>",
        lang, hidden(code, owner_id), html_escape(t.photo->key),
        html_escape(say(lang, "Open the full picture")),
        t.src.empty()
            ? html_escape(label)
            : fmt::format("<img src=\"{}\" alt=\"{}\" width=\"160\">", t.src, html_escape(label)));
  }
  if (items.empty()) return {};
  return "<h2>" + html_escape(say(lang, heading)) + "</h2><ul class=\"photos\">" + items + "</ul>";
}

std::string file_body(const std::string& lang, const ItemFile& f, const std::vector<Thumb>& thumbs,
                      const std::string& code, const std::string& owner_id) {
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
  b += photo_list(lang, thumbs, "taking", "Photos of the taking act", code, owner_id);
  b += photo_list(lang, thumbs, "return", "Photos of the return act", code, owner_id);
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
      std::vector<Thumb> thumbs;
      for (const auto& p : file->photos) {
        Thumb t{&p, {}};
        if (p.thumb || p.bytes <= kMaxInlinePhoto) {
          core::Json ask = creds;
          ask["photo"] = p.key;
          ask["size"] = "thumb";
          if (auto bytes = desk.photo(caller, ask))
            t.src = data_uri(bytes->first.mime, bytes->second);
        }
        thumbs.push_back(std::move(t));
      }
      return page(lang, file_body(lang, *file, thumbs, code, owner_id), shown);
    });
    // The full picture, for the button of its thumbnail; anything wrong is the sign-in page
    // with the refusal, as a wrong code is.
    router.add("POST", "/" + lang + "/requisition/photo", [&desk, lang](Request& req) {
      auto form = http::parse_form(req);
      if (!form) return page(lang, sign_in(lang, ""), shown_error(lang, form.error()));
      core::Json ask{{"code", http::form_value(*form, "code")},
                     {"owner_id", http::form_value(*form, "owner_id")},
                     {"photo", http::form_value(*form, "photo")}};
      auto f = desk.photo({req.remote, req.request_id}, ask);
      if (!f) return page(lang, sign_in(lang, ""), shown_error(lang, f.error()));
      return owner_photo_response(std::move(*f));
    });
  }
}

}  // namespace qorgan::requisition
