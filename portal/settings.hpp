#pragma once
// The site's settings, set by administrators: base URL, time zone, site name and footer texts in
// each language, social and app-store links, promo slots. Stored as one JSON value per key;
// keys never set read as their defaults.
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "portal/changes.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

// A text in each site language.
struct Localized {
  std::string kk, ru, en;
  const std::string& in(std::string_view lang) const {
    return lang == "kk" ? kk : lang == "ru" ? ru : en;
  }
};

// The settings as pages read them.
struct SiteSettings {
  struct Link {
    std::string kind;  // a social network ("telegram", …) or an app store ("app_store", …)
    std::string url;
  };
  struct Promo {
    Localized url;  // each language's reader goes to the page in their language
    Localized title, text;
  };
  std::string base_url;   // "" when the site answers on whatever host it is asked for
  std::string time_zone;  // IANA name: the server's configured zone, not an editors' setting
  Localized site_name, copyright, reuse_notice;
  std::vector<Link> social, apps;
  std::vector<Promo> promos;
};

class Settings {
 public:
  Settings(storage::Database& db, Changes& changes) : db_(db), changes_(changes) {}

  // The zone public pages and the editor show times in: the one the console and printed
  // documents use (`time_zone` of the configuration), so that no page disagrees with another.
  void set_time_zone(std::string zone) { time_zone_ = std::move(zone); }

  // Every setting, defaults filled in, as the editors' API shows them.
  core::Json document();
  SiteSettings site();
  // Replaces the keys present in `body`; only administrators.
  core::Result<core::Json> update(const auth::Principal& who, const auth::Actor& actor,
                                  const core::Json& body);

 private:
  storage::Database& db_;
  Changes& changes_;
  std::string time_zone_ = "Asia/Almaty";
};

}  // namespace qorgan::portal
