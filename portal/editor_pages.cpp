// The web editor: editors write, revise and submit articles; chief editors schedule, publish,
// unpublish and archive them. Plain forms that work without JavaScript; every change goes
// through the same services (and audit) as the editors' API. Signing in and out is the console's
// (/console/login?next=/editor, POST /console/logout); the session cookie is shared and forms
// carry its CSRF token. Pages speak kk, ru or en: the account's preference, then the language
// cookie, then Accept-Language (view::choose_language), switched like the console's.
#include <map>

#include "core/time.hpp"
#include "portal/editor_i18n.hpp"
#include "portal/portal_json.hpp"
#include "portal/roles.hpp"
#include "portal/routes.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

using auth::Principal;
using core::Json;
using editor::tr;
using editor::tr_message;
using http::Request;
using http::Response;

namespace {

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

// The form's fields as typed, to show them again (after an error, or with a preview).
Json typed_article(const http::Form& form) {
  Json a = Json::object();
  for (const char* k : {"title", "lead", "body", "author", "tags", "translation_of", "image_src",
                        "image_alt", "image_caption"})
    a[k] = http::form_value(form, k);
  return a;
}

// An error with its summary and fields in the page's language; each field named as the form
// labels it, its key kept for the form to mark.
Json errors_json(const core::Error& e) {
  Json list = Json::array();
  for (const auto& f : e.fields)
    list.push_back({{"field", f.field},
                    {"label", editor::field_label(f.field)},
                    {"message", tr_message(f.message)}});
  return {{"message", tr_message(e.message)}, {"fields", list}};
}

// "3 декабря 2026 19:13 (Алматы, UTC+5)": the site's clock, the zone's city in the page's language.
std::string local_time(core::Timestamp t, const std::string& tz) {
  auto zone = zone_label(t, tz);
  if (auto comma = zone.find(", "); comma != std::string::npos)
    zone = tr(zone.substr(0, comma)) + zone.substr(comma);
  return format_local(t, view::current_language(), tz) + " (" + zone + ")";
}

// Markdown as readers will see it: the public page's renderer and sanitiser.
std::string preview_html(const std::string& markdown) {
  if (markdown.find_first_not_of(" \t\r\n") == std::string::npos)
    return "<p class=\"preview-empty\">" +
           kainjow::mustache::html_escape(tr("Nothing to preview yet: the text is empty.")) +
           "</p>";
  return render_markdown(markdown);
}

std::string language_of(const Request& req, const Principal* who) {
  return view::choose_language(who ? std::string_view(who->language) : std::string_view{},
                               req.cookie(view::kLanguageCookie).value_or(""),
                               req.header("Accept-Language"));
}

using PageFn = std::function<Response(Request&, const Principal&, const http::Form&)>;

}  // namespace

