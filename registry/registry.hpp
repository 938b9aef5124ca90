#pragma once
// The registry's services, built once by app/ and shared by routes, the CLI and the demo loader.
#include "core/crypto.hpp"
#include "registry/regions.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct Registry {
  Registry(storage::Database& db, core::MasterKey key) : db(db), key(key), regions(db) {}
  storage::Database& db;
  core::MasterKey key;
  Regions regions;
};

}  // namespace qorgan::registry
