#pragma once
// The portal's values as JSON: the public content API, the editors' API and audit entries all
// write them through these, so a field is spelt one way everywhere.
#include <vector>

#include "core/json.hpp"
#include "core/paging.hpp"
#include "portal/media.hpp"
#include "portal/model.hpp"

namespace qorgan::portal {

core::Json category_json(const Category& c);
core::Json categories_json(const std::vector<Category>& list);
// What readers and apps get; `with_body` adds the rendered body ("body_html").
core::Json public_article_json(const Article& a, bool with_body);
// With the published translations as [{id, lang, url, title}].
core::Json public_article_json(const Article& a, const std::vector<Article>& translations);
core::Json public_page_json(const core::Page<Article>& page);
// Search hits with their text around the words of `query` highlighted ("snippet_html").
core::Json search_results_json(const std::vector<Article>& found, const std::string& query);
// The editor's view: every field, the Markdown source included.
core::Json article_json(const Article& a);
// One row of the editors' list.
core::Json editor_item_json(const Article& a);
core::Json editor_list_json(const std::vector<Article>& list);
// `with_text` adds lead, body and tags.
core::Json revision_json(const Revision& r, bool with_text);
core::Json revisions_json(const std::vector<Revision>& list);
core::Json diff_lines_json(const std::vector<DiffLine>& lines);
core::Json diff_json(const RevisionDiff& d);
core::Json media_json(const MediaItem& m);
core::Json media_list_json(const std::vector<MediaItem>& list);

}  // namespace qorgan::portal
