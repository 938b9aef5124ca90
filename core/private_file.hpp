#pragma once
// Files that hold personal data (the SQLite database with its -wal and -shm files, exports,
// backups, keys, demo passwords) are readable by their owner only, whatever the umask.
#include <string>

#include "core/error.hpp"

namespace qorgan::core {

enum class IfMissing { create, skip };

// Gives `path` mode 0600: an existing file loses the group's and others' access (its content is
// untouched); a missing one is created empty with mode 0600, or left missing with `skip`.
Status make_private(const std::string& path, IfMissing missing = IfMissing::create);

}  // namespace qorgan::core
