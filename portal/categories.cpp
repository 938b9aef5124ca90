#include "portal/categories.hpp"

#include <set>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "portal/portal_json.hpp"
#include "portal/portal_store.hpp"
#include "portal/roles.hpp"

namespace qorgan::portal {

using core::Error;
using core::fail;
using core::Json;

namespace {

core::Status read_category(const Json& body, Category& c, bool creating) {
  core::JsonFields f(body);
  if (auto v = f.str("slug", creating, 60)) c.slug = core::slugify(*v);
  if (auto v = f.i64("position", false, 0, 10000)) c.position = *v;
  if (const Json* n = f.object("name", creating)) {
    for (auto& [lang, dst] : std::vector<std::pair<std::string, std::string*>>{
             {"kk", &c.name_kk}, {"ru", &c.name_ru}, {"en", &c.name_en}}) {
      if (!n->contains(lang) || !(*n)[lang].is_string() ||
          core::trim((*n)[lang].get<std::string>()).empty())
        f.add("name." + lang, "Give the category's name in every language.");
      else if ((*n)[lang].get<std::string>().size() > 200)
        f.add("name." + lang, "A name has at most 200 characters.");
      else
        *dst = core::trim((*n)[lang].get<std::string>());
    }
  }
  if (const Json* d = f.object("description", false)) {
    for (auto& [lang, dst] : std::vector<std::pair<std::string, std::string*>>{
             {"kk", &c.description_kk}, {"ru", &c.description_ru}, {"en", &c.description_en}}) {
      if (!d->contains(lang)) continue;
      if (!(*d)[lang].is_string() || (*d)[lang].get<std::string>().size() > 200)
        f.add("description." + lang, "A description is one line of at most 200 characters.");
      else
        *dst = core::trim((*d)[lang].get<std::string>());
    }
  }
  if (f.has("slug") && c.slug.empty()) f.add("slug", "The slug needs letters or digits.");
  static const std::set<std::string> reserved{"search", "tag", "feed",   "rss",
                                              "atom",   "api", "static", "media"};
  if (reserved.contains(c.slug)) f.add("slug", "This slug is reserved for the site's own pages.");
  return f.finish("The category");
}

}  // namespace

std::vector<Category> Categories::list() {
  return db_.read([](storage::Tx& tx) { return store::categories(tx); });
}

std::optional<Category> Categories::by_slug(const std::string& slug) {
  return db_.read([&](storage::Tx& tx) { return store::category_by_slug(tx, slug); });
}

core::Result<Category> Categories::create(const auth::Principal& who, const auth::Actor& actor,
                                          const Json& body) {
  if (!is_editor(who)) return fail(Error::forbidden());
  Category c;
  if (auto s = read_category(body, c, true); !s) return fail(s.error());
  auto r = db_.write([&](storage::Tx& tx) -> core::Result<Category> {
    if (store::category_by_slug(tx, c.slug))
      return fail(Error::conflict("A category with this slug exists."));
    c.id = store::insert_category(tx, c, core::now_us());
    auth::audit(tx, actor, "portal_category.create", "portal_category", std::to_string(c.id),
                nullptr, category_json(c));
    return c;
  });
  if (r) changes_.changed();
  return r;
}

core::Result<Category> Categories::update(const auth::Principal& who, const auth::Actor& actor,
                                          std::int64_t id, const Json& body) {
  if (!is_editor(who)) return fail(Error::forbidden());
  auto r = db_.write([&](storage::Tx& tx) -> core::Result<Category> {
    auto before = store::category(tx, id);
    if (!before) return fail(Error::not_found("No category has id " + std::to_string(id) + "."));
    Category c = *before;
    if (auto s = read_category(body, c, false); !s) return fail(s.error());
    if (c.slug != before->slug && store::category_by_slug(tx, c.slug))
      return fail(Error::conflict("A category with this slug exists."));
    store::update_category(tx, c, core::now_us());
    auth::audit(tx, actor, "portal_category.update", "portal_category", std::to_string(id),
                category_json(*before), category_json(c));
    return c;
  });
  if (r) changes_.changed();
  return r;
}

}  // namespace qorgan::portal
