#pragma once
// Administrative regions: a tree (country → oblast or city → district → settlement or
// neighbourhood) with an official code (KATO in Kazakhstan), names in kk/ru/en and a centroid.
// Every signed-in account may read them; only admins change them.
#include <optional>
#include <string>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/paging.hpp"
#include "storage/database.hpp"

namespace qorgan::registry {

struct Region {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string path, code, level, name_kk, name_ru, name_en;
  std::optional<double> lat, lon;
};

struct RegionFilter {
  std::optional<std::int64_t> parent_id;
  std::optional<std::int64_t> within;  // the subtree of this region
  std::optional<std::string> level;
};

class Regions {
 public:
  explicit Regions(storage::Database& db) : db_(db) {}

  // Every signed-in account reads regions; `who` is taken for the services' uniform shape.
  core::Result<Region> get(const auth::Principal& who, std::int64_t id);
  core::Result<Region> by_code(const std::string& code);
  core::Result<core::Page<Region>> list(const auth::Principal& who, const RegionFilter& f,
                                        const core::ListParams& p);
  // `body` is the request's JSON object; all fields are validated and reported together.
  core::Result<Region> create(const auth::Principal& who, const auth::Actor& actor,
                              const core::Json& body);
  core::Result<Region> update(const auth::Principal& who, const auth::Actor& actor, std::int64_t id,
                              const core::Json& body);
  core::Status remove(const auth::Principal& who, const auth::Actor& actor, std::int64_t id);

  static const std::vector<core::SortOption>& sorts();
  static const std::vector<std::string>& levels();

 private:
  storage::Database& db_;
};

// Region path of `id` read in `tx` (for other registry services' scope checks); empty if none.
std::string region_path(storage::Tx& tx, std::int64_t id);

}  // namespace qorgan::registry
