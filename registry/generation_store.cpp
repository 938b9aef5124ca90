#include "registry/generation_store.hpp"

namespace qorgan::registry::generation_store {

std::int64_t current(storage::Tx& tx) {
  return tx.one("SELECT n FROM registry_generation WHERE id = 1").i64(0);
}

void raise(storage::Tx& tx) {
  tx.exec("UPDATE registry_generation SET n = n + 1 WHERE id = 1");
}

}  // namespace qorgan::registry::generation_store
