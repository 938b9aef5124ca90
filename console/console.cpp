#include "console/console.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "auth/audit.hpp"
#include "console/pages.hpp"
#include "console/service_forms.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "http/page_cache.hpp"
#include "obligations/obligations.hpp"

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

namespace {

constexpr const char* kThemeCookie = "qorgan_theme";
constexpr const char* kLoginCsrfCookie = "qorgan_login_csrf";

std::string theme_of(const Request& req) {
  auto t = req.cookie(kThemeCookie).value_or("");
  return t == "dark" || t == "light" ? t : "auto";
}

// Everything under /static/ that may be served: its type and where it lies in the web folder
// (web/static, or web/node_modules for browser-side libraries that scripts/setup installs from
// npm); nothing else is reachable.
struct StaticFile {
  std::string content_type;
  std::string source;
};
const std::map<std::string, StaticFile>& static_files() {
  static const std::map<std::string, StaticFile> t{
      {"console.css", {"text/css; charset=utf-8", "static/console.css"}},
      {"console.js", {"text/javascript; charset=utf-8", "static/console.js"}},
      {"alert-draw.js", {"text/javascript; charset=utf-8", "static/alert-draw.js"}},
      {"evac-map.js", {"text/javascript; charset=utf-8", "static/evac-map.js"}},
      {"favicon.svg", {"image/svg+xml", "static/favicon.svg"}},
      {"muster.js", {"text/javascript; charset=utf-8", "static/muster.js"}},
      {"muster-sw.js", {"text/javascript; charset=utf-8", "static/muster-sw.js"}},
      {"jsqr.js", {"text/javascript; charset=utf-8", "node_modules/jsqr/dist/jsQR.js"}},
  };
  return t;
}

std::string cookie_path_attrs(const Request& req, bool secure_always) {
  return std::string("; Path=/; HttpOnly; SameSite=Strict") +
         (req.tls || secure_always ? "; Secure" : "");
}

}  // namespace

std::string role_label(Role r) {
  switch (r) {
    case Role::admin:
      return tr("Administrator");
    case Role::hq_staff:
      return tr("Headquarters staff");
    case Role::commander:
      return tr("Commander");
    case Role::company_officer:
      return tr("Company officer");
    case Role::volunteer:
      return tr("Volunteer");
    case Role::auditor:
      return tr("Auditor");
    case Role::editor:
      return tr("Editor");
    case Role::chief_editor:
      return tr("Chief editor");
    case Role::alert_officer:
      return tr("Alert officer");
    case Role::requisition_officer:
      return tr("Requisition officer");
    case Role::appraiser:
      return tr("Appraiser");
    case Role::finance_officer:
      return tr("Finance officer");
  }
  return tr(humanize(auth::to_string(r)));
}

std::string local_time(const Context& c, core::Timestamp t) {
  return view::format_time(t, c.time_zone);
}

