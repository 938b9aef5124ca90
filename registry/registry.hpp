#pragma once
// The registry's services, built once by app/ and shared by routes, the CLI and the demo loader.
#include "core/crypto.hpp"
#include "registry/facilities.hpp"
#include "registry/organisations.hpp"
#include "registry/people.hpp"
#include "registry/regions.hpp"
#include "registry/units.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct Registry {
  Registry(storage::Database& db, core::MasterKey key)
      : db(db),
        key(key),
        regions(db),
        organisations(db),
        units(db),
        facilities(db),
        people(db, key) {}
  storage::Database& db;
  core::MasterKey key;
  Regions regions;
  Organisations organisations;
  Units units;
  Facilities facilities;
  People people;
};

}  // namespace qorgan::registry
