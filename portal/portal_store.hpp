#pragma once
// The portal's SQL: named, parameterised statements identical on SQLite and PostgreSQL.
#include <optional>
#include <string>
#include <vector>

#include "portal/model.hpp"
#include "storage/database.hpp"

namespace qorgan::portal::store {

std::vector<Category> categories(storage::Tx& tx);
std::optional<Category> category(storage::Tx& tx, std::int64_t id);
std::optional<Category> category_by_slug(storage::Tx& tx, const std::string& slug);
std::int64_t insert_category(storage::Tx& tx, const Category& c, core::Timestamp now);
void update_category(storage::Tx& tx, const Category& c, core::Timestamp now);

std::optional<Article> article(storage::Tx& tx, std::int64_t id);
std::optional<Article> article_by_slug(storage::Tx& tx, const std::string& lang,
                                       const std::string& slug);
bool slug_taken(storage::Tx& tx, const std::string& lang, const std::string& slug,
                std::int64_t except_id);
std::int64_t insert_article(storage::Tx& tx, const Article& a);
void update_article(storage::Tx& tx, const Article& a);
void set_tags(storage::Tx& tx, std::int64_t id, const std::vector<std::string>& tags);
void insert_revision(storage::Tx& tx, const Article& a, const std::string& login,
                     core::Timestamp at);
std::vector<Revision> revisions(storage::Tx& tx, std::int64_t id);

// Articles by a WHERE fragment over `a` (portal_articles) and `c` (portal_categories).
std::vector<Article> articles_where(storage::Tx& tx, const std::string& where,
                                    const storage::Params& params, const std::string& tail);
std::vector<Article> by_ids(storage::Tx& tx, const std::vector<std::int64_t>& ids);

}  // namespace qorgan::portal::store
