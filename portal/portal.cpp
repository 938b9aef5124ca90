#include "portal/portal.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "portal/portal_store.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

using auth::Role;
using core::Error;
using core::fail;
using core::Json;

namespace {

bool is_editor(const auth::Principal& p) {
  return p.is(Role::editor) || p.is(Role::chief_editor) || p.is(Role::admin);
}
bool is_chief(const auth::Principal& p) {
  return p.is(Role::chief_editor) || p.is(Role::admin);
}

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

const std::vector<std::string>& statuses() {
  static const std::vector<std::string> s{"draft",     "in_review",   "scheduled",
                                          "published", "unpublished", "archived"};
  return s;
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

}  // namespace

Json Category::json() const {
  return {
      {"id", id},
      {"slug", slug},
      {"position", position},
      {"name", {{"kk", name_kk}, {"ru", name_ru}, {"en", name_en}}},
      {"description", {{"kk", description_kk}, {"ru", description_ru}, {"en", description_en}}}};
}

Json Article::json() const {
  Json j = public_json(true);
  j["status"] = status;
  j["scheduled_at"] = scheduled_at ? Json(core::format_rfc3339(*scheduled_at)) : Json();
  j["approved_by"] = approved_by ? Json(*approved_by) : Json();
  j["revision"] = revision;
  j["created_by"] = created_by;
  j["created_at"] = core::format_rfc3339(created_at);
  j["updated_at"] = core::format_rfc3339(updated_at);
  j["body_markdown"] = body;
  return j;
}

Json Article::public_json(bool with_body) const {
  Json j{{"id", id},
         {"lang", lang},
         {"translation_group", translation_group},
         {"slug", slug},
         {"url", path()},
         {"category", category_slug},
         {"category_id", category_id},
         {"title", title},
         {"lead", lead},
         {"author", author},
         {"tags", tags},
         {"images", images},
         {"views", views},
         {"published_at", published_at ? Json(core::format_rfc3339(*published_at)) : Json()}};
  if (with_body) j["body_html"] = render_markdown(body);
  return j;
}

Json Revision::json(bool with_text) const {
  Json j{{"revision", revision},
         {"title", title},
         {"status", status},
         {"author", author_login},
         {"at", core::format_rfc3339(at)}};
  if (with_text) {
    j["lead"] = lead;
    j["body"] = body;
    j["tags"] = tags;
  }
  return j;
}

Portal::Portal(storage::Database& db) : db_(db), index_(SearchIndex::for_engine(db.engine())) {
  last_change_ = core::now_us();
}

Portal::~Portal() {
  stop();
}

void Portal::on_change(std::function<void()> listener) {
  std::lock_guard lock(listeners_mu_);
  listeners_.push_back(std::move(listener));
}

void Portal::changed() {
  last_change_ = core::now_us();
  std::vector<std::function<void()>> copy;
  {
    std::lock_guard lock(listeners_mu_);
    copy = listeners_;
  }
  for (auto& f : copy) f();
}

void Portal::index(storage::Tx& tx, const Article& a) {
  if (a.status != "published" || !a.published_at) {
    index_->remove(tx, a.id);
    return;
  }
  std::string text = a.title + "\n" + a.lead + "\n" + plain_text(a.body);
  for (const auto& t : a.tags) text += "\n" + t;
  for (const auto& img : a.images)
    if (img.contains("caption") && img["caption"].is_string())
      text += "\n" + img["caption"].get<std::string>();
  index_->put(tx, {a.id, a.lang, a.category_id, *a.published_at, text});
}

// ---- categories -----------------------------------------------------------------------------

std::vector<Category> Portal::categories() {
  return db_.read([](storage::Tx& tx) { return store::categories(tx); });
}

std::optional<Category> Portal::category_by_slug(const std::string& slug) {
  return db_.read([&](storage::Tx& tx) { return store::category_by_slug(tx, slug); });
}

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

core::Result<Category> Portal::create_category(const auth::Principal& who, const auth::Actor& actor,
                                               const Json& body) {
  if (!is_editor(who)) return fail(Error::forbidden());
  Category c;
  if (auto s = read_category(body, c, true); !s) return fail(s.error());
  auto r = db_.write([&](storage::Tx& tx) -> core::Result<Category> {
    if (store::category_by_slug(tx, c.slug))
      return fail(Error::conflict("A category with this slug exists."));
    c.id = store::insert_category(tx, c, core::now_us());
    auth::audit(tx, actor, "portal_category.create", "portal_category", std::to_string(c.id),
                nullptr, c.json());
    return c;
  });
  if (r) changed();
  return r;
}

core::Result<Category> Portal::update_category(const auth::Principal& who, const auth::Actor& actor,
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
                before->json(), c.json());
    return c;
  });
  if (r) changed();
  return r;
}

