#include "portal/articles.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "portal/media.hpp"
#include "portal/media_store.hpp"
#include "portal/portal_store.hpp"
#include "portal/roles.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

using core::Error;
using core::fail;
using core::Json;

namespace {

constexpr std::int64_t kSchedulerLock = 0x7363686564;  // "sched"

// Allowed moves and who may make them: editors move between draft and review; publishing,
// scheduling, unpublishing and archiving need a chief editor's approval.
struct Move {
  const char *from, *to;
  bool chief;
};
const std::vector<Move>& workflow() {
  static const std::vector<Move> moves{
      {"draft", "in_review", false},      {"in_review", "draft", false},
      {"unpublished", "draft", false},    {"in_review", "scheduled", true},
      {"in_review", "published", true},   {"scheduled", "published", true},
      {"scheduled", "draft", true},       {"scheduled", "in_review", true},
      {"published", "unpublished", true}, {"unpublished", "published", true},
      {"published", "archived", true},    {"unpublished", "archived", true},
      {"draft", "archived", true},        {"in_review", "archived", true}};
  return moves;
}

Json audit_view(const Article& a) {
  return {{"lang", a.lang},
          {"slug", a.slug},
          {"category_id", a.category_id},
          {"title", a.title},
          {"status", a.status},
          {"revision", a.revision},
          {"author", a.author},
          {"translation_group", a.translation_group},
          {"scheduled_at", a.scheduled_at ? Json(core::format_rfc3339(*a.scheduled_at)) : Json()},
          {"tags", a.tags}};
}

struct ArticleInput {
  std::optional<std::string> lang, title, lead, body, author, slug, category;
  std::optional<std::int64_t> category_id, translation_of;
  std::optional<Json> images;
  std::optional<std::vector<std::string>> tags;
};

// Why an article may not show the image at `src`, if it may not. Pages allow only this site's
// images (CSP img-src 'self'), and the server fetches from no other host: an address elsewhere
// would show readers a broken image.
std::optional<std::string> image_source_problem(const std::string& src) {
  bool local = (src.starts_with("/media/") || src.starts_with("/static/")) &&
               src.find("..") == std::string::npos;
  if (local) return std::nullopt;
  if (src.starts_with("https://") || src.starts_with("http://"))
    return "Images from other sites are not shown on the portal: upload the picture to the media "
           "library and use its /media/ address.";
  return "An image is a /media/ address from the media library.";
}

core::Result<ArticleInput> read_article(const Json& body, bool creating) {
  core::JsonFields f(body);
  ArticleInput in;
  in.lang = f.str("lang", creating, 2);
  if (in.lang && !is_language(*in.lang)) f.add("lang", "The language is one of kk, ru, en.");
  in.title = f.str("title", creating, 300);
  if (in.title) {
    *in.title = core::trim(*in.title);
    if (in.title->empty()) f.add("title", "The title cannot be empty.");
  }
  in.lead = f.str("lead", false, 1000);
  in.body = f.str("body", false, 200000);
  // The field's message is the catalogue's own words (the editor translates them), so the
  // address is not quoted: an article has few images.
  if (in.body)
    for (const auto& src : image_sources(*in.body))
      if (auto problem = image_source_problem(src)) {
        f.add("body", *problem);
        break;
      }
  in.author = f.str("author", false, 200);
  in.slug = f.str("slug", false, 120);
  in.category = f.str("category", false, 60);
  in.category_id = f.i64("category_id", false, 1);
  if (creating && !in.category && !in.category_id) f.add("category", "Choose a category.");
  in.translation_of = f.i64("translation_of", false, 1);
  if (const Json* tags = f.array("tags", false)) {
    std::vector<std::string> t;
    for (const auto& v : *tags) {
      if (!v.is_string()) {
        f.add("tags", "Tags are strings.");
        break;
      }
      auto tag = core::fold(core::trim(v.get<std::string>()));
      if (tag.empty() || tag.size() > 60) {
        f.add("tags", "A tag has 1 to 60 characters.");
        break;
      }
      if (std::find(t.begin(), t.end(), tag) == t.end()) t.push_back(tag);
    }
    if (t.size() > 12) f.add("tags", "At most 12 tags.");
    in.tags = std::move(t);
  }
  if (const Json* imgs = f.array("images", false)) {
    Json out = Json::array();
    for (size_t i = 0; i < imgs->size(); ++i) {
      const Json& img = (*imgs)[i];
      std::string at = "images[" + std::to_string(i) + "]";
      if (!img.is_object()) {
        f.add(at, "An image is an object {src, alt, caption}.");
        continue;
      }
      core::JsonFields g(img);
      auto media_id = g.i64("media_id", false, 1);
      std::string src = g.str("src", false, 2000).value_or("");
      if (media_id) src = "/media/" + std::to_string(*media_id) + "/large";
      std::string alt = core::trim(g.str("alt", false, 500).value_or(""));
      std::string caption = core::trim(g.str("caption", false, 1000).value_or(""));
      f.absorb(g, at);
      if (auto problem = image_source_problem(src)) f.add(at + ".src", *problem);
      if (alt.empty()) f.add(at + ".alt", "Describe the image for readers who cannot see it.");
      out.push_back({{"src", src}, {"alt", alt}, {"caption", caption}});
    }
    if (imgs->size() > 30) f.add("images", "At most 30 images.");
    in.images = std::move(out);
  }
  if (auto s = f.finish("The article"); !s) return fail(s.error());
  return in;
}

std::string unique_slug(storage::Tx& tx, const std::string& lang, std::string base,
                        std::int64_t id) {
  if (base.empty()) base = "article";
  if (base.size() > 90)
    base.resize(base.rfind('-', 90) == std::string::npos ? 90 : base.rfind('-', 90));
  std::string slug = base;
  for (int n = 2; store::slug_taken(tx, lang, slug, id); ++n) slug = base + "-" + std::to_string(n);
  return slug;
}

}  // namespace

