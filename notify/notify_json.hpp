#pragma once
// The outbox's JSON, beside its routes.
#include <map>
#include <string>

#include "core/json.hpp"
#include "notify/outbox.hpp"

namespace qorgan::notify {

core::Json to_json(const Message& m);
// {"queued": n, …} with every status present (0 when none).
core::Json counts_json(const std::map<std::string, std::int64_t>& counts);

}  // namespace qorgan::notify
