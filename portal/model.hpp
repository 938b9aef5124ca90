#pragma once
// The portal's records as the services return them and the pages and routes read them. JSON is
// written from these in portal_json.hpp, beside the routes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/time.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

inline const std::vector<std::string>& languages() {
  static const std::vector<std::string> l{"kk", "ru", "en"};
  return l;
}
inline bool is_language(std::string_view s) {
  return s == "kk" || s == "ru" || s == "en";
}

struct Category {
  std::int64_t id = 0;
  std::string slug;
  std::int64_t position = 0;
  std::string name_kk, name_ru, name_en, description_kk, description_ru, description_en;
  const std::string& name(std::string_view lang) const {
    return lang == "kk" ? name_kk : lang == "ru" ? name_ru : name_en;
  }
  const std::string& description(std::string_view lang) const {
    return lang == "kk" ? description_kk : lang == "ru" ? description_ru : description_en;
  }
};

// Workflow: draft → in_review → scheduled → published → unpublished / archived.
struct Article {
  std::int64_t id = 0;
  std::string lang;
  std::int64_t translation_group = 0;
  std::string slug;
  std::int64_t category_id = 0;
  std::string category_slug;
  std::string title, lead, body, author;
  core::Json images = core::Json::array();  // [{src, alt, caption}]
  std::vector<std::string> tags;
  std::string status;
  std::optional<core::Timestamp> scheduled_at, published_at;
  std::optional<std::string> approved_by;
  std::int64_t views = 0;
  std::int64_t revision = 1;
  std::string created_by;
  core::Timestamp created_at = 0, updated_at = 0;

  std::string path() const { return "/" + lang + "/" + category_slug + "/" + slug; }
};

struct Revision {
  std::int64_t revision = 0;
  std::string title, lead, body, tags, status, author_login;
  core::Timestamp at = 0;
};

// What changed between two revisions of an article, field by field.
struct RevisionDiff {
  Revision from, to;
  std::vector<DiffLine> title, lead, body, tags;
};

// Published articles, newest first. `cursor` is one a previous page gave.
struct PublicQuery {
  std::optional<std::string> lang, category, tag;
  std::optional<std::string> cursor;
  int limit = 20;
};

// The editors' list, most recently changed first.
// An article as a list to pick from names it: what the editor's choice of an original shows.
struct ArticleTitle {
  std::int64_t id = 0, translation_group = 0;
  std::string lang, title, status;
};

struct EditorQuery {
  std::optional<std::string> status, lang;
  int limit = 50, offset = 0;
};

struct SearchQuery {
  std::string q;
  std::optional<std::string> lang, category;
  std::optional<core::Timestamp> from, to;
  int limit = 20, offset = 0;
  bool prefix_last = false;  // the last word is still being typed (SearchFilter::prefix_last)
};

}  // namespace qorgan::portal