const std::vector<std::string>& Articles::statuses() {
  static const std::vector<std::string> s{"draft",     "in_review",   "scheduled",
                                          "published", "unpublished", "archived"};
  return s;
}

void Articles::index(storage::Tx& tx, const Article& a) {
  if (a.status != "published" || !a.published_at) {
    index_.remove(tx, a.id);
    return;
  }
  std::string text = a.title + "\n" + a.lead + "\n" + plain_text(a.body);
  for (const auto& t : a.tags) text += "\n" + t;
  for (const auto& img : a.images)
    if (img.contains("caption") && img["caption"].is_string())
      text += "\n" + img["caption"].get<std::string>();
  index_.put(tx, {a.id, a.lang, a.category_id, *a.published_at, text});
}

core::Result<Article> Articles::create(const auth::Principal& who, const auth::Actor& actor,
                                       const Json& body) {
  if (!is_editor(who)) return fail(Error::forbidden());
  auto in = read_article(body, true);
  if (!in) return fail(in.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Article> {
    Article a;
    a.lang = *in->lang;
    a.title = *in->title;
    a.lead = in->lead.value_or("");
    a.body = in->body.value_or("");
    a.author = in->author.value_or("");
    if (in->images) a.images = *in->images;
    if (in->tags) a.tags = *in->tags;
    std::optional<Category> cat = in->category_id ? store::category(tx, *in->category_id)
                                                  : store::category_by_slug(tx, *in->category);
    if (!cat)
      return fail(Error::invalid("The article is not valid.", {{"category", "No such category."}}));
    a.category_id = cat->id;
    a.category_slug = cat->slug;
    if (in->translation_of) {
      auto other = store::article(tx, *in->translation_of);
      if (!other)
        return fail(
            Error::invalid("The article is not valid.", {{"translation_of", "No such article."}}));
      a.translation_group = other->translation_group;
      if (store::has_translation(tx, a.translation_group, a.lang, 0))
        return fail(Error::conflict("This article already has a translation in " + a.lang + "."));
    }
    a.slug = unique_slug(tx, a.lang, core::slugify(in->slug ? *in->slug : a.title, a.lang), 0);
    a.status = "draft";
    a.created_by = who.login;
    a.created_at = a.updated_at = core::now_us();
    auto shown = link_article_media(tx, a);
    a.id = store::insert_article(tx, a);
    store::set_media_uses(tx, a.id, shown);
    if (a.translation_group == 0) a.translation_group = a.id;
    store::set_tags(tx, a.id, a.tags);
    store::insert_revision(tx, a, who.login, a.created_at);
    auth::audit(tx, actor, "portal_article.create", "portal_article", std::to_string(a.id), nullptr,
                audit_view(a));
    return a;
  });
}

