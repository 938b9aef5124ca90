#pragma once
// `qorgan demo`: fills a new, empty database with the demo data set through the registry's
// services, so every record is validated like an operator's input and every write is audited
// (actor "cli:demo"). One demo account per role gets a fresh random password.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "auth/accounts.hpp"
#include "core/error.hpp"
#include "registry/registry.hpp"

namespace qorgan::demo {

struct Options {
  std::uint64_t seed = 20260101;
  std::size_t people = 2000;
  std::string osm_file;  // the Almaty extract; empty: use the built-in list of buildings
  // Progress lines for a person at a terminal ("regions: 36", …).
  std::function<void(const std::string&)> progress;
};

struct DemoAccount {
  std::string login, password, role, scope;
};

struct Report {
  std::int64_t regions = 0, organisations = 0, units = 0, people = 0, memberships = 0,
               facilities = 0, shelters = 0;
  std::string facility_source;  // a sentence naming where the buildings came from
  bool used_osm = false;
  std::vector<DemoAccount> accounts;
  double seconds = 0;
};

// Refuses (conflict) when the registry already holds any region or organisation.
core::Result<Report> load(registry::Registry& reg, auth::Accounts& accounts, const Options& opt);

// Whether the registry holds nothing yet (no regions, no organisations).
bool registry_empty(registry::Registry& reg);

// Writes the accounts as "login  password  role  scope" lines to `path`, readable by its owner
// only (0600), creating the folder if needed.
core::Status write_accounts_file(const std::string& path, const std::vector<DemoAccount>& accounts);

}  // namespace qorgan::demo
