#pragma once
// Photographs on the acts: what an upload must be (JPEG, PNG or WebP by its magic bytes, at most
// 5 MB and the portal's pixel budget, at most 20 an act) and how it is kept (the bytes as sent,
// and for JPEG and PNG a JPEG thumbnail). Checked and decoded before the act's transaction, so
// that a refused photo refuses the act and stores nothing.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "requisition/model.hpp"
#include "storage/database.hpp"

namespace qorgan::requisition {

inline constexpr std::size_t kMaxPhotoBytes = 5 * 1024 * 1024;
inline constexpr int kMaxPhotosPerAct = 20;
inline constexpr int kThumbWidth = 320;

// "image/jpeg", "image/png", "image/webp", or empty for anything else.
std::string photo_type(std::string_view bytes);

struct PreparedPhoto {
  std::string name, mime, data, thumb;  // thumb: empty for WebP
  int width = 0, height = 0;
};
// Checks every upload; the first refusal is an `invalid` error on "photos" (or "photos[i]").
core::Result<std::vector<PreparedPhoto>> prepare_photos(std::vector<Upload> uploads);
// Stores the prepared photos of `act` (inside the act's transaction).
std::vector<Photo> store_photos(storage::Tx& tx, const Act& act, std::vector<PreparedPhoto>& ps,
                                const std::string& by);

// A picture as a data: URI, for pages whose policy loads nothing from elsewhere (the printed act,
// the owner's page).
std::string data_uri(const std::string& mime, std::string_view bytes);

}  // namespace qorgan::requisition