core::Result<Article> Articles::update(const auth::Principal& who, const auth::Actor& actor,
                                       std::int64_t id, const Json& body) {
  if (!is_editor(who)) return fail(Error::forbidden());
  auto in = read_article(body, false);
  if (!in) return fail(in.error());
  if (in->lang)
    return fail(Error::invalid(
        "The article is not valid.",
        {{"lang", "The language of an article cannot change; write a translation."}}));
  bool public_change = false;
  auto r = db_.write([&](storage::Tx& tx) -> core::Result<Article> {
    auto before = store::article(tx, id);
    if (!before) return fail(Error::not_found("No article has id " + std::to_string(id) + "."));
    Article a = *before;
    if (a.status == "archived")
      return fail(Error::conflict("An archived article cannot be edited."));
    // Published text changes only with a chief editor: an editor's edit would bypass approval.
    if (!is_chief(who) && a.status != "draft" && a.status != "in_review")
      return fail(
          Error::forbidden("Only a chief editor may edit a scheduled or published article."));
    if (in->title) a.title = *in->title;
    if (in->lead) a.lead = *in->lead;
    if (in->body) a.body = *in->body;
    if (in->author) a.author = *in->author;
    if (in->images) a.images = *in->images;
    if (in->tags) a.tags = *in->tags;
    if (in->category || in->category_id) {
      auto cat = in->category_id ? store::category(tx, *in->category_id)
                                 : store::category_by_slug(tx, *in->category);
      if (!cat)
        return fail(
            Error::invalid("The article is not valid.", {{"category", "No such category."}}));
      a.category_id = cat->id;
      a.category_slug = cat->slug;
    }
    if (in->slug) {
      a.slug = unique_slug(tx, a.lang, core::slugify(*in->slug, a.lang), a.id);
      // Readers may have the old address: it keeps answering, with a redirect.
      if (a.slug != before->slug) store::add_slug_redirect(tx, a.lang, before->slug, a.id);
    }
    if (in->translation_of) {
      auto other = store::article(tx, *in->translation_of);
      if (!other)
        return fail(
            Error::invalid("The article is not valid.", {{"translation_of", "No such article."}}));
      if (store::has_translation(tx, other->translation_group, a.lang, a.id))
        return fail(Error::conflict("That article already has a translation in " + a.lang + "."));
      a.translation_group = other->translation_group;
    }
    a.revision += 1;
    a.updated_at = core::now_us();
    store::set_media_uses(tx, a.id, link_article_media(tx, a));
    store::update_article(tx, a);
    if (in->tags) store::set_tags(tx, a.id, a.tags);
    store::insert_revision(tx, a, who.login, a.updated_at);
    if (a.status == "published") {
      index(tx, a);
      public_change = true;
    }
    auth::audit(tx, actor, "portal_article.update", "portal_article", std::to_string(a.id),
                audit_view(*before), audit_view(a));
    return a;
  });
  if (r && public_change) changes_.changed();
  return r;
}

std::vector<std::string> Articles::next_statuses(const std::string& from,
                                                 const auth::Principal& who) {
  std::vector<std::string> out;
  for (const auto& m : workflow())
    if (from == m.from && (!m.chief || is_chief(who))) out.emplace_back(m.to);
  return out;
}

core::Result<Article> Articles::transition(const auth::Principal& who, const auth::Actor& actor,
                                           std::int64_t id, const Json& body) {
  if (!is_editor(who)) return fail(Error::forbidden());
  core::JsonFields f(body);
  auto to = f.str("status", true, 20);
  auto when = f.str("scheduled_at", false, 40);
  if (to && std::find(statuses().begin(), statuses().end(), *to) == statuses().end())
    f.add("status",
          "The status is one of draft, in_review, scheduled, published, unpublished, archived.");
  std::optional<core::Timestamp> at;
  if (when) {
    at = core::parse_rfc3339(*when);
    if (!at) f.add("scheduled_at", "Give the time as RFC 3339, e.g. 2026-06-07T16:54:00+05:00.");
  }
  if (to && *to == "scheduled" && !when) f.add("scheduled_at", "Say when to publish.");
  if (auto s = f.finish("The status change"); !s) return fail(s.error());
  bool public_change = false;
  auto r = db_.write([&](storage::Tx& tx) -> core::Result<Article> {
    auto before = store::article(tx, id);
    if (!before) return fail(Error::not_found("No article has id " + std::to_string(id) + "."));
    Article a = *before;
    const std::string& from = a.status;
    const auto& moves = workflow();
    auto m = std::find_if(moves.begin(), moves.end(),
                          [&](const Move& m) { return from == m.from && *to == m.to; });
    if (m == moves.end()) {
      if ((*to == "published" || *to == "scheduled") && !is_chief(who))
        return fail(Error::forbidden(
            "Publishing needs a chief editor's approval: submit the article for review."));
      return fail(Error::conflict("An article cannot go from " + from + " to " + *to + "."));
    }
    if (m->chief && !is_chief(who))
      return fail(Error::forbidden("Only a chief editor may move an article from " + from + " to " +
                                   *to + "."));
    auto now = core::now_us();
    if (*to == "scheduled") {
      if (*at <= now)
        return fail(Error::invalid("The status change is not valid.",
                                   {{"scheduled_at", "The time must be in the future."}}));
      a.scheduled_at = at;
      a.approved_by = who.login;
    } else if (*to == "published") {
      a.approved_by = who.login;
      a.scheduled_at.reset();
      if (!a.published_at) a.published_at = now;
    } else if (*to == "draft" || *to == "in_review") {
      a.scheduled_at.reset();
    }
    a.status = *to;
    a.updated_at = now;
    store::update_article(tx, a);
    index(tx, a);
    public_change = from == "published" || *to == "published";
    auth::audit(tx, actor, "portal_article." + *to, "portal_article", std::to_string(a.id),
                audit_view(*before), audit_view(a));
    return a;
  });
  if (r && public_change) changes_.changed();
  return r;
}

