#include "portal/page_models.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "core/text.hpp"
#include "core/time.hpp"
#include "portal/i18n.hpp"
#include "portal/text.hpp"

namespace qorgan::portal {

using core::Json;
using core::url_encode;

namespace {

const Json& link_labels() {
  static const Json l{
      {"telegram", "Telegram"},      {"youtube", "YouTube"},   {"x", "X"},
      {"instagram", "Instagram"},    {"facebook", "Facebook"}, {"app_store", "App Store"},
      {"google_play", "Google Play"}};
  return l;
}

// JSON for a <script type="application/ld+json"> block: no "<", ">" or "&" can close it.
std::string script_json(const Json& j) {
  std::string s = j.dump(), out;
  for (char c : s) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

// The networks' and stores' marks, drawn for this site as 24×24 inline SVG in the text colour (no
// request to another host, no inline style for the CSP to refuse); the link's text names them.
const std::map<std::string, std::string>& link_icons() {
  static const std::map<std::string, std::string> paths{
      {"telegram",
       "M2.5 11.3 20.6 4.2c.8-.3 1.6.2 1.3 1.4l-3.1 14.5c-.2 1-.9 1.3-1.7.8l-4.7-3.5-2.3 "
       "2.2c-.3.3-.5.4-.9.4l.3-4.8 8.7-7.9c.4-.3-.1-.5-.6-.2L7.5 13.9l-4.6-1.4c-1-.3-1-1 .2-1.5z"},
      {"youtube",
       "M6 5h12a4 4 0 0 1 4 4v6a4 4 0 0 1-4 4H6a4 4 0 0 1-4-4V9a4 4 0 0 1 4-4zm4 3.5v7l6-3.5z"},
      {"x", "M3.5 3.5h5l4 5.6 4.8-5.6h2.2l-6 7 7 9.5h-5l-4.3-6-5.2 6H3.8l6.5-7.6z"},
      {"instagram",
       "M7 2.5h10A4.5 4.5 0 0 1 21.5 7v10a4.5 4.5 0 0 1-4.5 4.5H7A4.5 4.5 0 0 1 2.5 17V7A4.5 4.5 0 "
       "0 1 7 2.5zm0 2A2.5 2.5 0 0 0 4.5 7v10A2.5 2.5 0 0 0 7 19.5h10a2.5 2.5 0 0 0 2.5-2.5V7A2.5 "
       "2.5 0 0 0 17 4.5zm5 3a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9zm0 2a2.5 2.5 0 1 0 0 5 2.5 2.5 0 "
       "0 0 0-5zm5.3-3.5a1.2 1.2 0 1 1 0 2.4 1.2 1.2 0 0 1 0-2.4z"},
      {"facebook",
       "M12 2a10 10 0 0 0-1.6 19.9v-7H7.9V12h2.5V9.8c0-2.5 1.5-3.9 3.8-3.9 1.1 0 2.2.2 "
       "2.2.2v2.5h-1.3c-1.2 0-1.6.8-1.6 1.6V12h2.8l-.4 2.9h-2.4v7A10 10 0 0 0 12 2z"},
      {"app_store",
       "M6 2.5h12A3.5 3.5 0 0 1 21.5 6v12a3.5 3.5 0 0 1-3.5 3.5H6A3.5 3.5 0 0 1 2.5 18V6A3.5 3.5 0 "
       "0 1 6 2.5zm5.1 4.2-4.6 8h-2v1.8h11v-1.8H8.6l3.4-5.9zm2.4 3.7-1 1.8 3.3 5.8h2.1z"},
      {"whatsapp",
       "M12 2.5a9.5 9.5 0 0 0-8.2 14.3L2.5 21.5l4.8-1.3A9.5 9.5 0 1 0 12 2.5zm0 1.8a7.7 7.7 0 1 "
       "1-3.9 14.3l-.3-.2-2.8.8.8-2.7-.2-.3A7.7 7.7 0 0 1 12 4.3zm-3 3.8c-.3 0-.6.1-.8.4-.3.3-1 "
       "1-1 2.4s1 2.8 1.2 3c.1.2 2 3.2 5 4.3 2.4.9 2.9.8 3.4.7.5-.1 1.7-.7 "
       "1.9-1.4.2-.7.2-1.2.2-1.4-.1-.1-.3-.2-.6-.4l-1.9-.9c-.3-.1-.5-.1-.7.1l-.9 "
       "1.1c-.2.2-.3.2-.6.1-.3-.1-1.2-.4-2.2-1.4-.8-.7-1.4-1.6-1.5-1.9-.2-.3 "
       "0-.4.1-.6l.4-.5.3-.5c.1-.2 0-.4 0-.5l-.9-2.1c-.2-.5-.4-.5-.6-.5z"},
      {"email",
       "M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 2.2V17h16V7.2l-8 "
       "5.6zM5.6 7 12 11.5 18.4 7z"},
      {"google_play",
       "M4 2.8c-.3.3-.5.7-.5 1.2v16c0 .5.2.9.5 1.2l9.1-9.2zm10.2 8.1 2.7-2.7L6.2 2.2zm0 2.2-8 8.7 "
       "10.7-6zm1.1-1.1 3 1.7c.9.5.9 1.3 0 1.8l-3-1.7-.1-1.8z"}};
  return paths;
}

// The mark of `kind` as an inline SVG hidden from screen readers (the link's words name it).
std::string icon_svg(const std::string& kind) {
  auto it = link_icons().find(kind);
  if (it == link_icons().end()) return "";
  return R"(<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" fill-rule="evenodd" d=")" +
         it->second + R"("/></svg>)";
}

Json links_model(const std::vector<SiteSettings::Link>& links, const char* kind) {
  Json out = Json::array();
  for (const auto& l : links) {
    Json j{{kind, l.kind}, {"label", link_labels().value(l.kind, "")}, {"url", l.url}};
    if (auto icon = icon_svg(l.kind); !icon.empty()) j["icon"] = icon;
    out.push_back(std::move(j));
  }
  return out;
}

Json cards(const PageContext& c, const std::vector<Article>& list) {
  Json items = Json::array();
  for (const auto& a : list) items.push_back(card_model(c, a));
  return items;
}

// "Load more": the page after `next`, which the page's script also fetches to append its cards.
void more_links(Json& d, const std::string& path, const std::optional<std::string>& next) {
  if (!next) return;
  d["more_url"] = path + "?cursor=" + url_encode(*next);
}

}  // namespace

std::string site_origin(const SiteSettings& s, const std::string& configured) {
  std::string base = s.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base.empty() ? configured : base;
}

Json base_model(const PageContext& c, const std::string& path) {
  const auto& lang = c.lang;
  const auto& s = c.settings;
  Json d;
  d["lang"] = lang;
  d["t"] = ui_strings(lang);
  d["site_name"] = s.site_name.in(lang);
  d["home_url"] = "/" + lang;
  d["search_url"] = "/" + lang + "/search";
  d["canonical"] = c.origin + path;
  d["origin"] = c.origin;
  d["rss_url"] = "/" + lang + "/rss.xml";
  d["atom_url"] = "/" + lang + "/atom.xml";
  Json nav = Json::array();
  for (const auto& cat : c.categories)
    nav.push_back({{"slug", cat.slug},
                   {"name", cat.name(lang)},
                   {"url", "/" + lang + "/" + cat.slug},
                   {"current", path.starts_with("/" + lang + "/" + cat.slug)}});
  d["nav"] = nav;
  Json langs = Json::array();
  for (const auto& l : languages())
    langs.push_back({{"code", l},
                     {"label", ui_strings(l)["language_name"]},
                     {"url", "/" + l},
                     {"current", l == lang}});
  d["languages"] = langs;
  d["alternates"] = Json::array();
  d["social"] = links_model(s.social, "network");
  d["has_social"] = !s.social.empty();
  d["apps"] = links_model(s.apps, "store");
  d["has_apps"] = !s.apps.empty();
  Json promos = Json::array();
  for (const auto& p : s.promos)
    promos.push_back(
        {{"title", p.title.in(lang)}, {"text", p.text.in(lang)}, {"url", p.url.in(lang)}});
  d["promos"] = promos;
  d["has_promos"] = !promos.empty();
  d["copyright"] = s.copyright.in(lang);
  d["reuse_notice"] = s.reuse_notice.in(lang);
  d["year"] = core::format_rfc3339(core::now_us()).substr(0, 4);
  d["og_type"] = "website";
  d["tz"] = s.time_zone;
  Json banners = Json::array();
  for (const auto& a : c.alerts)
    banners.push_back({{"lang", a.lang},
                       {"mark", a.mark},
                       {"headline", a.headline},
                       {"instruction", a.instruction},
                       {"url", a.url},
                       {"severity", a.severity}});
  d["alert_banners"] = banners;
  d["has_alert_banners"] = !c.alerts.empty();
  return d;
}

Json card_model(const PageContext& c, const Article& a) {
  const auto& lang = c.lang;
  Json j{{"url", a.path()}, {"title", a.title}, {"lead", a.lead}, {"id", a.id}};
  if (a.published_at) {
    j["date"] = format_local(*a.published_at, lang, c.settings.time_zone);
    j["date_iso"] = format_iso_local(*a.published_at, c.settings.time_zone);
  }
  for (const auto& cat : c.categories)
    if (cat.id == a.category_id) {
      j["category_name"] = cat.name(lang);
      j["category_url"] = "/" + lang + "/" + cat.slug;
    }
  if (!a.images.empty()) j["image"] = {{"src", a.images[0]["src"]}, {"alt", a.images[0]["alt"]}};
  j["views"] = views_label(a.views, lang);
  return j;
}

Json front_model(const PageContext& c, const FrontPage& f) {
  Json d = category_model(c, std::nullopt, f.latest);
  const auto& items = f.latest.items;
  if (items.empty()) return d;
  auto top = std::ranges::find_if(items, [](const Article& a) { return !a.images.empty(); });
  if (top == items.end()) top = items.begin();
  std::vector<std::int64_t> shown{top->id};
  Json secondary = Json::array();
  for (const auto& a : items) {
    if (a.id == top->id) continue;
    if (secondary.size() == 4) break;
    secondary.push_back(card_model(c, a));
    shown.push_back(a.id);
  }
  d["top"] = card_model(c, *top);
  d["has_secondary"] = !secondary.empty();
  d["secondary"] = secondary;
  Json most = Json::array();
  for (const auto& a : f.most_read) most.push_back(card_model(c, a));
  d["most_read"] = most;
  d["has_most_read"] = !most.empty();
  Json sections = Json::array();
  for (const auto& [cat, list] : f.sections) {
    Json cards_of = Json::array();
    for (const auto& a : list)
      if (std::ranges::find(shown, a.id) == shown.end() && cards_of.size() < 3)
        cards_of.push_back(card_model(c, a));
    if (cards_of.empty()) continue;
    sections.push_back(
        {{"name", cat.name(c.lang)}, {"url", "/" + c.lang + "/" + cat.slug}, {"items", cards_of}});
  }
  d["sections"] = sections;
  d["front"] = true;
  return d;
}

Json category_model(const PageContext& c, const std::optional<Category>& category,
                    const core::Page<Article>& page) {
  const auto& lang = c.lang;
  std::string suffix = category ? "/" + category->slug : "";
  std::string path = "/" + lang + suffix;
  Json d = base_model(c, path);
  d["items"] = cards(c, page.items);
  d["empty"] = page.items.empty();
  std::string latest = d["t"]["latest"];
  d["heading"] = category ? category->name(lang) : latest;
  d["description"] = category ? category->description(lang) : "";
  d["title"] = (category ? category->name(lang) + " — " : "") + d["site_name"].get<std::string>();
  d["meta_description"] = category ? category->description(lang) : latest;
  if (category) {
    d["rss_url"] = path + "/rss.xml";
    d["atom_url"] = path + "/atom.xml";
  }
  more_links(d, path, page.next_cursor);
  for (const auto& l : languages())
    d["alternates"].push_back({{"lang", l}, {"url", c.origin + "/" + l + suffix}});
  for (auto& l : d["languages"]) l["url"] = "/" + l["code"].get<std::string>() + suffix;
  return d;
}

Json tag_model(const PageContext& c, const std::string& tag, const core::Page<Article>& page) {
  std::string path = "/" + c.lang + "/tag/" + url_encode(tag);
  Json d = base_model(c, path);
  d["items"] = cards(c, page.items);
  d["empty"] = page.items.empty();
  d["heading"] = "#" + tag;
  d["title"] = "#" + tag + " — " + d["site_name"].get<std::string>();
  more_links(d, path, page.next_cursor);
  return d;
}

Json article_model(const PageContext& c, const Article& a, const std::optional<Category>& category,
                   const std::vector<Article>& related, const std::vector<Article>& translations) {
  const auto& lang = c.lang;
  const auto& tz = c.settings.time_zone;
  Json d = base_model(c, a.path());
  d["article"] = {{"id", a.id},
                  {"title", a.title},
                  {"lead", a.lead},
                  {"author", a.author},
                  {"body_html", render_markdown(a.body)},
                  {"views", views_label(a.views, lang)},
                  {"url", a.path()}};
  if (a.published_at) {
    d["article"]["date"] = format_local(*a.published_at, lang, tz);
    d["article"]["date_iso"] = format_iso_local(*a.published_at, tz);
  }
  if (category) {
    d["category"] = {{"name", category->name(lang)},
                     {"description", category->description(lang)},
                     {"url", "/" + lang + "/" + category->slug}};
  }
  Json images = Json::array();
  for (const auto& img : a.images) images.push_back(img);
  d["article"]["images"] = images;
  Json tags = Json::array();
  for (const auto& t : a.tags)
    tags.push_back({{"name", t}, {"url", "/" + lang + "/tag/" + url_encode(t)}});
  d["article"]["tags"] = tags;
  d["article"]["has_tags"] = !tags.empty();
  d["related"] = cards(c, related);
  d["has_related"] = !related.empty();
  // Language switch: the translation when there is one, else that language's home.
  const std::string& org = c.origin;
  d["alternates"].push_back({{"lang", lang}, {"url", org + a.path()}});
  Json also = Json::array();
  for (auto& l : d["languages"]) {
    std::string code = l["code"];
    for (const auto& t : translations)
      if (t.lang == code) {
        l["url"] = t.path();
        l["translation"] = true;
        d["alternates"].push_back({{"lang", code}, {"url", org + t.path()}});
        also.push_back(
            {{"label", ui_strings(code)["language_name"]}, {"url", t.path()}, {"lang", code}});
      }
    if (code == lang) l["url"] = a.path();
  }
  d["also"] = also;
  d["has_also"] = !also.empty();
  std::string url = org + a.path();
  std::string enc = url_encode(url), title_enc = url_encode(a.title);
  d["share"] = {{"url", url}};
  // Each network with its mark and, for screen readers, what the link does ("Share on X").
  const Json& t = ui_strings(lang);
  Json share_links = Json::array();
  for (auto [network, label, href] :
       std::initializer_list<std::tuple<std::string, std::string, std::string>>{
           {"telegram", "Telegram", "https://t.me/share/url?url=" + enc + "&text=" + title_enc},
           {"whatsapp", "WhatsApp", "https://wa.me/?text=" + title_enc + "%20" + enc},
           {"x", "X", "https://x.com/intent/post?url=" + enc + "&text=" + title_enc},
           {"facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + enc},
           {"email", t.value("email", "E-mail"), "mailto:?subject=" + title_enc + "&body=" + enc}})
    share_links.push_back({{"network", network},
                           {"label", label},
                           {"url", href},
                           {"aria", fmt::format(fmt::runtime(t.value("share_on", "{}")), label)},
                           {"external", network != "email"},
                           {"icon", icon_svg(network)}});
  d["share_links"] = share_links;
  d["title"] = a.title + " — " + d["site_name"].get<std::string>();
  d["meta_description"] = a.lead;
  d["og_type"] = "article";
  d["og_title"] = a.title;
  if (!a.images.empty()) {
    std::string src = a.images[0]["src"];
    d["og_image"] = src.starts_with("/") ? org + src : src;
  }
  Json ld{{"@context", "https://schema.org"},
          {"@type", "NewsArticle"},
          {"headline", a.title},
          {"description", a.lead},
          {"inLanguage", lang},
          {"mainEntityOfPage", url},
          {"author", {{"@type", "Person"}, {"name", a.author}}},
          {"publisher", {{"@type", "Organization"}, {"name", d["site_name"]}}}};
  if (a.published_at) ld["datePublished"] = format_iso_local(*a.published_at, tz);
  ld["dateModified"] = format_iso_local(a.updated_at, tz);
  if (d.contains("og_image")) ld["image"] = Json::array({d["og_image"]});
  d["jsonld"] = script_json(ld);
  return d;
}

Json search_model(const PageContext& c, const SearchQuery& q,
                  const std::optional<std::vector<Article>>& found, const std::string& from,
                  const std::string& to) {
  Json d = base_model(c, "/" + c.lang + "/search");
  Json items = Json::array();
  if (found) {
    for (const auto& a : *found) {
      Json card = card_model(c, a);
      card["snippet"] = highlight_snippet(a.lead + "\n" + plain_text(a.body), q.q);
      card["title_html"] = highlight_snippet(a.title, q.q, 400);
      items.push_back(card);
    }
    d["searched"] = true;
  }
  Json options = Json::array();
  for (const auto& cat : c.categories)
    options.push_back({{"slug", cat.slug},
                       {"name", cat.name(c.lang)},
                       {"selected", q.category && *q.category == cat.slug}});
  d["category_options"] = options;
  d["q"] = q.q;
  d["from"] = from;
  d["to"] = to;
  d["items"] = items;
  d["empty"] = items.empty();
  d["title"] = d["t"]["search"].get<std::string>() + " — " + d["site_name"].get<std::string>();
  d["noindex"] = true;
  for (auto& l : d["languages"])
    l["url"] = "/" + l["code"].get<std::string>() + "/search?q=" + url_encode(q.q);
  return d;
}

Json offline_model(const PageContext& c) {
  Json d = base_model(c, "/" + c.lang + "/offline");
  d["title"] =
      d["t"]["offline_title"].get<std::string>() + " — " + d["site_name"].get<std::string>();
  d["noindex"] = true;
  for (auto& l : d["languages"]) l["url"] = "/" + l["code"].get<std::string>() + "/offline";
  return d;
}

Json not_found_model(const PageContext& c, const std::string& path) {
  Json d = base_model(c, path);
  d["title"] = d["t"]["not_found"];
  d["noindex"] = true;
  return d;
}

}  // namespace qorgan::portal
