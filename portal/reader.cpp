#include "portal/reader.hpp"

#include <charconv>

#include "core/text.hpp"
#include "portal/portal_store.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

using core::Error;
using core::fail;

namespace {

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

std::optional<core::Timestamp> day_bound(const core::Date& day, bool end, std::string_view tz) {
  auto t = parse_local(core::format_date(day) + (end ? "T23:59" : "T00:00"), tz);
  if (t && end) *t += 59'000'000;
  return t;
}

core::Result<core::Page<Article>> Reader::public_list(const PublicQuery& q) {
  if (q.cursor && !parse_cursor(*q.cursor))
    return fail(Error::invalid("The list query is not valid.",
                               {{"cursor", "This cursor is not one the server gave."}}));
  return published(q);
}

core::Page<Article> Reader::published(const PublicQuery& q) {
  store::PublishedFilter f;
  f.lang = q.lang;
  f.category = q.category;
  if (q.tag) f.tag = core::fold(*q.tag);
  if (q.cursor) f.after = parse_cursor(*q.cursor);
  f.limit = q.limit + 1;
  core::Page<Article> page{db_.read([&](storage::Tx& tx) { return store::published_page(tx, f); }),
                           std::nullopt};
  if (int(page.items.size()) > q.limit) {
    page.items.pop_back();
    const auto& last = page.items.back();
    page.next_cursor = std::to_string(*last.published_at) + "." + std::to_string(last.id);
  }
  return page;
}

std::optional<Article> Reader::published_by_id(std::int64_t id) {
  auto a = db_.read([&](storage::Tx& tx) { return store::article(tx, id); });
  if (!a || a->status != "published") return std::nullopt;
  return a;
}

std::optional<Article> Reader::moved_from(const std::string& lang, const std::string& old_slug) {
  auto a = db_.read([&](storage::Tx& tx) -> std::optional<Article> {
    auto id = store::slug_redirect(tx, lang, old_slug);
    if (!id) return std::nullopt;
    return store::article(tx, *id);
  });
  if (!a || a->status != "published" || a->lang != lang) return std::nullopt;
  return a;
}

std::optional<Article> Reader::published_by_slug(const std::string& lang, const std::string& slug) {
  auto a = db_.read([&](storage::Tx& tx) { return store::article_by_slug(tx, lang, slug); });
  if (!a || a->status != "published") return std::nullopt;
  return a;
}

std::vector<Article> Reader::translations(const Article& a) {
  return db_.read(
      [&](storage::Tx& tx) { return store::translations_of(tx, a.translation_group, a.id); });
}

std::vector<Article> Reader::related(const Article& a, int limit) {
  return db_.read([&](storage::Tx& tx) { return store::related_to(tx, a, limit); });
}

std::vector<Article> Reader::search(const SearchQuery& q) {
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
    f.prefix_last = q.prefix_last;
    auto rows = store::articles_by_ids(tx, index_.search(tx, q.q, f));
    std::erase_if(rows, [](const Article& a) { return a.status != "published"; });
    return rows;
  });
}

std::vector<Article> Reader::most_read(const std::string& lang, int days, int limit) {
  auto since =
      core::format_rfc3339(core::now_us() - std::int64_t(days - 1) * 86'400'000'000).substr(0, 10);
  return db_.read([&](storage::Tx& tx) { return store::most_read(tx, lang, since, limit); });
}

std::vector<Article> Reader::all_published() {
  return db_.read([](storage::Tx& tx) { return store::all_published(tx, 50000); });
}

}  // namespace qorgan::portal