int Articles::publish_due(core::Timestamp now) {
  auto r = db_.write([&](storage::Tx& tx) -> core::Result<int> {
    // Servers sharing a database all run the scheduler: the lock lets one at a time look, and
    // the next sees the articles the first published no longer due, so each is published once.
    tx.lock(kSchedulerLock);
    auto due = store::due_for_publication(tx, now, 100);
    auth::Actor scheduler = auth::Actor::cli("scheduler");
    for (auto& a : due) {
      Article before = a;
      a.status = "published";
      if (!a.published_at) a.published_at = *a.scheduled_at;
      a.scheduled_at.reset();
      a.updated_at = now;
      store::update_article(tx, a);
      index(tx, a);
      auth::audit(tx, scheduler, "portal_article.published", "portal_article", std::to_string(a.id),
                  audit_view(before), audit_view(a));
    }
    return int(due.size());
  });
  int n = r ? *r : 0;
  if (n > 0) changes_.changed();
  return n;
}

core::Result<int> Articles::adopt_standard_slugs() {
  return db_.write([&](storage::Tx& tx) -> core::Result<int> {
    tx.lock(kSchedulerLock);  // servers starting together: one re-slugs, the next finds it done
    int changed = 0;
    for (const auto& row : store::slug_rows(tx)) {
      auto legacy = core::slugify_legacy(row.title);
      if (legacy.empty()) legacy = "article";
      bool made_by_old_rule = row.slug == legacy;
      if (!made_by_old_rule && row.slug.starts_with(legacy + "-")) {
        auto n = std::string_view(row.slug).substr(legacy.size() + 1);
        made_by_old_rule = !n.empty() && std::all_of(n.begin(), n.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
      }
      if (!made_by_old_rule) continue;
      auto slug = unique_slug(tx, row.lang, core::slugify(row.title, row.lang), row.id);
      if (slug == row.slug) continue;
      store::set_slug(tx, row.id, slug);
      store::add_slug_redirect(tx, row.lang, row.slug, row.id);
      ++changed;
    }
    for (const auto& row : store::slug_rows(tx))
      if (auto a = store::article(tx, row.id); a && a->status == "published") index(tx, *a);
    return changed;
  });
}

core::Result<Article> Articles::get(std::int64_t id) {
  auto a = db_.read([&](storage::Tx& tx) { return store::article(tx, id); });
  if (!a) return fail(Error::not_found("No article has id " + std::to_string(id) + "."));
  return *a;
}

std::vector<Article> Articles::list(const EditorQuery& q) {
  return db_.read([&](storage::Tx& tx) { return store::editor_page(tx, q); });
}

std::vector<Article> Articles::translations(const Article& a) {
  return db_.read(
      [&](storage::Tx& tx) { return store::group_members(tx, a.translation_group, a.id); });
}

std::vector<ArticleTitle> Articles::titles(int limit) {
  return db_.read([&](storage::Tx& tx) { return store::article_titles(tx, limit); });
}

core::Result<std::vector<Revision>> Articles::revisions(std::int64_t id) {
  return db_.read([&](storage::Tx& tx) -> core::Result<std::vector<Revision>> {
    if (!store::article(tx, id))
      return fail(Error::not_found("No article has id " + std::to_string(id) + "."));
    return store::revisions(tx, id);
  });
}

core::Result<RevisionDiff> Articles::diff(std::int64_t id, std::int64_t from, std::int64_t to) {
  auto revs = db_.read([&](storage::Tx& tx) { return store::revisions(tx, id); });
  auto find = [&](std::int64_t n) -> const Revision* {
    for (const auto& r : revs)
      if (r.revision == n) return &r;
    return nullptr;
  };
  const Revision *a = find(from), *b = find(to);
  if (!a || !b)
    return fail(Error::not_found("No such revision of article " + std::to_string(id) + "."));
  return RevisionDiff{*a,
                      *b,
                      line_diff(a->title, b->title),
                      line_diff(a->lead, b->lead),
                      line_diff(a->body, b->body),
                      line_diff(a->tags, b->tags)};
}

}  // namespace qorgan::portal
