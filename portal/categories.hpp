#pragma once
// The portal's sections (news, notices, …): editors create and rename them; readers see them
// in the navigation. Slugs are unique and may not shadow the site's own paths.
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "portal/changes.hpp"
#include "portal/model.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

class Categories {
 public:
  Categories(storage::Database& db, Changes& changes) : db_(db), changes_(changes) {}

  // In navigation order.
  std::vector<Category> list();
  std::optional<Category> by_slug(const std::string& slug);
  // {"slug", "position", "name": {kk, ru, en}, "description": {kk, ru, en}}; all names required.
  core::Result<Category> create(const auth::Principal& who, const auth::Actor& actor,
                                const core::Json& body);
  // The same fields, each optional.
  core::Result<Category> update(const auth::Principal& who, const auth::Actor& actor,
                                std::int64_t id, const core::Json& body);

 private:
  storage::Database& db_;
  Changes& changes_;
};

}  // namespace qorgan::portal
