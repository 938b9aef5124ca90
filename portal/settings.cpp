#include "portal/settings.hpp"

#include <set>

#include "auth/audit.hpp"
#include "core/time.hpp"
#include "portal/model.hpp"
#include "portal/portal_store.hpp"

namespace qorgan::portal {

using auth::Role;
using core::Error;
using core::fail;
using core::Json;

namespace {

// A stored text: the language's entry of an object, or a plain string for every language.
std::string text_in(const Json& obj, const std::string& lang) {
  if (obj.is_object() && obj.contains(lang) && obj[lang].is_string()) return obj[lang];
  if (obj.is_string()) return obj;
  return {};
}

Localized localized(const Json& obj) {
  return {text_in(obj, "kk"), text_in(obj, "ru"), text_in(obj, "en")};
}

std::string string_of(const Json& v) {
  return v.is_string() ? v.get<std::string>() : std::string();
}

std::vector<SiteSettings::Link> links(const Json& list, const char* kind) {
  std::vector<SiteSettings::Link> out;
  if (!list.is_array()) return out;
  for (const auto& e : list)
    if (e.is_object())
      out.push_back({string_of(e.value(kind, Json())), string_of(e.value("url", Json()))});
  return out;
}

// A promo's target in each language: an object {kk, ru, en}, or one address; a site path in one
// language ("/en/notices") becomes the same page in each ("/kk/notices", "/ru/notices").
Localized promo_urls(const Json& url) {
  if (url.is_object()) return localized(url);
  std::string u = string_of(url);
  Localized out{u, u, u};
  for (const auto& from : languages()) {
    std::string prefix = "/" + from;
    if (u == prefix || u.starts_with(prefix + "/") || u.starts_with(prefix + "?")) {
      auto rest = u.substr(prefix.size());
      out = {"/kk" + rest, "/ru" + rest, "/en" + rest};
    }
  }
  return out;
}

}  // namespace

Json Settings::document() {
  Json s{{"base_url", ""},
         {"site_name", {{"kk", "Qorgan"}, {"ru", "Qorgan"}, {"en", "Qorgan"}}},
         {"copyright", {{"kk", "Qorgan"}, {"ru", "Qorgan"}, {"en", "Qorgan"}}},
         {"reuse_notice", {{"kk", ""}, {"ru", ""}, {"en", ""}}},
         {"social", Json::array()},
         {"apps", Json::array()},
         {"promos", Json::array()}};
  for (const auto& [key, value] :
       db_.read([](storage::Tx& tx) { return store::settings_rows(tx); })) {
    auto v = Json::parse(value, nullptr, false);
    if (!v.is_discarded() && s.contains(key)) s[key] = v;
  }
  return s;
}

core::Result<Json> Settings::update(const auth::Principal& who, const auth::Actor& actor,
                                    const Json& body) {
  if (!who.is(Role::admin))
    return fail(Error::forbidden("Only an administrator changes the site's settings."));
  Json current = document();
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
    if (k == "base_url") {
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
        for (size_t i = 0; i < v.size(); ++i) {
          std::string at = "promos[" + std::to_string(i) + "]";
          if (!v[i].is_object() || !v[i].contains("url") || !v[i].contains("title") ||
              !v[i]["title"].is_object()) {
            errors.push_back({at, "A promo has url and title {kk, ru, en}."});
            continue;
          }
          const Json& url = v[i]["url"];
          if (url.is_object()) {
            for (const auto& l : languages())
              if (!url.contains(l) || !url_ok(url[l]))
                errors.push_back(
                    {at + ".url." + l, "The address for " + l + " readers: https://… or a /path."});
          } else if (!url_ok(url)) {
            errors.push_back(
                {at + ".url",
                 "An https://… address or a /path, or one per language {kk, ru, en}."});
          }
        }
    }
  }
  if (!errors.empty()) return fail(Error::invalid("The settings are not valid.", errors));
  auto r = db_.write([&](storage::Tx& tx) -> core::Result<Json> {
    Json after = current;
    for (auto it = body.begin(); it != body.end(); ++it) {
      store::put_setting(tx, it.key(), it.value().dump(), core::now_us());
      after[it.key()] = it.value();
    }
    auth::audit(tx, actor, "portal_settings.update", "portal_settings", "site", current, after);
    return after;
  });
  if (r) changes_.changed();
  return r;
}

SiteSettings Settings::site() {
  Json s = document();
  SiteSettings out;
  out.base_url = string_of(s["base_url"]);
  out.time_zone = time_zone_;
  out.site_name = localized(s["site_name"]);
  out.copyright = localized(s["copyright"]);
  out.reuse_notice = localized(s["reuse_notice"]);
  out.social = links(s["social"], "network");
  out.apps = links(s["apps"], "store");
  if (s["promos"].is_array())
    for (const auto& p : s["promos"])
      if (p.is_object())
        out.promos.push_back({promo_urls(p.value("url", Json())),
                              localized(p.value("title", Json())),
                              localized(p.value("text", Json()))});
  return out;
}

}  // namespace qorgan::portal
