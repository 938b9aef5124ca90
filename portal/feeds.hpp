#pragma once
// The portal's machine-readable files: RSS 2.0 and Atom feeds of a language or a category, the
// sitemap with each article's translations, and robots.txt. Text in, text out: the page
// handlers fetch the articles and serve the result.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "portal/model.hpp"

namespace qorgan::portal {

struct FeedInfo {
  std::string lang;
  std::string title;        // the site's name, with the category's when there is one
  std::string description;  // RSS: the category's description, else the site's name
  std::string site_name;    // Atom: the author of articles without one
  std::string page_url;     // the page the feed follows
  std::string self_url;     // the feed's own address
  core::Timestamp updated_when_empty = 0;
};

// `articles` are published, newest first; `origin` prefixes their paths.
std::string rss_feed(const FeedInfo& f, const std::string& origin,
                     const std::vector<Article>& articles);
std::string atom_feed(const FeedInfo& f, const std::string& origin,
                      const std::vector<Article>& articles);
// Every language's home and every published article, with hreflang links between translations.
std::string sitemap_xml(const std::string& origin, const std::vector<Article>& published);
std::string robots_txt(const std::string& origin);

}  // namespace qorgan::portal
