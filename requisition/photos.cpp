// Requisitions: photographs on the taking and return acts.
#include "requisition/photos.hpp"

#include <mutex>

#include "auth/audit.hpp"
#include "core/base64_text.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "portal/image.hpp"
#include "requisition/access.hpp"
#include "requisition/requisition_json.hpp"
#include "requisition/requisition_store.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

using core::Error;
using core::fail;

namespace {

Error refused(std::string field, std::string message) {
  return Error::invalid("The photo was not accepted.", {{std::move(field), std::move(message)}});
}

std::uint32_t le(std::string_view b, size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + size_t(i)]);
  return v;
}

// A WebP's size from its first chunk (lossy VP8, lossless VP8L or extended VP8X), or nullopt
// when the header does not hold together.
std::optional<portal::ImageSize> webp_size(std::string_view b) {
  if (b.size() < 30) return std::nullopt;
  auto chunk = b.substr(12, 4);
  if (chunk == "VP8 " && static_cast<unsigned char>(b[23]) == 0x9d &&
      static_cast<unsigned char>(b[24]) == 0x01 && static_cast<unsigned char>(b[25]) == 0x2a)
    return portal::ImageSize{int(le(b, 26, 2) & 0x3fff), int(le(b, 28, 2) & 0x3fff)};
  if (chunk == "VP8L" && static_cast<unsigned char>(b[20]) == 0x2f) {
    std::uint32_t bits = le(b, 21, 4);
    return portal::ImageSize{int((bits & 0x3fff) + 1), int(((bits >> 14) & 0x3fff) + 1)};
  }
  if (chunk == "VP8X") return portal::ImageSize{int(le(b, 24, 3) + 1), int(le(b, 27, 3) + 1)};
  return std::nullopt;
}

// Decoding is what costs memory (3 bytes a pixel): one photo at a time.
std::mutex decoding;

}  // namespace

std::string photo_type(std::string_view bytes) {
  if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP")
    return "image/webp";
  auto mime = portal::sniff_image(bytes);
  return mime == "image/jpeg" || mime == "image/png" ? mime : std::string();
}

