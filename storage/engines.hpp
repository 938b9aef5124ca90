#pragma once
// Constructors of the engines; callers use open_database().
#include "storage/database.hpp"

namespace qorgan::storage {
core::Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, int readers);
core::Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size,
                                                      std::chrono::milliseconds answer_within);
}  // namespace qorgan::storage
