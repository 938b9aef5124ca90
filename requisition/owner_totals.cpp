// Requisitions: the ledger's balances per owner.
#include "core/crypto.hpp"
#include "requisition/access.hpp"
#include "requisition/owner_code.hpp"
#include "requisition/requisition_store.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

namespace {

// "••••••••0123": the last four characters of an IIN/BIN, the rest hidden.
std::string masked(const std::string& id) {
  const size_t shown = id.size() < 4 ? 0 : 4;
  std::string out;
  for (size_t i = 0; i + shown < id.size(); ++i) out += "•";
  return out + id.substr(id.size() - shown);
}

}  // namespace

core::Result<core::Page<OwnerTotals>> Requisitions::totals_by_owner(
    const auth::Principal& who, const std::optional<std::string>& after, int limit) {
  auto prefix = visible_prefix(who);
  if (!prefix) return core::fail(core::Error::forbidden("Your role does not see requisitions."));
  auto rows = db_.read([&](storage::Tx& tx) {
    return store::totals_by_owner(tx, *prefix, after.value_or(""), limit);
  });
  core::Page<OwnerTotals> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = rows.back().index;
  }
  for (auto& r : rows) {
    auto id = core::open(key_, kOwnerIdContext, r.owner_id_sealed);
    page.items.push_back({std::move(r.index), std::move(r.kind), std::move(r.name),
                          id ? masked(*id) : std::string(), r.items, r.totals});
  }
  return page;
}

}  // namespace qorgan::requisition
