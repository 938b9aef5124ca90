#pragma once
// Demo content for `qorgan demo`: original articles written for the project (fictional people,
// real district names) across every category and the three languages, some linked as
// translations, published over the past weeks, plus site settings and cover images.
#include "core/error.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

// Loads the content into a migrated database; returns the number of articles created. Idempotent
// in effect: it refuses (conflict) when the portal already holds articles.
core::Result<int> load_demo_content(storage::Database& db);

}  // namespace qorgan::portal