bool safe_next(std::string_view next) {
  if (!next.starts_with('/') || next.starts_with("//") || next.starts_with("/\\")) return false;
  for (char c : next)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

Data base_data(Context& c, const Request& req, const Principal* who, const std::string& title,
               const std::string& active) {
  Data d{Data::type::object};
  d.set("title", title);
  d.set("lang", language());
  d.set("t", view::translator(catalogue(), language()));
  Data langs{Data::type::list};
  for (const auto& l : view::languages()) {
    Data o{Data::type::object};
    o.set("code", l);
    o.set("name", view::language_name(l));
    o.set("current", l == language());
    langs.push_back(o);
  }
  d.set("languages", langs);
  d.set("theme", theme_of(req));
  d.set("theme_dark", theme_of(req) == "dark");
  d.set("path", req.target);
  if (who) {
    Data user{Data::type::object};
    user.set("login", who->login);
    user.set("role", role_label(who->role));
    d.set("user", user);
    d.set("csrf", who->csrf_token);
    Data nav{Data::type::list};
    auto item = [&](const std::string& href, const std::string& label, const std::string& key) {
      Data n{Data::type::object};
      n.set("href", href);
      n.set("label", label);
      n.set("current", key == active);
      nav.push_back(n);
    };
    item("/console", tr("Overview"), "home");
    for (const auto& e : c.entities)
      if (e.readers.empty() || who->in(e.readers)) item("/console/" + e.key, tr(e.plural), e.key);
    if (who->is(Role::admin) || who->is(Role::auditor))
      item("/console/audit", tr("Audit log"), "audit");
    if (c.evac && (who->is(Role::admin) || who->is(Role::hq_staff)))
      item("/console/evac", tr("Evacuation"), "evac");
    if (c.activations &&
        (who->is(Role::admin) || who->is(Role::auditor) || who->is(Role::hq_staff)))
      item("/console/activation", tr("Activation"), "activation");
    if (c.readiness && (who->is(Role::admin) || who->is(Role::auditor) || who->is(Role::hq_staff) ||
                        who->is(Role::commander)))
      item("/console/activation/readiness", tr("Readiness"), "readiness");
    if (c.requisitions &&
        who->in({Role::admin, Role::auditor, Role::hq_staff, Role::requisition_officer,
                 Role::appraiser, Role::finance_officer}))
      item("/console/requisition", tr("Requisition"), "requisition");
    if (c.obligations &&
        who->in({Role::admin, Role::auditor, Role::hq_staff, Role::company_officer}))
      item("/console/obligations", tr("Protection duties"), "obligations");
    if (c.guard_duties && who->in({Role::admin, Role::auditor, Role::hq_staff, Role::commander}))
      item("/console/guard", tr("Guard duty"), "guard");
    if (c.guard_duties && who->person_id)
      item("/console/guard/mine", tr("My duties"), "guard-mine");
    if (c.outbox && (who->is(Role::admin) || who->is(Role::auditor)))
      item("/console/notify", tr("Outbox"), "notify");
    if (c.alerts &&
        (who->is(Role::admin) || who->is(Role::auditor) || who->is(Role::alert_officer)))
      item("/console/alerts", tr("Public alerts"), "alerts");
    if (c.alert_subscriptions && (who->is(Role::admin) || who->is(Role::auditor)))
      item("/console/alerts/subscribers", tr("Alert subscribers"), "alerts");
    item("/console/account", tr("Account"), "account");
    d.set("nav", nav);
  }
  return d;
}

Response render(Context& c, const std::string& name, Data data, int status) {
  return Response::html(c.templates.page(name, std::move(data)), status);
}

Response error_page(Context& c, const Request& req, const Principal* who, int status,
                    const std::string& title, const std::string& message) {
  auto d = base_data(c, req, who, title, "");
  d.set("status", std::to_string(status));
  d.set("heading", title);
  d.set("message", tr_message(message));
  return render(c, "console/error", d, status);
}

Response error_page(Context& c, const Request& req, const Principal& who, const core::Error& e) {
  int status = http::status_of(e.code);
  std::string title = tr(status == 404   ? "Not found"
                         : status == 403 ? "Not allowed"
                         : status == 409 ? "Conflict"
                         : status < 500  ? "Cannot do that"
                                         : "Something went wrong");
  return error_page(c, req, &who, status, title, e.message);
}

http::Handler page(Context& c, std::vector<Role> roles, PageFn fn) {
  return [&c, roles = std::move(roles), fn = std::move(fn)](Request& req) {
    auto visit = c.guard.visit_page(req, roles);
    if (visit) {
      LanguageScope language(language_of(req, &visit->who));
      return fn(req, visit->who, visit->form);
    }
    const auto& refusal = visit.error();
    const auth::Principal* who = refusal.who ? &*refusal.who : nullptr;
    LanguageScope language(language_of(req, who));
    switch (refusal.reason) {
      case auth::PageRefusal::Reason::not_signed_in:
        return Response::redirect("/console/login?next=" + http::url_encode(req.target));
      case auth::PageRefusal::Reason::unreadable_form:
        return error_page(c, req, who, 400, tr("The form could not be read"), refusal.message);
      case auth::PageRefusal::Reason::no_csrf_token:
        return error_page(c, req, who, 403, tr("The form has expired"),
                          tr("The form did not carry this session's security token. Go back, "
                             "reload the page and submit it again."));
      case auth::PageRefusal::Reason::role:
        break;
    }
    return error_page(c, req, who, 403, tr("Not allowed"),
                      trf("Your role ({}) may not open this page.", role_label(refusal.who->role)));
  };
}

namespace {

// --- sign-in and sign-out ------------------------------------------------------------------

Response login_form(Context& c, const Request& req, const std::string& next,
                    const std::string& login, const std::string& error, int status) {
  LanguageScope language(language_of(req, nullptr));
  auto d = base_data(c, req, nullptr, tr("Sign in"), "");
  auto token = core::random_token(24);
  d.set("login_csrf", token);
  d.set("next", next);
  d.set("login", login);
  if (!error.empty()) d.set("error", tr_message(error));
  if (req.query_param("signed_out")) d.set("notice", tr("You have signed out."));
  if (req.query_param("everywhere")) d.set("notice", tr("You have signed out on every device."));
  auto res = render(c, "console/login", d, status);
  res.header("Set-Cookie", std::string(kLoginCsrfCookie) + "=" + token +
                               cookie_path_attrs(req, false) + "; Max-Age=3600");
  return res;
}

void mount_session_pages(http::Router& router, Context& c) {
  router.add("GET", "/console/login", [&c](Request& req) {
    std::string next = req.query_param("next").value_or("/console");
    if (!safe_next(next)) next = "/console";
    if (auto t = req.cookie(auth::kSessionCookie); t && !t->empty() && c.accounts.authenticate(*t))
      return Response::redirect(next);
    return login_form(c, req, next, "", "", 200);
  });

  router.add("POST", "/console/login", [&c](Request& req) {
    auto form = parse_form(req).value_or(Form{});
    std::string next = form_value(form, "next");
    if (!safe_next(next)) next = "/console";
    std::string login = form_value(form, "login");
    std::string password = form_value(form, "password");
    // The sign-in form carries a token that matches a cookie, so no other site can sign a
    // visitor into an account of its choosing.
    if (!core::same_secret(req.cookie(kLoginCsrfCookie).value_or(""), form_value(form, "_csrf")))
      return login_form(c, req, next, login, "The sign-in form expired. Please try again.", 403);
    if (login.empty() || password.empty())
      return login_form(c, req, next, login, "Enter your login and your password.", 422);
    if (login.size() > 64 || password.size() > 1024)
      return login_form(c, req, next, "", "The login or the password is wrong.", 401);
    auto result = c.accounts.login(login, password, req.remote,
                                   std::string(req.header("User-Agent")), req.request_id);
    if (!result) {
      const auto& e = result.error();
      if (e.code == core::ErrorCode::too_many) {
        auto res = login_form(c, req, next, login, e.message, 429);
        if (e.retry_after) res.header("Retry-After", std::to_string(*e.retry_after));
        return res;
      }
      // The same words whether the login exists or not.
      return login_form(c, req, next, login, "The login or the password is wrong.", 401);
    }
    auto res = Response::redirect(next);
    res.header("Set-Cookie", c.guard.session_cookie(
                                 result->token, c.accounts.settings().absolute.count(), req.tls));
    res.header("Set-Cookie",
               std::string(kLoginCsrfCookie) + "=" + cookie_path_attrs(req, false) + "; Max-Age=0");
    return res;
  });

  router.add("POST", "/console/logout",
             page(c, {}, [&c](Request& req, const Principal& who, const Form& form) {
               bool everywhere = form_value(form, "everywhere") == "1";
               auto s = everywhere ? c.accounts.logout_everywhere(who, req.request_id)
                                   : c.accounts.logout(who, req.request_id);
               if (!s) return error_page(c, req, who, s.error());
               auto res = Response::redirect(everywhere ? "/console/login?everywhere=1"
                                                        : "/console/login?signed_out=1");
               res.header("Set-Cookie", c.guard.clear_cookie(req.tls));
               return res;
             }));

  // Before sign-in the language switch sets a cookie (after it, the account's preference). Like
  // the theme, it is not a secret and changes nothing on the server.
  router.add("GET", "/console/language", [](Request& req) {
    auto lang = req.query_param("language").value_or("");
    std::string next = req.query_param("next").value_or("/console/login");
    if (!safe_next(next)) next = "/console/login";
    auto res = Response::redirect(next);
    if (view::is_language(lang))
      res.header("Set-Cookie", std::string(kLanguageCookie) + "=" + lang +
                                   "; Path=/; SameSite=Lax; Max-Age=31536000" +
                                   (req.tls ? "; Secure" : ""));
    return res;
  });

  // The theme is remembered in a cookie so that pages come out right on the first paint, with or
  // without JavaScript. It is not a secret and changes nothing on the server.
  router.add("GET", "/console/theme", [](Request& req) {
    auto t = req.query_param("theme").value_or("auto");
    if (t != "dark" && t != "light") t = "auto";
    std::string next = req.query_param("next").value_or("/console");
    if (!safe_next(next)) next = "/console";
    auto res = Response::redirect(next);
    res.header("Set-Cookie", std::string(kThemeCookie) + "=" + t +
                                 "; Path=/; SameSite=Lax; Max-Age=31536000" +
                                 (req.tls ? "; Secure" : ""));
    return res;
  });
}

// --- overview -------------------------------------------------------------------------------

// A changed field of an audit entry as its form calls it ("family_name" → "Family name", in the
// page's language); fields no form has read as words made of their name.
std::string field_label(const Context& c, const std::string& field) {
  for (const auto& spec : c.entities)
    for (const auto& f : spec.fields)
      if (f.path == field) return tr(f.label);
  return tr(humanize(field));
}

Data audit_rows(Context& c, const std::vector<auth::AuditEntry>& entries) {
  Data rows{Data::type::list};
  for (const auto& e : entries) {
    Data r{Data::type::object};
    r.set("seq", std::to_string(e.seq));
    r.set("at", core::format_rfc3339(e.at));
    r.set("at_text", local_time(c, e.at));
    r.set("actor", e.actor_login);
    r.set("action", e.action);
    r.set("entity_type", e.entity_type);
    r.set("entity_label", tr(humanize(e.entity_type)));
    r.set("entity_id", e.entity_id);
    for (const auto& spec : c.entities)
      if (spec.singular == e.entity_type && !e.entity_id.empty())
        r.set("entity_href", "/console/" + spec.key + "/" + e.entity_id);
    Data changes{Data::type::list};
    auto add = [&](const std::string& field, const core::Json* before, const core::Json* after) {
      Data ch{Data::type::object};
      auto text = [](const core::Json* j) -> std::string {
        if (!j || j->is_null()) return "";
        auto s = j->is_string() ? j->get<std::string>() : j->dump();
        if (s.size() <= 80) return s;
        size_t cut = 77;  // back up to a UTF-8 character boundary
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        return s.substr(0, cut) + "…";
      };
      ch.set("field", field_label(c, field));
      ch.set("before", text(before));
      ch.set("after", text(after));
      changes.push_back(ch);
    };
    std::set<std::string> keys;
    for (const auto* side : {&e.before, &e.after})
      if (side->is_object())
        for (auto it = side->begin(); it != side->end(); ++it) keys.insert(it.key());
    int shown = 0;
    for (const auto& k : keys) {
      if (++shown > 8) break;
      const core::Json* b = e.before.is_object() && e.before.contains(k) ? &e.before[k] : nullptr;
      const core::Json* a = e.after.is_object() && e.after.contains(k) ? &e.after[k] : nullptr;
      if ((!b || b->is_null()) && (!a || a->is_null())) continue;  // nothing to say
      add(k, b, a);
    }
    r.set("changes", changes);
    r.set("has_changes", !keys.empty());
    rows.push_back(r);
  }
  return rows;
}

void mount_home(http::Router& router, Context& c) {
  router.add("GET", "/console", page(c, {}, [&c](Request& req, const Principal& who, const Form&) {
               auto d = base_data(c, req, &who, tr("Overview"), "home");
               Data cards{Data::type::list};
               for (const auto& e : c.entities) {
                 if (!e.readers.empty() && !who.in(e.readers)) continue;
                 Data card{Data::type::object};
                 card.set("label", tr(e.plural));
                 card.set("href", "/console/" + e.key);
                 // Counted through the list, so the caller's scope holds.
                 card.set("count", e.count(who));
                 if (e.can_create && who.in(e.writers)) {
                   card.set("new_href", "/console/" + e.key + "/new");
                   card.set("new_label", tr("Add " + e.singular));
                 }
                 cards.push_back(card);
               }
               // Findings past their deadline, for those who follow them up.
               if (c.obligations &&
                   who.in({Role::admin, Role::auditor, Role::hq_staff, Role::company_officer})) {
                 auto late = c.obligations->findings(who, true, std::nullopt, 500);
                 if (late) {
                   Data card{Data::type::object};
                   card.set("label", tr("Overdue findings"));
                   card.set("href", "/console/obligations#overdue");
                   card.set("count",
                            std::to_string(late->items.size()) + (late->next_cursor ? "+" : ""));
                   card.set("alert", !late->items.empty());
                   cards.push_back(card);
                 }
               }
               d.set("cards", cards);
               d.set("role", role_label(who.role));
               if (who.is(Role::admin) || who.is(Role::auditor)) {
                 auth::AuditQuery q;
                 q.limit = 8;
                 auto entries = auth::list_audit(c.db, q);
                 d.set("audit_rows", audit_rows(c, entries));
                 d.set("has_recent", !entries.empty());
               }
               return render(c, "console/home", d);
             }));
}

// --- audit ----------------------------------------------------------------------------------

void mount_audit(http::Router& router, Context& c) {
  router.add(
      "GET", "/console/audit",
      page(c, {Role::admin, Role::auditor}, [&c](Request& req, const Principal& who, const Form&) {
        auto d = base_data(c, req, &who, tr("Audit log"), "audit");
        auth::AuditQuery q;
        q.limit = 50;
        Data errors{Data::type::list};
        auto error = [&](const std::string& field, const std::string& message) {
          Data e{Data::type::object};
          e.set("field", field);
          e.set("message", tr(message));
          errors.push_back(e);
        };
        auto param = [&](const char* name) {
          return core::trim(req.query_param(name).value_or(""));
        };
        std::string entity_type = param("entity_type"), entity_id = param("entity_id"),
                    actor = param("actor"), from = param("from"), to = param("to"),
                    cursor = param("cursor");
        if (!entity_type.empty()) q.entity_type = entity_type;
        if (!entity_id.empty()) q.entity_id = entity_id;
        auto to_int = [](const std::string& s) -> std::optional<std::int64_t> {
          try {
            size_t pos = 0;
            auto n = std::stoll(s, &pos);
            if (pos == s.size() && n > 0) return n;
          } catch (const std::exception&) {
          }
          return std::nullopt;
        };
        if (!actor.empty()) {
          if (auto n = to_int(actor))
            q.actor_id = n;
          else
            error("actor", "Choose an account from the list.");
        }
        if (!cursor.empty()) {
          if (auto n = to_int(cursor))
            q.before_seq = n;
          else
            error("cursor", "The page link is not valid; start from the first page.");
        }
        for (auto [name, value, slot, end] :
             {std::tuple{"from", from, &q.from, false}, std::tuple{"to", to, &q.to, true}}) {
          if (value.empty()) continue;
          auto date = core::parse_date(value);
          auto t =
              date ? core::parse_rfc3339(core::format_date(*date) + "T00:00:00Z") : std::nullopt;
          if (!t) {
            error(name, "Enter a date as YYYY-MM-DD.");
            continue;
          }
          *slot = end ? *t + 86'400'000'000LL - 1 : *t;  // "to" includes the whole day
        }
        auto entries = auth::list_audit(c.db, q);
        d.set("audit_rows", audit_rows(c, entries));
        d.set("empty", entries.empty());
        d.set("errors", errors);
        d.set("has_errors", !errors.is_empty_list());
        d.set("entity_type", entity_type);
        d.set("entity_id", entity_id);
        d.set("from", from);
        d.set("to", to);
        Data types{Data::type::list};
        for (std::string t :
             {"region", "organisation", "unit", "person", "facility", "account", "session"}) {
          Data o{Data::type::object};
          o.set("value", t);
          o.set("label", tr(humanize(t)));
          o.set("selected", t == entity_type);
          types.push_back(o);
        }
        d.set("types", types);
        Data actors{Data::type::list};
        for (const auto& a : c.accounts.list()) {
          Data o{Data::type::object};
          o.set("value", std::to_string(a.id));
          o.set("label", a.login);
          o.set("selected", std::to_string(a.id) == actor);
          actors.push_back(o);
        }
        d.set("actors", actors);
        if (int(entries.size()) == q.limit) {
          std::string next = "/console/audit?cursor=" + std::to_string(entries.back().seq);
          for (auto [k, v] :
               {std::pair{"entity_type", entity_type}, std::pair{"entity_id", entity_id},
                std::pair{"actor", actor}, std::pair{"from", from}, std::pair{"to", to}})
            if (!v.empty()) next += std::string("&") + k + "=" + http::url_encode(v);
          d.set("next_href", next);
        }
        return render(c, "console/audit", d, errors.is_empty_list() ? 200 : 422);
      }));
}

// --- account --------------------------------------------------------------------------------

void mount_account(http::Router& router, Context& c) {
  auto show = [&c](Request& req, const Principal& who, const std::string& notice,
                   const std::vector<core::FieldError>& errors, const std::string& summary,
                   int status) {
    auto d = base_data(c, req, &who, tr("Your account"), "account");
    d.set("login", who.login);
    d.set("role", role_label(who.role));
    if (!notice.empty()) d.set("notice", tr(notice));
    if (!summary.empty()) d.set("summary", tr_message(summary));
    for (const auto& e : errors) {
      std::string what = e.field == "current_password"   ? "The current password "
                         : e.field == "confirm_password" ? "The repeated password "
                                                         : "The new password ";
      d.set("error_" + e.field, tr(what + e.message + "."));
    }
    Data choices{Data::type::list};
    for (std::string l : {"", "kk", "ru", "en"}) {
      Data o{Data::type::object};
      o.set("value", l);
      o.set("label", l.empty() ? tr("As the browser asks") : view::language_name(l));
      o.set("selected", l == who.language);
      choices.push_back(o);
    }
    d.set("language_choices", choices);
    return render(c, "console/account", d, status);
  };
  router.add("GET", "/console/account",
             page(c, {}, [show](Request& req, const Principal& who, const Form&) {
               std::string notice;
               if (req.query_param("language")) notice = "Your language has been saved.";
               if (req.query_param("changed"))
                 notice =
                     "Your password has been changed. Your other sessions have been signed out.";
               return show(req, who, notice, {}, "", 200);
             }));
  // The switch on every console and editor page and the choice on this page: the account's own
  // preference.
  router.add("POST", "/console/account/language",
             page(c, {}, [&c](Request& req, const Principal& who, const Form& form) {
               auto lang = form_value(form, "language");
               auto s = c.accounts.set_language(who, auth::actor(req, who), who.account_id, lang);
               if (!s) return error_page(c, req, who, s.error());
               std::string next = form_value(form, "next");
               if (!safe_next(next)) next = "/console/account?language=1";
               return Response::redirect(next);
             }));

  router.add("POST", "/console/account/password",
             page(c, {}, [&c, show](Request& req, const Principal& who, const Form& form) {
               auto current = form_value(form, "current_password");
               auto next = form_value(form, "new_password");
               auto confirm = form_value(form, "confirm_password");
               std::vector<core::FieldError> errors;
               if (current.empty()) errors.push_back({"current_password", "is required"});
               if (next.empty())
                 errors.push_back({"new_password", "is required"});
               else if (next != confirm)
                 errors.push_back({"confirm_password", "does not match the new password"});
               std::string summary = "The password was not changed; see the messages below.";
               if (errors.empty()) {
                 auto s = c.accounts.change_password(who, current, next, req.request_id);
                 if (s) return Response::redirect("/console/account?changed=1");
                 errors = s.error().fields;
                 if (errors.empty()) summary = s.error().message;
               }
               return show(req, who, "", errors, summary, 422);
             }));
}

// --- static files ---------------------------------------------------------------------------

// Every listed file must be there: a server that started without one would serve pages whose
// scripts are missing (jsQR: the muster page could not read codes where the browser has no
// BarcodeDetector).
void load_statics(Context& c, const std::string& web_dir) {
  for (const auto& [name, file] : static_files()) {
    auto path = std::filesystem::path(web_dir) / file.source;
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw std::runtime_error("web console: " + path.string() +
                               " is missing (scripts/setup installs web/node_modules from npm)");
    std::stringstream ss;
    ss << in.rdbuf();
    c.statics[name] = {file.content_type, ss.str(), http::etag_of(ss.str())};
  }
}

void mount_statics(http::Router& router, Context& c) {
  router.add("GET", "/static/{file}", [&c](Request& req) {
    auto it = c.statics.find(req.params["file"]);
    if (it == c.statics.end())
      return Response::text("Not found\n", "text/plain; charset=utf-8", 404);
    const auto& f = it->second;
    if (http::not_modified(req, f.etag)) {
      Response r{304, {}, {}};
      r.header("ETag", f.etag).header("Cache-Control", "public, max-age=3600");
      return r;
    }
    auto res = Response::text(f.body, f.content_type);
    res.header("ETag", f.etag).header("Cache-Control", "public, max-age=3600");
    return res;
  });
}

}  // namespace

Console::Console(const auth::Guard& guard, registry::Registry& registry, storage::Database& db,
                 const std::string& web_dir, evac::web::Service* evac,
                 const std::string& time_zone) {
  if (!view::known_time_zone(time_zone))
    throw std::runtime_error("web console: the time zone '" + time_zone +
                             "' is not an IANA zone this system knows (e.g. Asia/Almaty)");
  auto templates = view::Templates::load(web_dir + "/templates");
  if (!templates) throw std::runtime_error("web console: " + templates.error().message);
  std::vector<std::string> required{"layout",           "console/login",   "console/home",
                                    "console/list",     "console/detail",  "console/form",
                                    "console/error",    "console/audit",   "console/account",
                                    "console/import",   "console/confirm", "console/memberships",
                                    "console/strength", "console/muster"};
  if (evac) required.insert(required.end(), {"console/evac_list", "console/evac_plan"});
  for (const auto& name : required)
    if (!templates->has(name))
      throw std::runtime_error("web console: the template " + name + ".mustache is missing from " +
                               web_dir + "/templates");
  context_ = std::make_unique<Context>(guard, registry, db, std::move(*templates), evac);
  context_->entities = registry_entities(registry, time_zone);
  context_->time_zone = time_zone;
  load_statics(*context_, web_dir);
}

Console::~Console() = default;

void Console::add_outbox(notify::Outbox& outbox, const std::string& time_zone) {
  if (!context_->templates.has("console/outbox"))
    throw std::runtime_error("web console: the template console/outbox.mustache is missing");
  context_->outbox = &outbox;
  context_->time_zone = time_zone;
}

void Console::add_activation(activation::Plans& plans, activation::Activations& activations,
                             activation::ReadinessService& readiness) {
  for (const char* name : {"console/activation_list", "console/activation_muster",
                           "console/readiness", "console/after_action"})
    if (!context_->templates.has(name))
      throw std::runtime_error(std::string("web console: the template ") + name +
                               ".mustache is missing");
  context_->activation_plans = &plans;
  context_->activations = &activations;
  context_->readiness = &readiness;
}

void Console::add_alerts(alerts::Alerts& alerts) {
  for (const char* name : {"console/alerts", "console/alert"})
    if (!context_->templates.has(name))
      throw std::runtime_error(std::string("web console: the template ") + name +
                               ".mustache is missing");
  context_->alerts = &alerts;
}

void Console::add_requisition(requisition::Requisitions& requisitions) {
  for (const char* name :
       {"console/requisition_list", "console/requisition_decision", "console/requisition_item"})
    if (!context_->templates.has(name))
      throw std::runtime_error(std::string("web console: the template ") + name +
                               ".mustache is missing");
  context_->requisitions = &requisitions;
}

void Console::add_obligations(obligations::Obligations& obligations) {
  for (const char* name : {"console/obligations", "console/obligations_duties",
                           "console/obligations_facility", "console/obligations_inspection"})
    if (!context_->templates.has(name))
      throw std::runtime_error(std::string("web console: the template ") + name +
                               ".mustache is missing");
  context_->obligations = &obligations;
}

void Console::add_guard(guard::Duties& duties) {
  for (const char* name :
       {"console/guard", "console/guard_roster", "console/guard_replace", "console/guard_mine"})
    if (!context_->templates.has(name))
      throw std::runtime_error(std::string("web console: the template ") + name +
                               ".mustache is missing");
  context_->guard_duties = &duties;
}

void Console::add_alert_subscribers(alerts::Subscriptions& subscriptions,
                                    alerts::FanOutWorker& fan_out) {
  if (!context_->templates.has("console/alert_subscribers"))
    throw std::runtime_error(
        "web console: the template console/alert_subscribers.mustache is missing");
  context_->alert_subscriptions = &subscriptions;
  context_->alert_fan_out = &fan_out;
}

void Console::mount(http::Router& router) {
  Context& c = *context_;
  mount_statics(router, c);
  mount_session_pages(router, c);
  mount_home(router, c);
  mount_audit(router, c);
  mount_account(router, c);
  mount_entity_pages(router, c);
  mount_import_pages(router, c);
  mount_membership_pages(router, c);
  mount_muster_pages(router, c);
#ifdef QORGAN_WITH_EVAC_WEB
  if (c.evac) mount_evac_pages(router, c, *c.evac);
#endif
  if (c.outbox) mount_outbox_pages(router, c, *c.outbox);
  if (c.alert_subscriptions)
    mount_alert_subscriber_pages(router, c, *c.alert_subscriptions, *c.alert_fan_out);
  if (c.readiness) mount_activation_pages(router, c);
  if (c.alerts) mount_alert_pages(router, c, *c.alerts);
  if (c.requisitions) mount_requisition_pages(router, c);
  if (c.obligations) mount_obligation_pages(router, c);
  if (c.guard_duties) {
    mount_guard_pages(router, c);
    mount_guard_forms(router, c);
  }
}

}  // namespace qorgan::console