// ---- articles ---------------------------------------------------------------------------------

namespace {

struct ArticleInput {
  std::optional<std::string> lang, title, lead, body, author, slug, category;
  std::optional<std::int64_t> category_id, translation_of;
  std::optional<Json> images;
  std::optional<std::vector<std::string>> tags;
};

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
      std::string src = img.value("src", std::string());
      if (img.contains("media_id") && img["media_id"].is_number_integer())
        src = "/media/" + std::to_string(img["media_id"].get<std::int64_t>()) + "/large";
      bool local = src.starts_with("/media/") || src.starts_with("/static/");
      if (!local && !src.starts_with("https://"))
        f.add(at + ".src", "An image is a /media/ path or an https:// URL.");
      std::string alt = img.contains("alt") && img["alt"].is_string()
                            ? core::trim(img["alt"].get<std::string>())
                            : "";
      if (alt.empty()) f.add(at + ".alt", "Describe the image for readers who cannot see it.");
      std::string caption = img.contains("caption") && img["caption"].is_string()
                                ? img["caption"].get<std::string>()
                                : "";
      out.push_back({{"src", src}, {"alt", alt}, {"caption", core::trim(caption)}});
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

core::Result<Article> Portal::create_article(const auth::Principal& who, const auth::Actor& actor,
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
      auto same = store::articles_where(tx, "a.translation_group = $1 AND a.lang = $2",
                                        {a.translation_group, a.lang}, "");
      if (!same.empty())
        return fail(Error::conflict("This article already has a translation in " + a.lang + "."));
    }
    a.slug = unique_slug(tx, a.lang, core::slugify(in->slug ? *in->slug : a.title), 0);
    a.status = "draft";
    a.created_by = who.login;
    a.created_at = a.updated_at = core::now_us();
    a.id = store::insert_article(tx, a);
    if (a.translation_group == 0) a.translation_group = a.id;
    store::set_tags(tx, a.id, a.tags);
    store::insert_revision(tx, a, who.login, a.created_at);
    auth::audit(tx, actor, "portal_article.create", "portal_article", std::to_string(a.id), nullptr,
                audit_view(a));
    return a;
  });
}

core::Result<Article> Portal::update_article(const auth::Principal& who, const auth::Actor& actor,
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
    if (in->slug) a.slug = unique_slug(tx, a.lang, core::slugify(*in->slug), a.id);
    if (in->translation_of) {
      auto other = store::article(tx, *in->translation_of);
      if (!other)
        return fail(
            Error::invalid("The article is not valid.", {{"translation_of", "No such article."}}));
      auto same =
          store::articles_where(tx, "a.translation_group = $1 AND a.lang = $2 AND a.id <> $3",
                                {other->translation_group, a.lang, a.id}, "");
      if (!same.empty())
        return fail(Error::conflict("That article already has a translation in " + a.lang + "."));
      a.translation_group = other->translation_group;
    }
    a.revision += 1;
    a.updated_at = core::now_us();
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
  if (r && public_change) changed();
  return r;
}

std::vector<std::string> Portal::next_statuses(const std::string& from,
                                               const auth::Principal& who) {
  std::vector<std::string> out;
  for (const auto& m : workflow())
    if (from == m.from && (!m.chief || is_chief(who))) out.push_back(m.to);
  return out;
}

bool Portal::may_publish(const auth::Principal& who) {
  return is_chief(who);
}

core::Result<Article> Portal::transition(const auth::Principal& who, const auth::Actor& actor,
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
  if (r && public_change) changed();
  return r;
}

int Portal::publish_due(core::Timestamp now) {
  auto r = db_.write([&](storage::Tx& tx) -> core::Result<int> {
    auto due = store::articles_where(tx, "a.status = 'scheduled' AND a.scheduled_at <= $1", {now},
                                     "ORDER BY a.scheduled_at, a.id LIMIT 100");
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
  if (n > 0) changed();
  return n;
}

void Portal::start() {
  std::lock_guard lock(mu_);
  if (scheduler_.joinable()) return;
  stopping_ = false;
  scheduler_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      // Wakes at least every half second: a scheduled article appears within that of its time.
      cv_.wait_for(lock, std::chrono::milliseconds(500));
      if (stopping_) break;
      lock.unlock();
      try {
        publish_due(core::now_us());
      } catch (const std::exception&) {
        // A database outage: try again on the next tick.
      }
      lock.lock();
    }
  });
}

