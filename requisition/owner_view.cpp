// Requisitions: the owner's view, found by the code on the taking act and the owner's IIN/BIN.
#include "requisition/owner_code.hpp"
#include "requisition/requisition_store.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

core::Result<ItemFile> Requisitions::owner_file(const std::string& code,
                                                const std::string& owner_id) {
  auto wrong = core::Error::not_found(
      "No taken property matches this code and IIN/BIN. Check both against the taking act.");
  std::string normal = normalise_owner_code(code);
  if (normal.size() != 14 || owner_id.size() != 12) return core::fail(wrong);
  return db_.read([&](storage::Tx& tx) -> core::Result<ItemFile> {
    auto i = store::item_by_code(tx, core::blind_index(key_, kOwnerCodeContext, normal));
    if (!i ||
        !core::same_secret(i->owner_id_index, core::blind_index(key_, kOwnerIdContext, owner_id)))
      return core::fail(wrong);
    return file(tx, *i);
  });
}

}  // namespace qorgan::requisition
