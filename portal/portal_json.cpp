#include "portal/portal_json.hpp"

#include "core/time.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

using core::Json;

namespace {

Json time_or_null(const std::optional<core::Timestamp>& t) {
  return t ? Json(core::format_rfc3339(*t)) : Json();
}

template <typename T, typename ToJson>
Json items_json(const std::vector<T>& list, ToJson to_json) {
  Json items = Json::array();
  for (const auto& x : list) items.push_back(to_json(x));
  return {{"items", std::move(items)}};
}

}  // namespace

Json category_json(const Category& c) {
  return {{"id", c.id},
          {"slug", c.slug},
          {"position", c.position},
          {"name", {{"kk", c.name_kk}, {"ru", c.name_ru}, {"en", c.name_en}}},
          {"description",
           {{"kk", c.description_kk}, {"ru", c.description_ru}, {"en", c.description_en}}}};
}

Json categories_json(const std::vector<Category>& list) {
  return items_json(list, category_json);
}

Json public_article_json(const Article& a, bool with_body) {
  Json j{{"id", a.id},
         {"lang", a.lang},
         {"translation_group", a.translation_group},
         {"slug", a.slug},
         {"url", a.path()},
         {"category", a.category_slug},
         {"category_id", a.category_id},
         {"title", a.title},
         {"lead", a.lead},
         {"author", a.author},
         {"tags", a.tags},
         {"images", a.images},
         {"views", a.views},
         {"published_at", time_or_null(a.published_at)}};
  if (with_body) j["body_html"] = render_markdown(a.body);
  return j;
}

Json public_article_json(const Article& a, const std::vector<Article>& translations) {
  Json j = public_article_json(a, true);
  Json tr = Json::array();
  for (const auto& t : translations)
    tr.push_back({{"id", t.id}, {"lang", t.lang}, {"url", t.path()}, {"title", t.title}});
  j["translations"] = tr;
  return j;
}

Json public_page_json(const core::Page<Article>& page) {
  return core::page_json(page, [](const Article& a) { return public_article_json(a, false); });
}

Json search_results_json(const std::vector<Article>& found, const std::string& query) {
  return items_json(found, [&](const Article& a) {
    Json j = public_article_json(a, false);
    j["snippet_html"] = highlight_snippet(a.lead + "\n" + plain_text(a.body), query);
    return j;
  });
}

Json article_json(const Article& a) {
  Json j = public_article_json(a, true);
  j["status"] = a.status;
  j["scheduled_at"] = time_or_null(a.scheduled_at);
  j["approved_by"] = a.approved_by ? Json(*a.approved_by) : Json();
  j["revision"] = a.revision;
  j["created_by"] = a.created_by;
  j["created_at"] = core::format_rfc3339(a.created_at);
  j["updated_at"] = core::format_rfc3339(a.updated_at);
  j["body_markdown"] = a.body;
  return j;
}

Json editor_item_json(const Article& a) {
  Json j = public_article_json(a, false);
  j["status"] = a.status;
  j["revision"] = a.revision;
  j["scheduled_at"] = time_or_null(a.scheduled_at);
  return j;
}

Json editor_list_json(const std::vector<Article>& list) {
  return items_json(list, editor_item_json);
}

Json revision_json(const Revision& r, bool with_text) {
  Json j{{"revision", r.revision},
         {"title", r.title},
         {"status", r.status},
         {"author", r.author_login},
         {"at", core::format_rfc3339(r.at)}};
  if (with_text) {
    j["lead"] = r.lead;
    j["body"] = r.body;
    j["tags"] = r.tags;
  }
  return j;
}

Json revisions_json(const std::vector<Revision>& list) {
  return items_json(list, [](const Revision& r) { return revision_json(r, false); });
}

Json diff_lines_json(const std::vector<DiffLine>& lines) {
  Json out = Json::array();
  for (const auto& l : lines) out.push_back({{"op", std::string(1, l.op)}, {"text", l.text}});
  return out;
}

Json diff_json(const RevisionDiff& d) {
  return {{"from", revision_json(d.from, false)}, {"to", revision_json(d.to, false)},
          {"title", diff_lines_json(d.title)},    {"lead", diff_lines_json(d.lead)},
          {"body", diff_lines_json(d.body)},      {"tags", diff_lines_json(d.tags)}};
}

Json media_json(const MediaItem& m) {
  return {{"id", m.id},
          {"key", m.key},
          {"mime", m.mime},
          {"width", m.width},
          {"height", m.height},
          {"alt", m.alt},
          {"caption", m.caption},
          {"bytes", m.bytes},
          {"variants",
           {{"original", media_path(m.key, "original")},
            {"large", media_path(m.key, "large")},
            {"thumb", media_path(m.key, "thumb")}}}};
}

Json media_list_json(const std::vector<MediaItem>& list) {
  return items_json(list, [](const MediaItem& m) {
    return Json{{"id", m.id},
                {"mime", m.mime},
                {"width", m.width},
                {"height", m.height},
                {"alt", m.alt},
                {"caption", m.caption},
                {"src", media_path(m.key, "large")}};
  });
}

}  // namespace qorgan::portal