void Portal::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
}

core::Result<Article> Portal::get_article(std::int64_t id) {
  auto a = db_.read([&](storage::Tx& tx) { return store::article(tx, id); });
  if (!a) return fail(Error::not_found("No article has id " + std::to_string(id) + "."));
  return *a;
}

Json Portal::editor_list(const std::optional<std::string>& status,
                         const std::optional<std::string>& lang, int limit, int offset) {
  return db_.read([&](storage::Tx& tx) {
    std::string where = "1 = 1";
    storage::Params p;
    if (status) {
      p.push_back(*status);
      where += " AND a.status = $" + std::to_string(p.size());
    }
    if (lang) {
      p.push_back(*lang);
      where += " AND a.lang = $" + std::to_string(p.size());
    }
    p.push_back(std::int64_t(limit));
    std::string tail = "ORDER BY a.updated_at DESC, a.id DESC LIMIT $" + std::to_string(p.size());
    p.push_back(std::int64_t(offset));
    tail += " OFFSET $" + std::to_string(p.size());
    Json items = Json::array();
    for (const auto& a : store::articles_where(tx, where, p, tail)) {
      Json j = a.public_json(false);
      j["status"] = a.status;
      j["revision"] = a.revision;
      j["scheduled_at"] = a.scheduled_at ? Json(core::format_rfc3339(*a.scheduled_at)) : Json();
      items.push_back(std::move(j));
    }
    return Json{{"items", items}};
  });
}

core::Result<Json> Portal::revisions(std::int64_t id) {
  return db_.read([&](storage::Tx& tx) -> core::Result<Json> {
    if (!store::article(tx, id))
      return fail(Error::not_found("No article has id " + std::to_string(id) + "."));
    Json items = Json::array();
    for (const auto& r : store::revisions(tx, id)) items.push_back(r.json(false));
    return Json{{"items", items}};
  });
}

core::Result<Json> Portal::diff(std::int64_t id, std::int64_t from, std::int64_t to) {
  return db_.read([&](storage::Tx& tx) -> core::Result<Json> {
    auto revs = store::revisions(tx, id);
    auto find = [&](std::int64_t n) -> const Revision* {
      for (const auto& r : revs)
        if (r.revision == n) return &r;
      return nullptr;
    };
    const Revision *a = find(from), *b = find(to);
    if (!a || !b)
      return fail(Error::not_found("No such revision of article " + std::to_string(id) + "."));
    return Json{{"from", a->json(false)},
                {"to", b->json(false)},
                {"title", line_diff(a->title, b->title)},
                {"lead", line_diff(a->lead, b->lead)},
                {"body", line_diff(a->body, b->body)},
                {"tags", line_diff(a->tags, b->tags)}};
  });
}

// ---- public read model --------------------------------------------------------------------------

namespace {

// The cursor is "<published_at>.<id>" of the last article served; pages continue after it.
std::optional<std::pair<core::Timestamp, std::int64_t>> parse_cursor(const std::string& c) {
  auto dot = c.find('.');
  if (dot == std::string::npos) return std::nullopt;
  std::int64_t t = 0, id = 0;
  auto r1 = std::from_chars(c.data(), c.data() + dot, t);
  auto r2 = std::from_chars(c.data() + dot + 1, c.data() + c.size(), id);
  if (r1.ec != std::errc() || r1.ptr != c.data() + dot || r2.ec != std::errc() ||
      r2.ptr != c.data() + c.size())
    return std::nullopt;
  return std::pair{t, id};
}

}  // namespace

