#include "portal/media.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "portal/media_store.hpp"
#include "portal/portal_store.hpp"
#include "portal/roles.hpp"

namespace qorgan::portal {

using core::Error;
using core::fail;
using core::Json;

std::string media_path(std::string_view key, std::string_view variant) {
  return "/media/" + std::string(key) + "/" + std::string(variant);
}

namespace {

constexpr std::string_view kMediaPrefix = "/media/";

bool key_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
         c == '_';
}

}  // namespace

std::vector<std::int64_t> link_media(storage::Tx& tx, std::string& text) {
  std::vector<std::int64_t> ids;
  if (text.find(kMediaPrefix) == std::string::npos) return ids;
  std::string out;
  size_t pos = 0;
  for (size_t at; (at = text.find(kMediaPrefix, pos)) != std::string::npos;) {
    size_t start = at + kMediaPrefix.size(), end = start;
    while (end < text.size() && key_char(text[end])) ++end;
    out.append(text, pos, start - pos);
    std::string_view name(text.data() + start, end - start);
    std::string replacement(name);
    if (end < text.size() && text[end] == '/' && !name.empty() && name.size() <= 64) {
      bool numeric = name.size() <= 18 &&
                     std::ranges::all_of(name, [](char c) { return c >= '0' && c <= '9'; });
      if (numeric) {
        std::int64_t id = std::stoll(std::string(name));
        if (auto key = store::media_key(tx, id)) {
          replacement = *key;
          ids.push_back(id);
        }
      } else if (auto id = store::media_id_by_key(tx, name)) {
        ids.push_back(*id);
      }
    }
    out += replacement;
    pos = end;
  }
  out.append(text, pos);
  text = std::move(out);
  std::ranges::sort(ids);
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<std::int64_t> link_article_media(storage::Tx& tx, Article& a) {
  std::vector<std::int64_t> ids = link_media(tx, a.body);
  for (auto& img : a.images)
    if (img.is_object() && img.contains("src") && img["src"].is_string()) {
      auto src = img["src"].get<std::string>();
      auto more = link_media(tx, src);
      img["src"] = src;
      ids.insert(ids.end(), more.begin(), more.end());
    }
  std::ranges::sort(ids);
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

core::Result<std::int64_t> key_legacy_media(storage::Database& db) {
  return db.write([](storage::Tx& tx) -> core::Result<std::int64_t> {
    std::int64_t changed = 0;
    for (auto id : store::articles_with_media(tx)) {
      auto a = store::article(tx, id);
      if (!a) continue;
      Article linked = *a;
      auto ids = link_article_media(tx, linked);
      store::set_media_uses(tx, id, ids);
      if (linked.body != a->body || linked.images != a->images) {
        store::update_article(tx, linked);
        ++changed;
      }
    }
    if (changed > 0)
      auth::audit(tx, auth::Actor::cli("migrate"), "portal_media.key_references", "portal_media",
                  "", nullptr, {{"articles", changed}});
    return changed;
  });
}

core::Result<MediaItem> Media::upload(const auth::Principal& who, const auth::Actor& actor,
                                      std::string_view bytes, const std::string& alt_in,
                                      const std::string& caption) {
  if (!is_editor(who)) return fail(Error::forbidden());
  std::vector<core::FieldError> errors;
  std::string alt = core::trim(alt_in);
  if (alt.empty()) errors.push_back({"alt", "Describe the image for readers who cannot see it."});
  if (alt.size() > 300) errors.push_back({"alt", "At most 300 characters."});
  if (caption.size() > 500) errors.push_back({"caption", "At most 500 characters."});
  if (bytes.size() > kMaxImageBytes)
    return fail(Error{core::ErrorCode::too_large, "An image may be at most 5 MB.", {}});
  auto mime = sniff_image(bytes);
  if (mime.empty()) errors.push_back({"file", "Upload a JPEG, PNG or GIF image."});
  if (!errors.empty()) return fail(Error::invalid("The image was not accepted.", errors));
  auto size = image_size(bytes);
  if (!size) return fail(size.error());
  // One decode at a time, and none waited for: a waiting upload would hold a server thread too.
  if (!decoding_.try_acquire())
    return fail(
        Error::too_many("Another image is being processed; try again in a few seconds.", 5));
  struct Release {
    std::binary_semaphore& s;
    ~Release() { s.release(); }
  } release{decoding_};
  auto variants = renditions(bytes, {1200, 400});
  if (!variants)
    return fail(
        Error::invalid("The image was not accepted.", {{"file", "The image cannot be decoded."}}));
  const Rendition& large = (*variants)[0];
  const Rendition& thumb = (*variants)[1];
  const int w = size->width, h = size->height;
  MediaItem m{
      0, core::random_token(16), mime, w, h, alt, core::trim(caption), std::int64_t(bytes.size())};
  return db_.write([&](storage::Tx& tx) -> core::Result<MediaItem> {
    m.id = store::insert_media(tx, m, who.login, core::now_us());
    store::insert_media_variant(tx, m.id, "original", mime, w, h, bytes);
    store::insert_media_variant(tx, m.id, "large", "image/jpeg", large.width, large.height,
                                large.jpeg);
    store::insert_media_variant(tx, m.id, "thumb", "image/jpeg", thumb.width, thumb.height,
                                thumb.jpeg);
    auth::audit(tx, actor, "portal_media.upload", "portal_media", std::to_string(m.id), nullptr,
                {{"key", m.key},
                 {"mime", mime},
                 {"width", w},
                 {"height", h},
                 {"alt", alt},
                 {"bytes", bytes.size()}});
    return m;
  });
}

std::vector<MediaItem> Media::recent(int limit) {
  return db_.read([&](storage::Tx& tx) { return store::recent_media(tx, limit); });
}

std::optional<MediaFile> Media::file(const std::string& key, const std::string& variant,
                                     bool editor) {
  auto f = db_.read([&](storage::Tx& tx) { return store::media_file(tx, key, variant); });
  if (f && !f->published && !editor) return std::nullopt;
  return f;
}

}  // namespace qorgan::portal
