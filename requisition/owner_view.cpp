// Requisitions: the owner's view, found by the code on the taking act and the owner's IIN/BIN.
#include "requisition/owner_code.hpp"
#include "requisition/requisition_store.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

namespace {

core::Error wrong_credentials() {
  return core::Error::not_found(
      "No taken property matches this code and IIN/BIN. Check both against the taking act.");
}

}  // namespace

std::optional<Item> Requisitions::owner_item(storage::Tx& tx, const std::string& code,
                                             const std::string& owner_id) const {
  std::string normal = normalise_owner_code(code);
  if (normal.size() != 14 || owner_id.size() != 12) return std::nullopt;
  auto i = store::item_by_code(tx, core::blind_index(key_, kOwnerCodeContext, normal));
  if (!i ||
      !core::same_secret(i->owner_id_index, core::blind_index(key_, kOwnerIdContext, owner_id)))
    return std::nullopt;
  return i;
}

core::Result<ItemFile> Requisitions::owner_file(const std::string& code,
                                                const std::string& owner_id) {
  return db_.read([&](storage::Tx& tx) -> core::Result<ItemFile> {
    auto i = owner_item(tx, code, owner_id);
    if (!i) return core::fail(wrong_credentials());
    return file(tx, *i);
  });
}

core::Result<std::pair<Photo, std::string>> Requisitions::owner_photo(const std::string& code,
                                                                      const std::string& owner_id,
                                                                      const std::string& key,
                                                                      bool thumb) {
  if (key.empty() || key.size() > 64) return core::fail(wrong_credentials());
  return db_.read([&](storage::Tx& tx) -> core::Result<std::pair<Photo, std::string>> {
    auto i = owner_item(tx, code, owner_id);
    if (!i) return core::fail(wrong_credentials());
    auto f = store::photo_file(tx, key, thumb);
    if (!f || f->first.item_id != i->id) return core::fail(wrong_credentials());
    if (thumb && f->first.thumb) f->first.mime = "image/jpeg";
    return std::move(*f);
  });
}

}  // namespace qorgan::requisition