std::vector<Article> Portal::published(const PublicQuery& q, std::optional<std::string>* next) {
  return db_.read([&](storage::Tx& tx) {
    std::string where = "a.status = 'published'";
    storage::Params p;
    auto add = [&](const std::string& cond, storage::Value v) {
      p.push_back(std::move(v));
      where += " AND " + cond + std::to_string(p.size());
    };
    if (q.lang) add("a.lang = $", *q.lang);
    if (q.category) add("c.slug = $", *q.category);
    if (q.tag)
      add("a.id IN (SELECT article_id FROM portal_article_tags WHERE tag = $", core::fold(*q.tag)),
          where += ")";
    if (q.cursor) {
      if (auto c = parse_cursor(*q.cursor)) {
        p.push_back(c->first);
        auto n = std::to_string(p.size());
        p.push_back(c->second);
        auto m = std::to_string(p.size());
        where += " AND (a.published_at < $" + n + " OR (a.published_at = $" + n + " AND a.id < $" +
                 m + "))";
      }
    }
    p.push_back(std::int64_t(q.limit + 1));
    auto rows = store::articles_where(
        tx, where, p, "ORDER BY a.published_at DESC, a.id DESC LIMIT $" + std::to_string(p.size()));
    if (next) next->reset();
    if (int(rows.size()) > q.limit) {
      rows.pop_back();
      if (next)
        *next = std::to_string(*rows.back().published_at) + "." + std::to_string(rows.back().id);
    }
    return rows;
  });
}

core::Result<Json> Portal::public_list(const PublicQuery& q) {
  if (q.cursor && !parse_cursor(*q.cursor))
    return fail(Error::invalid("The list query is not valid.",
                               {{"cursor", "This cursor is not one the server gave."}}));
  std::optional<std::string> next;
  auto rows = published(q, &next);
  Json items = Json::array();
  for (const auto& a : rows) items.push_back(a.public_json(false));
  return Json{{"items", items}, {"next_cursor", next ? Json(*next) : Json()}};
}

std::optional<Article> Portal::published_by_id(std::int64_t id) {
  auto a = db_.read([&](storage::Tx& tx) { return store::article(tx, id); });
  if (!a || a->status != "published") return std::nullopt;
  return a;
}

std::optional<Article> Portal::published_by_slug(const std::string& lang, const std::string& slug) {
  auto a = db_.read([&](storage::Tx& tx) { return store::article_by_slug(tx, lang, slug); });
  if (!a || a->status != "published") return std::nullopt;
  return a;
}

std::vector<Article> Portal::translations(const Article& a) {
  return db_.read([&](storage::Tx& tx) {
    return store::articles_where(
        tx, "a.translation_group = $1 AND a.status = 'published' AND a.id <> $2",
        {a.translation_group, a.id}, "ORDER BY a.lang");
  });
}

std::vector<Article> Portal::related(const Article& a, int limit) {
  return db_.read([&](storage::Tx& tx) {
    // Same language; articles sharing tags first, then the newest of the same category.
    return store::articles_where(
        tx,
        "a.status = 'published' AND a.lang = $1 AND a.id <> $2 AND (a.category_id = $3 OR a.id IN "
        "(SELECT t.article_id FROM portal_article_tags t JOIN portal_article_tags m ON m.tag = "
        "t.tag "
        "WHERE m.article_id = $2))",
        {a.lang, a.id, a.category_id, std::int64_t(limit)},
        "ORDER BY (SELECT COUNT(*) FROM portal_article_tags t JOIN portal_article_tags m ON m.tag "
        "= t.tag "
        "WHERE m.article_id = $2 AND t.article_id = a.id) DESC, a.published_at DESC LIMIT $4");
  });
}

std::vector<Article> Portal::search(const SearchQuery& q) {
  return db_.read([&](storage::Tx& tx) {
    SearchFilter f;
    f.lang = q.lang;
    if (q.category) {
      auto c = store::category_by_slug(tx, *q.category);
      if (!c) return std::vector<Article>{};
      f.category_id = c->id;
    }
    f.from = q.from;
    f.to = q.to;
    f.limit = q.limit;
    f.offset = q.offset;
    auto ids = index_->search(tx, q.q, f);
    auto rows = store::by_ids(tx, ids);
    std::erase_if(rows, [](const Article& a) { return a.status != "published"; });
    return rows;
  });
}

std::vector<Article> Portal::all_published() {
  return db_.read([&](storage::Tx& tx) {
    return store::articles_where(tx, "a.status = 'published'", {},
                                 "ORDER BY a.published_at DESC, a.id DESC LIMIT 50000");
  });
}

void Portal::add_views(const std::vector<std::pair<std::int64_t, std::int64_t>>& counts) {
  if (counts.empty()) return;
  (void)db_.write([&](storage::Tx& tx) -> core::Status {
    for (auto [id, n] : counts)
      tx.exec(
          "UPDATE portal_articles SET views = views + CAST($1 AS BIGINT) WHERE id = $2 AND status "
          "= 'published'",
          {n, id});
    return {};
  });
}

