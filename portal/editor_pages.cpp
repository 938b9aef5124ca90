// The web editor: editors write, revise and submit articles; chief editors schedule, publish,
// unpublish and archive them. Plain forms that work without JavaScript; every change goes
// through the same services (and audit) as the editors' API. Signing in is the console's
// (/console/login?next=/editor); the session cookie is shared and forms carry its CSRF token.
#include <map>

#include "core/time.hpp"
#include "portal/portal_json.hpp"
#include "portal/roles.hpp"
#include "portal/routes.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

using auth::Principal;
using auth::Role;
using core::Json;
using http::Request;
using http::Response;

namespace {

const Json& status_labels() {
  static const Json l{
      {"draft", "Draft"},         {"in_review", "In review"},     {"scheduled", "Scheduled"},
      {"published", "Published"}, {"unpublished", "Unpublished"}, {"archived", "Archived"}};
  return l;
}

const Json& action_labels() {
  static const Json l{{"draft", "Return to draft"}, {"in_review", "Submit for review"},
                      {"scheduled", "Schedule"},    {"published", "Publish now"},
                      {"unpublished", "Unpublish"}, {"archived", "Archive"}};
  return l;
}

// The article fields of a submitted form as the JSON the service reads.
Json article_body(const http::Form& form, bool creating) {
  Json b = Json::object();
  if (creating) b["lang"] = http::form_value(form, "lang");
  b["category"] = http::form_value(form, "category");
  b["title"] = http::form_value(form, "title");
  b["lead"] = http::form_value(form, "lead");
  b["body"] = http::form_value(form, "body");
  b["author"] = http::form_value(form, "author");
  Json tags = Json::array();
  std::string t = http::form_value(form, "tags");
  size_t pos = 0;
  while (pos <= t.size()) {
    auto comma = t.find(',', pos);
    if (comma == std::string::npos) comma = t.size();
    auto tag = t.substr(pos, comma - pos);
    if (tag.find_first_not_of(" \t") != std::string::npos) tags.push_back(tag);
    pos = comma + 1;
  }
  b["tags"] = tags;
  if (auto tr = http::form_value(form, "translation_of"); !tr.empty()) {
    try {
      b["translation_of"] = std::stoll(tr);
    } catch (const std::exception&) {
      b["translation_of"] = tr;  // the service reports the type error
    }
  }
  Json images = Json::array();
  if (auto src = http::form_value(form, "image_src"); !src.empty())
    images.push_back({{"src", src},
                      {"alt", http::form_value(form, "image_alt")},
                      {"caption", http::form_value(form, "image_caption")}});
  b["images"] = images;
  return b;
}

Json errors_json(const core::Error& e) {
  Json list = Json::array();
  for (const auto& f : e.fields) list.push_back({{"field", f.field}, {"message", f.message}});
  return {{"message", e.message}, {"fields", list}};
}

}  // namespace

