#pragma once
// The data the public pages' templates read, built from the portal's typed values. Nothing here
// sees a request: pages.cpp reads it and hands in the site's origin, the page's path and what
// the reader asked for.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/paging.hpp"
#include "core/time.hpp"
#include "portal/model.hpp"
#include "portal/settings.hpp"

namespace qorgan::portal {

// An active public alert as every page's banner shows it, in the page's language (or another
// when the alert is not written in it). `mark` says "exercise" or "test" in that language.
// `expires`: when the banner must leave every page, cached ones included.
struct AlertBanner {
  std::string lang, mark, headline, instruction, url, severity;
  core::Timestamp expires = 0;
};

// Where and for whom a page is rendered.
struct PageContext {
  std::string lang;
  std::string origin;  // "https://host", no trailing slash
  SiteSettings settings;
  std::vector<Category> categories;
  std::vector<AlertBanner> alerts;
};

// The site's address: the editors' base_url setting, else the configured one.
std::string site_origin(const SiteSettings& s, const std::string& configured);

// What every page's layout reads: site name, navigation, languages, footer links, the time zone
// ("tz"); `path` is the page's own.
core::Json base_model(const PageContext& c, const std::string& path);
// An article in a list.
core::Json card_model(const PageContext& c, const Article& a);
// The home page (no `category`) or a category's page.
core::Json category_model(const PageContext& c, const std::optional<Category>& category,
                          const core::Page<Article>& page);
// What the front page shows beside the latest list: the week's most read and, per section, its
// newest stories.
struct FrontPage {
  core::Page<Article> latest;
  std::vector<Article> most_read;
  std::vector<std::pair<Category, std::vector<Article>>> sections;
};
// The home page: the lead story (the newest with a picture, else the newest), the four after it,
// the most read of the week, a block per section without the stories above, then the latest list
// that "more" continues (as `category_model` for no category).
core::Json front_model(const PageContext& c, const FrontPage& f);
core::Json tag_model(const PageContext& c, const std::string& tag, const core::Page<Article>& page);
core::Json article_model(const PageContext& c, const Article& a,
                         const std::optional<Category>& category,
                         const std::vector<Article>& related,
                         const std::vector<Article>& translations);
// `from` and `to` as the reader typed them; `found` is nullopt when nothing was searched.
core::Json search_model(const PageContext& c, const SearchQuery& q,
                        const std::optional<std::vector<Article>>& found, const std::string& from,
                        const std::string& to);
// The offline page (served by the service worker); its script lists the saved articles.
core::Json offline_model(const PageContext& c);
core::Json not_found_model(const PageContext& c, const std::string& path);

}  // namespace qorgan::portal