// ---- settings -----------------------------------------------------------------------------------

Json Portal::settings() {
  Json s{{"base_url", ""},
         {"site_name", {{"kk", "Qorgan"}, {"ru", "Qorgan"}, {"en", "Qorgan"}}},
         {"copyright", {{"kk", "Qorgan"}, {"ru", "Qorgan"}, {"en", "Qorgan"}}},
         {"reuse_notice", {{"kk", ""}, {"ru", ""}, {"en", ""}}},
         {"social", Json::array()},
         {"apps", Json::array()},
         {"promos", Json::array()},
         {"time_zone", "Asia/Almaty"}};
  db_.read([&](storage::Tx& tx) {
    for (const auto& r : tx.query("SELECT key, value FROM portal_settings")) {
      auto v = Json::parse(r.str(1), nullptr, false);
      if (!v.is_discarded() && s.contains(r.str(0))) s[r.str(0)] = v;
    }
  });
  return s;
}

core::Result<Json> Portal::update_settings(const auth::Principal& who, const auth::Actor& actor,
                                           const Json& body) {
  if (!who.is(Role::admin))
    return fail(Error::forbidden("Only an administrator changes the site's settings."));
  Json current = settings();
  std::vector<core::FieldError> errors;
  static const std::set<std::string> networks{"telegram", "youtube", "x", "instagram", "facebook"};
  static const std::set<std::string> stores{"app_store", "google_play"};
  auto url_ok = [](const Json& u) {
    return u.is_string() &&
           (u.get<std::string>().starts_with("https://") || u.get<std::string>().starts_with("/"));
  };
  for (auto it = body.begin(); it != body.end(); ++it) {
    const auto& k = it.key();
    const Json& v = it.value();
    if (!current.contains(k)) {
      errors.push_back({k, "Unknown setting."});
      continue;
    }
    if (k == "base_url" || k == "time_zone") {
      if (!v.is_string()) errors.push_back({k, "A string."});
    } else if (k == "site_name" || k == "copyright" || k == "reuse_notice") {
      if (!v.is_object())
        errors.push_back({k, "An object with kk, ru and en texts."});
      else
        for (const auto& l : languages())
          if (!v.contains(l) || !v[l].is_string())
            errors.push_back({k + "." + l, "Give the text in " + l + "."});
    } else if (k == "social" || k == "apps") {
      if (!v.is_array())
        errors.push_back({k, "A list."});
      else
        for (size_t i = 0; i < v.size(); ++i) {
          const auto& e = v[i];
          std::string key = k == "social" ? "network" : "store";
          const auto& allowed = k == "social" ? networks : stores;
          if (!e.is_object() || !e.contains(key) || !e[key].is_string() ||
              !allowed.contains(e[key].get<std::string>()))
            errors.push_back(
                {k + "[" + std::to_string(i) + "]." + key, "Not a known " + key + "."});
          else if (!e.contains("url") || !url_ok(e["url"]))
            errors.push_back({k + "[" + std::to_string(i) + "].url", "An https:// address."});
        }
    } else if (k == "promos") {
      if (!v.is_array())
        errors.push_back({k, "A list."});
      else
        for (size_t i = 0; i < v.size(); ++i)
          if (!v[i].is_object() || !v[i].contains("url") || !url_ok(v[i]["url"]) ||
              !v[i].contains("title") || !v[i]["title"].is_object())
            errors.push_back(
                {"promos[" + std::to_string(i) + "]", "A promo has url and title {kk, ru, en}."});
    }
  }
  if (!errors.empty()) return fail(Error::invalid("The settings are not valid.", errors));
  auto r = db_.write([&](storage::Tx& tx) -> core::Result<Json> {
    Json after = current;
    for (auto it = body.begin(); it != body.end(); ++it) {
      tx.exec("DELETE FROM portal_settings WHERE key = $1", {it.key()});
      tx.exec("INSERT INTO portal_settings (key, value, updated_at) VALUES ($1, $2, $3)",
              {it.key(), it.value().dump(), core::now_us()});
      after[it.key()] = it.value();
    }
    auth::audit(tx, actor, "portal_settings.update", "portal_settings", "site", current, after);
    return after;
  });
  if (r) changed();
  return r;
}

}  // namespace qorgan::portal
