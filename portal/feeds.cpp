#include "portal/feeds.hpp"

#include "core/escape.hpp"

#include <algorithm>
#include <map>

#include "portal/text.hpp"

namespace qorgan::portal {

using core::xml_escape;

std::string atom_feed(const FeedInfo& f, const std::string& origin,
                      const std::vector<Article>& rows) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" + f.lang + "\">\n";
  x += "<title>" + xml_escape(f.title) + "</title>\n<id>" + xml_escape(f.self_url) + "</id>\n";
  x += "<link rel=\"self\" href=\"" + xml_escape(f.self_url) + "\"/>\n<link href=\"" +
       xml_escape(f.page_url) + "\"/>\n";
  x += "<updated>" +
       core::format_rfc3339(rows.empty() ? f.updated_when_empty : *rows.front().published_at) +
       "</updated>\n";
  for (const auto& a : rows) {
    std::string u = origin + a.path();
    x += "<entry>\n<title>" + xml_escape(a.title) + "</title>\n<id>" + xml_escape(u) + "</id>\n";
    x += "<link href=\"" + xml_escape(u) + "\"/>\n<published>" +
         core::format_rfc3339(*a.published_at) + "</published>\n<updated>" +
         core::format_rfc3339(std::max(a.updated_at, *a.published_at)) + "</updated>\n";
    x += "<author><name>" + xml_escape(a.author.empty() ? f.site_name : a.author) +
         "</name></author>\n";
    x += "<summary>" + xml_escape(a.lead) + "</summary>\n";
    x += "<content type=\"html\">" + xml_escape(render_markdown(a.body)) + "</content>\n</entry>\n";
  }
  x += "</feed>\n";
  return x;
}

std::string rss_feed(const FeedInfo& f, const std::string& origin,
                     const std::vector<Article>& rows) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n";
  x += "<title>" + xml_escape(f.title) + "</title>\n<link>" + xml_escape(f.page_url) + "</link>\n";
  x += "<description>" + xml_escape(f.description) + "</description>\n";
  x += "<language>" + f.lang + "</language>\n";
  x += "<atom:link href=\"" + xml_escape(f.self_url) +
       "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  for (const auto& a : rows) {
    std::string u = origin + a.path();
    x += "<item>\n<title>" + xml_escape(a.title) + "</title>\n<link>" + xml_escape(u) + "</link>\n";
    x += "<guid isPermaLink=\"true\">" + xml_escape(u) + "</guid>\n";
    x += "<pubDate>" + core::format_rfc822(*a.published_at) + "</pubDate>\n";
    x += "<category>" + xml_escape(a.category_slug) + "</category>\n";
    x += "<description>" + xml_escape(a.lead) + "</description>\n</item>\n";
  }
  x += "</channel>\n</rss>\n";
  return x;
}

std::string sitemap_xml(const std::string& org, const std::vector<Article>& all) {
  std::map<std::int64_t, std::vector<const Article*>> groups;
  for (const auto& a : all) groups[a.translation_group].push_back(&a);
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  for (const auto& l : languages()) {
    x += "<url><loc>" + xml_escape(org + "/" + l) + "</loc>";
    for (const auto& o : languages())
      x += "<xhtml:link rel=\"alternate\" hreflang=\"" + o + "\" href=\"" +
           xml_escape(org + "/" + o) + "\"/>";
    x += "</url>\n";
  }
  for (const auto& a : all) {
    x += "<url><loc>" + xml_escape(org + a.path()) + "</loc><lastmod>" +
         core::format_rfc3339(std::max(a.updated_at, *a.published_at)) + "</lastmod>";
    const auto& g = groups[a.translation_group];
    if (g.size() > 1)
      for (const auto* t : g)
        x += "<xhtml:link rel=\"alternate\" hreflang=\"" + t->lang + "\" href=\"" +
             xml_escape(org + t->path()) + "\"/>";
    x += "</url>\n";
  }
  x += "</urlset>\n";
  return x;
}

std::string robots_txt(const std::string& origin) {
  return "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /console/\nDisallow: "
         "/*/search\n\nSitemap: " +
         origin + "/sitemap.xml\n";
}

}  // namespace qorgan::portal
