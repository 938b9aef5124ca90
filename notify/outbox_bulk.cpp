#include "notify/outbox_bulk.hpp"

#include "core/time.hpp"
#include "notify/outbox_store.hpp"

namespace qorgan::notify {

core::Result<std::vector<std::int64_t>> enqueue_all(storage::Tx& tx,
                                                    const std::vector<NewMessage>& messages) {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (auto s = validate(messages[i]); !s) {
      auto e = s.error();
      for (auto& f : e.fields) f.field = "messages[" + std::to_string(i) + "]." + f.field;
      return core::fail(std::move(e));
    }
  }
  return outbox_store::insert_all(tx, messages, core::now_us());
}

}  // namespace qorgan::notify
