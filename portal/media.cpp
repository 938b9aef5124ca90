#include "portal/media.hpp"

#include <sodium.h>
#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <stb/stb_image_write.h>

#include <cstring>
#include <memory>

#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace qorgan::portal {

using core::Error;
using core::fail;
using core::Json;

namespace {

std::string b64(std::string_view in) {
  std::string out(sodium_base64_encoded_len(in.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(in.data()),
                    in.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string unb64(const std::string& in) {
  std::string out(in.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(),
                        in.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return {};
  out.resize(len);
  return out;
}

struct Variant {
  std::string data;
  int w = 0, h = 0;
};

Variant jpeg_variant(const unsigned char* rgb, int w, int h, int max_w) {
  int nw = std::min(w, max_w);
  int nh = std::max(1, int(std::int64_t(h) * nw / w));
  std::vector<unsigned char> buf(size_t(nw) * nh * 3);
  if (nw == w) {
    buf.assign(rgb, rgb + size_t(w) * h * 3);
  } else {
    stbir_resize_uint8(rgb, w, h, 0, buf.data(), nw, nh, 0, 3);
  }
  Variant v{{}, nw, nh};
  stbi_write_jpg_to_func(
      [](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
      },
      &v.data, nw, nh, 3, buf.data(), 82);
  return v;
}

}  // namespace

std::string sniff_image(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  return {};
}

core::Result<Json> upload_media(storage::Database& db, const auth::Principal& who,
                                const auth::Actor& actor, std::string_view bytes,
                                const std::string& alt_in, const std::string& caption) {
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
  int w = 0, h = 0, n = 0;
  if (!stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()), &w,
                             &h, &n) ||
      w <= 0 || h <= 0 || w > 8000 || h > 8000)
    return fail(
        Error::invalid("The image was not accepted.",
                       {{"file", "The image is damaged or larger than 8000×8000 pixels."}}));
  std::unique_ptr<stbi_uc, void (*)(void*)> rgb(
      stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()), &w,
                            &h, &n, 3),
      stbi_image_free);
  if (!rgb)
    return fail(
        Error::invalid("The image was not accepted.", {{"file", "The image cannot be decoded."}}));
  auto large = jpeg_variant(rgb.get(), w, h, 1200);
  auto thumb = jpeg_variant(rgb.get(), w, h, 400);
  return db.write([&](storage::Tx& tx) -> core::Result<Json> {
    auto now = core::now_us();
    auto id =
        tx.one(
              "INSERT INTO portal_media (mime, width, height, alt, caption, bytes, created_by, "
              "created_at) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
              {mime, w, h, alt, core::trim(caption), std::int64_t(bytes.size()), who.login, now})
            .i64(0);
    auto put = [&](const char* variant, const std::string& m, int vw, int vh,
                   std::string_view data) {
      tx.exec(
          "INSERT INTO portal_media_variants (media_id, variant, mime, width, height, data) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {id, variant, m, vw, vh, b64(data)});
    };
    put("original", mime, w, h, bytes);
    put("large", "image/jpeg", large.w, large.h, large.data);
    put("thumb", "image/jpeg", thumb.w, thumb.h, thumb.data);
    Json j{{"id", id},
           {"mime", mime},
           {"width", w},
           {"height", h},
           {"alt", alt},
           {"caption", core::trim(caption)},
           {"bytes", bytes.size()},
           {"variants",
            {{"original", "/media/" + std::to_string(id) + "/original"},
             {"large", "/media/" + std::to_string(id) + "/large"},
             {"thumb", "/media/" + std::to_string(id) + "/thumb"}}}};
    auth::audit(
        tx, actor, "portal_media.upload", "portal_media", std::to_string(id), nullptr,
        {{"mime", mime}, {"width", w}, {"height", h}, {"alt", alt}, {"bytes", bytes.size()}});
    return j;
  });
}

void mount_media(http::Router& router, const auth::Guard& guard, Portal& portal) {
  using auth::Role;
  router.add("POST", "/api/v1/editor/media",
             guard.api({Role::editor, Role::chief_editor, Role::admin},
                       [&portal](http::Request& req, const auth::Principal& who) {
                         auto r =
                             upload_media(portal.db(), who, auth::Actor::of(who, req.request_id),
                                          req.body, req.query_param("alt").value_or(""),
                                          req.query_param("caption").value_or(""));
                         if (!r) return http::problem(r.error(), req.request_id);
                         return http::Response::json(*r, 201);
                       }));
  router.add(
      "GET", "/api/v1/editor/media",
      guard.api({Role::editor, Role::chief_editor, Role::admin},
                [&portal](http::Request&, const auth::Principal&) {
                  Json items = Json::array();
                  portal.db().read([&](storage::Tx& tx) {
                    for (const auto& r : tx.query("SELECT id, mime, width, height, alt, caption "
                                                  "FROM portal_media ORDER BY id DESC LIMIT 200"))
                      items.push_back({{"id", r.i64(0)},
                                       {"mime", r.str(1)},
                                       {"width", r.i64(2)},
                                       {"height", r.i64(3)},
                                       {"alt", r.str(4)},
                                       {"caption", r.str(5)},
                                       {"src", "/media/" + std::to_string(r.i64(0)) + "/large"}});
                  });
                  return http::Response::json({{"items", items}});
                }));
  router.add("GET", "/media/{id:id}/{variant}", [&portal](http::Request& req) {
    const auto& variant = req.params["variant"];
    auto row = portal.db().read([&](storage::Tx& tx) {
      return tx.maybe(
          "SELECT mime, data FROM portal_media_variants WHERE media_id = $1 AND variant = $2",
          {req.id(), variant});
    });
    if (!row) return http::problem(core::Error::not_found("No such image."), req.request_id);
    auto r = http::Response::text(unb64(row->str(1)), row->str(0));
    r.header("Cache-Control", "public, max-age=31536000, immutable");
    return r;
  });
}

}  // namespace qorgan::portal