void mount_editor_pages(http::Router& router, const auth::Guard& guard, Portal& portal,
                        const view::Templates& templates) {
  // The gate of every page: the signed-in editor (or a redirect to sign in, or 403), the page's
  // language set for the whole rendering.
  auto page = [&guard](PageFn fn) {
    return [&guard, fn = std::move(fn)](Request& req) -> Response {
      auto visit = guard.visit_page(req, kEditors);
      const Principal* who =
          visit ? &visit->who : (visit.error().who ? &*visit.error().who : nullptr);
      view::LanguageScope language(language_of(req, who));
      if (visit) return fn(req, visit->who, visit->form);
      using Reason = auth::PageRefusal::Reason;
      const auto& refusal = visit.error();
      if (refusal.reason == Reason::not_signed_in)
        return Response::redirect("/console/login?next=" + http::url_encode(req.target));
      std::string message = refusal.reason == Reason::role
                                ? tr("The editor is for editors and chief editors.")
                                : tr_message(refusal.message);
      return Response::text(message + "\n", "text/plain; charset=utf-8",
                            refusal.reason == Reason::unreadable_form ? 400 : 403);
    };
  };
  auto not_found = [] {
    return Response::text(tr("No such article.") + "\n", "text/plain; charset=utf-8", 404);
  };
  auto frame = [](const Request& req, const Principal& who, const std::string& title) {
    // A form's answer comes back under its POST address; the switch returns to the page's GET.
    std::string path = req.target;
    if (req.method != "GET" && path.ends_with("/status")) path.resize(path.size() - 7);
    Json langs = Json::array();
    for (const auto& l : view::languages())
      langs.push_back({{"code", l},
                       {"name", view::language_name(l)},
                       {"current", l == view::current_language()}});
    return Json{{"title", title},
                {"lang", view::current_language()},
                {"languages", langs},
                {"path", path},
                {"login", who.login},
                {"role", editor::role_label(who.role)},
                {"csrf", who.csrf_token},
                {"chief", is_chief(who)},
                // The word the Markdown help formats in its examples.
                {"sample", tr("text")}};
  };
  auto render = [&templates](const std::string& name, const Json& d, int status = 200) {
    auto data = view::to_data(d);
    data.set("t", view::translator(editor::catalogue(), view::current_language()));
    return Response::html(templates.page(name, std::move(data), "portal/editor_layout"), status);
  };
  // The category and language choices, category names in the article's language.
  auto form_data = [&portal](Json& d, const std::string& article_lang,
                             const std::string& category) {
    Json cats = Json::array();
    for (const auto& c : portal.categories.list())
      cats.push_back({{"slug", c.slug},
                      {"name", c.name(article_lang)},
                      {"name_kk", c.name_kk},
                      {"name_ru", c.name_ru},
                      {"name_en", c.name_en},
                      {"selected", c.slug == category}});
    d["categories"] = cats;
    d["category_lang"] = article_lang;
    Json langs = Json::array();
    for (const auto& l : view::languages())
      langs.push_back(
          {{"code", l}, {"name", editor::language_label(l)}, {"selected", l == article_lang}});
    d["languages_article"] = langs;
  };
  // The articles a new one may translate, by title, grouped by language.
  auto originals = [&portal](const std::string& selected) {
    auto all = portal.articles.titles(1000);
    Json groups = Json::array();
    for (const auto& l : view::languages()) {
      Json items = Json::array();
      for (const auto& a : all)
        if (a.lang == l)
          items.push_back({{"id", a.id},
                           {"title", a.title},
                           {"lang", a.lang},
                           {"selected", std::to_string(a.id) == selected}});
      if (!items.empty())
        groups.push_back(
            {{"lang", l}, {"language", editor::language_label(l)}, {"articles", items}});
    }
    return groups;
  };

  router.add(
      "GET", "/editor",
      page([&portal, frame, render](Request& req, const Principal& who, const http::Form&) {
        Json d = frame(req, who, tr("Articles"));
        EditorQuery q;
        q.status = req.query_param("status");
        const auto& statuses = Articles::statuses();
        if (q.status && std::find(statuses.begin(), statuses.end(), *q.status) == statuses.end())
          q.status.reset();
        q.limit = 200;
        std::map<std::string, Category> categories;
        for (auto& c : portal.categories.list()) categories[c.slug] = c;
        Json items = Json::array();
        // Times on the site's clock with its label, not the API's UTC.
        auto tz = portal.settings.site().time_zone;
        for (const auto& a : portal.articles.list(q)) {
          Json item = editor_item_json(a);
          item["status_label"] = editor::status_label(a.status);
          item["language"] = editor::language_label(a.lang);
          auto c = categories.find(a.category_slug);
          item["category_name"] = c == categories.end() ? a.category_slug : c->second.name(a.lang);
          if (a.scheduled_at) item["scheduled_at"] = local_time(*a.scheduled_at, tz);
          item["updated"] = local_time(a.updated_at, tz);
          item["updated_iso"] = format_iso_local(a.updated_at, tz);
          items.push_back(std::move(item));
        }
        d["items"] = items;
        Json filters = Json::array();
        for (const auto& s : statuses)
          filters.push_back({{"status", s},
                             {"label", editor::status_label(s)},
                             {"current", q.status && *q.status == s}});
        d["filters"] = filters;
        d["filtered"] = q.status.has_value();
        return render("portal/editor_list", d);
      }));

  // The form for a new article: empty, or as typed (after an error or with a preview).
  auto new_page = [frame, render, form_data, originals](const Request& req, const Principal& who,
                                                        Json article, const std::string& lang,
                                                        const std::string& category) {
    Json d = frame(req, who, tr("New article"));
    d["creating"] = true;
    d["action"] = "/editor/new";
    d["originals"] = originals(article.value("translation_of", ""));
    d["article"] = std::move(article);
    form_data(d, view::is_language(lang) ? lang : view::current_language(), category);
    return d;
  };

  router.add("GET", "/editor/new",
             page([new_page, render](Request& req, const Principal& who, const http::Form&) {
               Json article{{"translation_of", req.query_param("translation_of").value_or("")}};
               auto d = new_page(req, who, article, req.query_param("lang").value_or(""), "");
               return render("portal/editor_form", d);
             }));

  router.add(
      "POST", "/editor/new",
      page([&portal, new_page, render](Request& req, const Principal& who, const http::Form& form) {
        auto lang = http::form_value(form, "lang");
        auto category = http::form_value(form, "category");
        if (http::form_value(form, "preview") == "1") {
          auto d = new_page(req, who, typed_article(form), lang, category);
          d["preview"] = true;
          d["preview_html"] = preview_html(http::form_value(form, "body"));
          return render("portal/editor_form", d);
        }
        auto r = portal.articles.create(who, auth::actor(req, who), article_body(form, true));
        if (r) return Response::redirect("/editor/" + std::to_string(r->id) + "?saved=1");
        auto d = new_page(req, who, typed_article(form), lang, category);
        d["error"] = errors_json(r.error());
        return render("portal/editor_form", d, 422);
      }));

  // An article's page; `typed` (a submitted form) replaces the stored text in the form.
  auto edit_page = [&portal, frame, render, form_data](
                       const Request& req, const Principal& who, const Article& a,
                       const http::Form* typed, std::optional<core::Error> error, int status) {
    Json d = frame(req, who, a.title);
    d["action"] = "/editor/" + std::to_string(a.id);
    d["saved"] = req.method == "GET" && req.query_param("saved").has_value();
    std::string tags;
    for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t;
    d["article"] = {{"id", a.id},
                    {"title", a.title},
                    {"lead", a.lead},
                    {"body", a.body},
                    {"author", a.author},
                    {"tags", tags},
                    {"lang", a.lang},
                    {"language", editor::language_label(a.lang)},
                    {"slug", a.slug},
                    {"status", a.status},
                    {"status_label", editor::status_label(a.status)},
                    {"revision", a.revision},
                    {"approved_by", a.approved_by.value_or("")},
                    {"public_url", a.status == "published" ? a.path() : ""}};
    if (!a.images.empty()) {
      d["article"]["image_src"] = a.images[0].value("src", "");
      d["article"]["image_alt"] = a.images[0].value("alt", "");
      d["article"]["image_caption"] = a.images[0].value("caption", "");
    }
    std::string category = a.category_slug;
    if (typed) {
      Json as_typed = typed_article(*typed);
      for (auto& [k, v] : as_typed.items())
        if (k != "translation_of") d["article"][k] = v;
      category = http::form_value(*typed, "category");
      if (http::form_value(*typed, "preview") == "1") {
        d["preview"] = true;
        d["preview_html"] = preview_html(http::form_value(*typed, "body"));
      }
    }
    auto tz = portal.settings.site().time_zone;
    auto zone = zone_label(core::now_us(), tz);
    if (auto comma = zone.find(", "); comma != std::string::npos)
      zone = tr(zone.substr(0, comma)) + zone.substr(comma);
    d["zone"] = zone;
    if (a.scheduled_at) d["article"]["scheduled_at"] = local_time(*a.scheduled_at, tz);
    Json actions = Json::array();
    for (const auto& to : Articles::next_statuses(a.status, who))
      actions.push_back(
          {{"to", to}, {"label", editor::action_label(to)}, {"schedule", to == "scheduled"}});
    d["actions"] = actions;
    d["default_schedule"] = format_local_input(core::now_us() + 3600LL * 1'000'000, tz);
    if (auto revs = portal.articles.revisions(a.id)) {
      Json list = revisions_json(*revs)["items"];
      for (size_t i = 0; i < list.size() && i < revs->size(); ++i) {
        list[i]["at"] = local_time((*revs)[i].at, tz);
        list[i]["at_iso"] = format_iso_local((*revs)[i].at, tz);
        list[i]["status"] = editor::status_label((*revs)[i].status);
      }
      for (auto& rev : list) {
        std::int64_t n = rev["revision"];
        if (n > 1)
          rev["diff_url"] = "/editor/" + std::to_string(a.id) +
                            "/diff?from=" + std::to_string(n - 1) + "&to=" + std::to_string(n);
      }
      d["revisions"] = list;
    }
    // The other languages of its translation group: written ones link to their pages, missing
    // ones to a new translation; the group's first article is the original.
    Json written = Json::array();
    std::vector<std::string> present{a.lang};
    for (const auto& other : portal.articles.translations(a)) {
      written.push_back({{"id", other.id},
                         {"title", other.title},
                         {"lang", other.lang},
                         {"language", editor::language_label(other.lang)}});
      present.push_back(other.lang);
      if (other.id == a.translation_group)
        d["original"] = {{"id", other.id}, {"title", other.title}, {"lang", other.lang}};
    }
    d["translations"] = written;
    Json missing = Json::array();
    for (const auto& l : view::languages())
      if (std::find(present.begin(), present.end(), l) == present.end())
        missing.push_back(
            {{"lang", l},
             {"label", tr(l == "kk"   ? "Write the Kazakh translation"
                          : l == "ru" ? "Write the Russian translation"
                                      : "Write the English translation")},
             {"url", "/editor/new?lang=" + l + "&translation_of=" + std::to_string(a.id)}});
    d["translate"] = missing;
    if (error) d["error"] = errors_json(*error);
    form_data(d, a.lang, category);
    return render("portal/editor_form", d, status);
  };

  router.add(
      "GET", "/editor/{id:id}",
      page([&portal, edit_page, not_found](Request& req, const Principal& who, const http::Form&) {
        auto a = portal.articles.get(req.id());
        if (!a) return not_found();
        return edit_page(req, who, *a, nullptr, std::nullopt, 200);
      }));

  router.add("POST", "/editor/{id:id}",
             page([&portal, edit_page, not_found](Request& req, const Principal& who,
                                                  const http::Form& form) {
               if (http::form_value(form, "preview") == "1") {
                 auto a = portal.articles.get(req.id());
                 if (!a) return not_found();
                 auto res = edit_page(req, who, *a, &form, std::nullopt, 200);
                 return res;
               }
               auto r = portal.articles.update(who, auth::actor(req, who), req.id(),
                                               article_body(form, false));
               if (r) return Response::redirect("/editor/" + std::to_string(r->id) + "?saved=1");
               auto a = portal.articles.get(req.id());
               if (!a) return not_found();
               return edit_page(req, who, *a, &form, r.error(), http::status_of(r.error().code));
             }));

  router.add("POST", "/editor/{id:id}/status",
             page([&portal, edit_page, not_found](Request& req, const Principal& who,
                                                  const http::Form& form) {
               Json body{{"status", http::form_value(form, "status")}};
               if (http::form_value(form, "status") == "scheduled") {
                 auto at = parse_local(http::form_value(form, "scheduled_at"),
                                       portal.settings.site().time_zone);
                 body["scheduled_at"] =
                     at ? core::format_rfc3339(*at) : http::form_value(form, "scheduled_at");
               }
               auto r = portal.articles.transition(who, auth::actor(req, who), req.id(), body);
               if (r) return Response::redirect("/editor/" + std::to_string(r->id) + "?saved=1");
               auto a = portal.articles.get(req.id());
               if (!a) return not_found();
               return edit_page(req, who, *a, nullptr, r.error(), http::status_of(r.error().code));
             }));

  // The article form's preview: the body as readers will see it, as an HTML fragment for the
  // form's script (without JavaScript the form's Preview button posts to the form's own address).
  router.add("POST", "/editor/preview",
             page([](Request&, const Principal&, const http::Form& form) {
               auto res = Response::html(preview_html(http::form_value(form, "body")));
               res.header("Cache-Control", "no-store");
               return res;
             }));

  router.add(
      "GET", "/editor/{id:id}/diff",
      page([&portal, frame, render](Request& req, const Principal& who, const http::Form&) {
        std::int64_t from = 0, to = 0;
        try {
          from = std::stoll(req.query_param("from").value_or("0"));
          to = std::stoll(req.query_param("to").value_or("0"));
        } catch (const std::exception&) {
        }
        auto diff = portal.articles.diff(req.id(), from, to);
        if (!diff)
          return Response::text(tr_message(diff.error().message) + "\n",
                                "text/plain; charset=utf-8", 404);
        Json d = frame(req, who, tr("Changes"));
        d["back"] = "/editor/" + std::to_string(req.id());
        d["from"] = from;
        d["to"] = to;
        Json parts = Json::array();
        for (auto [name, field] :
             {std::pair{"Title", &diff->title}, std::pair{"Lead", &diff->lead},
              std::pair{"Body", &diff->body}, std::pair{"Tags", &diff->tags}}) {
          Json lines = Json::array();
          for (const auto& l : *field)
            lines.push_back({{"text", l.text}, {"added", l.op == '+'}, {"removed", l.op == '-'}});
          parts.push_back({{"name", tr(name)}, {"lines", lines}});
        }
        d["parts"] = parts;
        return render("portal/editor_diff", d);
      }));

  auto media_page = [&portal, frame, render](const Request& req, const Principal& who,
                                             std::optional<core::Error> error,
                                             std::optional<MediaItem> uploaded, int status) {
    Json d = frame(req, who, tr("Media library"));
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

  router.add("GET", "/editor/media",
             page([media_page](Request& req, const Principal& who, const http::Form&) {
               return media_page(req, who, std::nullopt, std::nullopt, 200);
             }));

  router.add(
      "POST", "/editor/media",
      page([&portal, media_page](Request& req, const Principal& who, const http::Form& form) {
        // A multipart form: the gate reads its parts, the CSRF token among them.
        auto r =
            portal.media.upload(who, auth::actor(req, who), http::form_value(form, "file"),
                                http::form_value(form, "alt"), http::form_value(form, "caption"));
        if (!r)
          return media_page(req, who, r.error(), std::nullopt, http::status_of(r.error().code));
        return media_page(req, who, std::nullopt, *r, 201);
      }),
      http::Cost::heavy);
}

}  // namespace qorgan::portal