core::Result<std::vector<PreparedPhoto>> prepare_photos(std::vector<Upload> uploads) {
  if (uploads.size() > size_t(kMaxPhotosPerAct))
    return fail(refused("photos", "At most 20 photos an act."));
  std::vector<PreparedPhoto> out;
  for (size_t i = 0; i < uploads.size(); ++i) {
    auto& u = uploads[i];
    const std::string field = uploads.size() == 1 ? "photos" : "photos[" + std::to_string(i) + "]";
    std::string name = core::trim(u.name);
    if (name.empty()) name = "photo-" + std::to_string(i + 1);
    if (name.size() > 200 || name.find('/') != std::string::npos ||
        name.find('\\') != std::string::npos)
      return fail(refused(field, "must be a file name of at most 200 bytes without '/'"));
    if (u.bytes.empty()) return fail(refused(field, "The file is empty."));
    if (u.bytes.size() > kMaxPhotoBytes)
      return fail(refused(field, "The photo is larger than 5 MB."));
    auto mime = photo_type(u.bytes);
    if (mime.empty())
      return fail(
          refused(field, "Only JPEG, PNG and WebP photos are accepted (by their content)."));
    if (!u.claimed.empty() && u.claimed != "application/octet-stream" && u.claimed != mime)
      return fail(refused(field, "The file is " + mime + ", not " + u.claimed + "."));
    PreparedPhoto p;
    p.name = std::move(name);
    p.mime = mime;
    if (mime == "image/webp") {
      auto size = webp_size(u.bytes);
      if (!size || size->width <= 0 || size->height <= 0)
        return fail(refused(field, "The image is damaged: its size cannot be read."));
      if (size->width > portal::kMaxImageSide || size->height > portal::kMaxImageSide ||
          std::int64_t(size->width) * size->height > portal::kMaxImagePixels)
        return fail(refused(field, "The image has too many pixels."));
      p.width = size->width;
      p.height = size->height;
    } else {
      auto size = portal::image_size(u.bytes);
      if (!size) return fail(refused(field, "The image is damaged or has too many pixels."));
      std::optional<std::vector<portal::Rendition>> thumb;
      {
        std::lock_guard lock(decoding);
        thumb = portal::renditions(u.bytes, {kThumbWidth});
      }
      if (!thumb || thumb->empty())
        return fail(refused(field, "The image is damaged: it cannot be decoded."));
      p.width = size->width;
      p.height = size->height;
      p.thumb = std::move((*thumb)[0].jpeg);
    }
    p.data = std::move(u.bytes);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Photo> store_photos(storage::Tx& tx, const Act& act, std::vector<PreparedPhoto>& ps,
                                const std::string& by) {
  std::vector<Photo> out;
  for (auto& p : ps) {
    Photo x;
    x.item_id = act.item_id;
    x.act_id = act.id;
    x.act_kind = act.kind;
    x.key = core::random_token(18);
    x.name = p.name;
    x.mime = p.mime;
    x.bytes = std::int64_t(p.data.size());
    x.width = p.width;
    x.height = p.height;
    x.thumb = !p.thumb.empty();
    x.recorded_by = by;
    x.recorded_at = core::now_us();
    x.id = store::insert_photo(tx, x, p.data, p.thumb);
    out.push_back(std::move(x));
  }
  return out;
}

core::Result<std::vector<Photo>> Requisitions::add_photos(const auth::Principal& who,
                                                          const auth::Actor& actor,
                                                          std::int64_t item_id,
                                                          const std::string& act_kind,
                                                          std::vector<Upload> uploads) {
  if (!who.in(kOfficers)) return fail(Error::forbidden("You may not record acts."));
  if (act_kind != "taking" && act_kind != "return")
    return fail(
        Error::invalid("The photo was not accepted.", {{"act", "must be one of: taking, return"}}));
  auto prepared = prepare_photos(std::move(uploads));
  if (!prepared) return fail(prepared.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<std::vector<Photo>> {
    auto i = writable_item(tx, who, item_id);
    if (!i) return fail(i.error());
    auto act = store::act(tx, item_id, act_kind);
    if (!act)
      return fail(Error::conflict(act_kind == "taking" ? "The item has not been taken yet."
                                                       : "The item has not been returned yet."));
    if (store::photo_count(tx, act->id) + std::int64_t(prepared->size()) > kMaxPhotosPerAct)
      return fail(Error::conflict("An act has at most 20 photos."));
    auto stored = store_photos(tx, *act, *prepared, who.login);
    core::Json added = core::Json::array();
    for (const auto& p : stored) added.push_back(to_json(p));
    auth::audit(tx, actor, "requisition_item.photos", "requisition_item", std::to_string(item_id),
                nullptr, {{"act", act_kind}, {"photos", added}});
    return stored;
  });
}

core::Result<std::pair<Photo, std::string>> Requisitions::photo_file(const auth::Principal& who,
                                                                     const std::string& key,
                                                                     bool thumb) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see requisitions."));
  auto missing = Error::not_found("No such photo.");
  if (key.empty() || key.size() > 64) return fail(missing);
  return db_.read([&](storage::Tx& tx) -> core::Result<std::pair<Photo, std::string>> {
    auto f = store::photo_file(tx, key, thumb);
    if (!f) return fail(missing);
    auto i = store::item(tx, f->first.item_id);
    if (!i || !i->region_path.starts_with(*prefix)) return fail(missing);
    if (thumb && f->first.thumb) f->first.mime = "image/jpeg";
    return std::move(*f);
  });
}

std::string data_uri(const std::string& mime, std::string_view bytes) {
  std::string out = "data:" + mime + ";base64,";
  core::append_base64(out, bytes, core::Base64::padded);
  return out;
}

}  // namespace qorgan::requisition