void mount_editor_pages(http::Router& router, const auth::Guard& guard, Portal& portal,
                        const view::Templates& templates) {
  // The signed-in editor and the form they sent, or the answer: a redirect to sign in, or 403.
  auto gate = [&guard](Request& req) -> std::expected<auth::PageVisit, Response> {
    auto visit = guard.visit_page(req, kEditors);
    if (visit) return std::move(*visit);
    using Reason = auth::PageRefusal::Reason;
    const auto& refusal = visit.error();
    if (refusal.reason == Reason::not_signed_in)
      return std::unexpected(
          Response::redirect("/console/login?next=" + http::url_encode(req.target)));
    std::string message = refusal.reason == Reason::role
                              ? "The editor is for editors and chief editors."
                              : refusal.message;
    return std::unexpected(Response::text(message + "\n", "text/plain; charset=utf-8",
                                          refusal.reason == Reason::unreadable_form ? 400 : 403));
  };
  auto frame = [](const Principal& who, const std::string& title) {
    Json d{{"title", title},
           {"login", who.login},
           {"role", std::string(auth::to_string(who.role))},
           {"csrf", who.csrf_token},
           {"chief", is_chief(who)}};
    return d;
  };
  auto render = [&templates](const std::string& name, const Json& d, int status = 200) {
    return Response::html(templates.page(name, view::to_data(d), "portal/editor_layout"), status);
  };
  auto form_data = [&portal](Json& d, const Article* a, const std::string& lang) {
    Json cats = Json::array();
    for (const auto& c : portal.categories.list())
      cats.push_back(
          {{"slug", c.slug}, {"name", c.name_en}, {"selected", a && a->category_id == c.id}});
    d["categories"] = cats;
    Json langs = Json::array();
    for (const auto& l : languages()) langs.push_back({{"code", l}, {"selected", l == lang}});
    d["languages"] = langs;
  };

  router.add("GET", "/editor", [&portal, gate, frame, render](Request& req) {
    auto visit = gate(req);
    if (!visit) return visit.error();
    const Principal& who = visit->who;
    Json d = frame(who, "Articles");
    EditorQuery q;
    q.status = req.query_param("status");
    if (q.status && !status_labels().contains(*q.status)) q.status.reset();
    q.limit = 200;
    Json items = Json::array();
    // Times on the site's clock with its label, not the API's UTC.
    auto tz = portal.settings.site().time_zone;
    for (const auto& a : portal.articles.list(q)) {
      Json item = editor_item_json(a);
      item["status_label"] = status_labels()[a.status];
      if (a.scheduled_at) item["scheduled_at"] = format_local_zoned(*a.scheduled_at, "en", tz);
      item["updated"] = format_local_zoned(a.updated_at, "en", tz);
      item["updated_iso"] = format_iso_local(a.updated_at, tz);
      items.push_back(std::move(item));
    }
    d["items"] = items;
    Json filters = Json::array();
    for (auto it = status_labels().begin(); it != status_labels().end(); ++it)
      filters.push_back({{"status", it.key()},
                         {"label", it.value()},
                         {"current", q.status && *q.status == it.key()}});
    d["filters"] = filters;
    return render("portal/editor_list", d);
  });

  router.add("GET", "/editor/new", [gate, frame, render, form_data](Request& req) {
    auto visit = gate(req);
    if (!visit) return visit.error();
    const Principal& who = visit->who;
    Json d = frame(who, "New article");
    d["creating"] = true;
    d["action"] = "/editor/new";
    d["article"] = {{"translation_of", req.query_param("translation_of").value_or("")}};
    form_data(d, nullptr, req.query_param("lang").value_or("ru"));
    return render("portal/editor_form", d);
  });

  router.add("POST", "/editor/new", [&portal, gate, frame, render, form_data](Request& req) {
    auto visit = gate(req);
    if (!visit) return visit.error();
    const Principal& who = visit->who;
    const http::Form& form = visit->form;
    auto r = portal.articles.create(who, auth::actor(req, who), article_body(form, true));
    if (r) return Response::redirect("/editor/" + std::to_string(r->id) + "?saved=1");
    Json d = frame(who, "New article");
    d["creating"] = true;
    d["action"] = "/editor/new";
    d["error"] = errors_json(r.error());
    d["article"] = {{"title", http::form_value(form, "title")},
                    {"lead", http::form_value(form, "lead")},
                    {"body", http::form_value(form, "body")},
                    {"author", http::form_value(form, "author")},
                    {"tags", http::form_value(form, "tags")},
                    {"translation_of", http::form_value(form, "translation_of")},
                    {"image_src", http::form_value(form, "image_src")},
                    {"image_alt", http::form_value(form, "image_alt")},
                    {"image_caption", http::form_value(form, "image_caption")}};
    form_data(d, nullptr, http::form_value(form, "lang"));
    for (auto& c : d["categories"]) c["selected"] = c["slug"] == http::form_value(form, "category");
    return render("portal/editor_form", d, 422);
  });

  auto edit_page = [&portal, frame, render, form_data](const Principal& who, const Article& a,
                                                       std::optional<core::Error> error,
                                                       int status) {
    Json d = frame(who, a.title);
    d["action"] = "/editor/" + std::to_string(a.id);
    std::string tags;
    for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t;
    d["article"] = {{"id", a.id},
                    {"title", a.title},
                    {"lead", a.lead},
                    {"body", a.body},
                    {"author", a.author},
                    {"tags", tags},
                    {"lang", a.lang},
                    {"slug", a.slug},
                    {"status", a.status},
                    {"status_label", status_labels()[a.status]},
                    {"revision", a.revision},
                    {"approved_by", a.approved_by.value_or("")},
                    {"public_url", a.status == "published" ? a.path() : ""}};
    if (!a.images.empty()) {
      d["article"]["image_src"] = a.images[0].value("src", "");
      d["article"]["image_alt"] = a.images[0].value("alt", "");
      d["article"]["image_caption"] = a.images[0].value("caption", "");
    }
    auto tz = portal.settings.site().time_zone;
    d["zone"] = zone_label(core::now_us(), tz);
    if (a.scheduled_at)
      d["article"]["scheduled_at"] = format_local_zoned(*a.scheduled_at, "en", tz);
    Json actions = Json::array();
    for (const auto& to : Articles::next_statuses(a.status, who))
      actions.push_back(
          {{"to", to}, {"label", action_labels()[to]}, {"schedule", to == "scheduled"}});
    d["actions"] = actions;
    d["default_schedule"] = format_local_input(core::now_us() + 3600LL * 1'000'000, tz);
    if (auto revs = portal.articles.revisions(a.id)) {
      Json list = revisions_json(*revs)["items"];
      for (size_t i = 0; i < list.size() && i < revs->size(); ++i) {
        list[i]["at"] = format_local_zoned((*revs)[i].at, "en", tz);
        list[i]["at_iso"] = format_iso_local((*revs)[i].at, tz);
      }
      for (auto& rev : list) {
        std::int64_t n = rev["revision"];
        if (n > 1)
          rev["diff_url"] = "/editor/" + std::to_string(a.id) +
                            "/diff?from=" + std::to_string(n - 1) + "&to=" + std::to_string(n);
      }
      d["revisions"] = list;
    }
    Json others = Json::array();
    for (const auto& l : languages())
      if (l != a.lang)
        others.push_back(
            {{"lang", l},
             {"url", "/editor/new?lang=" + l + "&translation_of=" + std::to_string(a.id)}});
    d["translate"] = others;
    if (error) d["error"] = errors_json(*error);
    form_data(d, &a, a.lang);
    return render("portal/editor_form", d, status);
  };

  router.add("GET", "/editor/{id:id}", [&portal, gate, edit_page](Request& req) {
    auto visit = gate(req);
    if (!visit) return visit.error();
    const Principal& who = visit->who;
    auto a = portal.articles.get(req.id());
    if (!a) return Response::text("No such article.\n", "text/plain; charset=utf-8", 404);
    auto res = edit_page(who, *a, std::nullopt, 200);
    return res;
  });

  router.add("POST", "/editor/{id:id}", [&portal, gate, edit_page](Request& req) {
    auto visit = gate(req);
    if (!visit) return visit.error();
    const Principal& who = visit->who;
    const http::Form& form = visit->form;
    auto r =
        portal.articles.update(who, auth::actor(req, who), req.id(), article_body(form, false));
    if (r) return Response::redirect("/editor/" + std::to_string(r->id) + "?saved=1");
    auto a = portal.articles.get(req.id());
    if (!a) return Response::text("No such article.\n", "text/plain; charset=utf-8", 404);
    return edit_page(who, *a, r.error(), http::status_of(r.error().code));
  });

  router.add("POST", "/editor/{id:id}/status", [&portal, gate, edit_page](Request& req) {
    auto visit = gate(req);
    if (!visit) return visit.error();
    const Principal& who = visit->who;
    const http::Form& form = visit->form;
    Json body{{"status", http::form_value(form, "status")}};
    if (http::form_value(form, "status") == "scheduled") {
      auto at =
          parse_local(http::form_value(form, "scheduled_at"), portal.settings.site().time_zone);
      body["scheduled_at"] =
          at ? core::format_rfc3339(*at) : http::form_value(form, "scheduled_at");
    }
    auto r = portal.articles.transition(who, auth::actor(req, who), req.id(), body);
    if (r) return Response::redirect("/editor/" + std::to_string(r->id) + "?saved=1");
    auto a = portal.articles.get(req.id());
    if (!a) return Response::text("No such article.\n", "text/plain; charset=utf-8", 404);
    return edit_page(who, *a, r.error(), http::status_of(r.error().code));
  });

  router.add("GET", "/editor/{id:id}/diff", [&portal, gate, frame, render](Request& req) {
    auto visit = gate(req);
    if (!visit) return visit.error();
    const Principal& who = visit->who;
    std::int64_t from = 0, to = 0;
    try {
      from = std::stoll(req.query_param("from").value_or("0"));
      to = std::stoll(req.query_param("to").value_or("0"));
    } catch (const std::exception&) {
    }
    auto diff = portal.articles.diff(req.id(), from, to);
    if (!diff) return Response::text(diff.error().message + "\n", "text/plain; charset=utf-8", 404);
    Json d = frame(who, "Changes");
    d["back"] = "/editor/" + std::to_string(req.id());
    d["from"] = from;
    d["to"] = to;
    Json parts = Json::array();
    for (auto [name, field] : {std::pair{"title", &diff->title}, std::pair{"lead", &diff->lead},
                               std::pair{"body", &diff->body}, std::pair{"tags", &diff->tags}}) {
      Json lines = Json::array();
      for (const auto& l : *field)
        lines.push_back({{"text", l.text}, {"added", l.op == '+'}, {"removed", l.op == '-'}});
      parts.push_back({{"name", name}, {"lines", lines}});
    }
    d["parts"] = parts;
    return render("portal/editor_diff", d);
  });

  auto media_page = [&portal, frame, render](const Principal& who, std::optional<core::Error> error,
                                             std::optional<MediaItem> uploaded, int status) {
    Json d = frame(who, "Media library");
    Json items = Json::array();
    for (const auto& m : portal.media.recent(100))
      items.push_back({{"id", m.id},
                       {"width", m.width},
                       {"height", m.height},
                       {"alt", m.alt},
                       {"caption", m.caption},
                       {"thumb", media_path(m.key, "thumb")},
                       {"large", media_path(m.key, "large")}});
    d["items"] = items;
    if (error) d["error"] = errors_json(*error);
    if (uploaded) d["uploaded"] = media_json(*uploaded);
    return render("portal/editor_media", d, status);
  };

  router.add("GET", "/editor/media", [gate, media_page](Request& req) {
    auto visit = gate(req);
    if (!visit) return visit.error();
    const Principal& who = visit->who;
    return media_page(who, std::nullopt, std::nullopt, 200);
  });

  router.add(
      "POST", "/editor/media",
      [&portal, gate, media_page](Request& req) {
        // A multipart form: the gate reads its parts, the CSRF token among them.
        auto visit = gate(req);
        if (!visit) return visit.error();
        const Principal& who = visit->who;
        const http::Form& form = visit->form;
        auto r =
            portal.media.upload(who, auth::actor(req, who), http::form_value(form, "file"),
                                http::form_value(form, "alt"), http::form_value(form, "caption"));
        if (!r) return media_page(who, r.error(), std::nullopt, http::status_of(r.error().code));
        return media_page(who, std::nullopt, *r, 201);
      },
      http::Cost::heavy);
}

}  // namespace qorgan::portal
