#pragma once
// Road networks and plans as the API writes them (and as the audit log keeps them): the one
// place where evacuation planning writes its records as JSON (see evac/README.md, "Over HTTP").
#include "core/json.hpp"
#include "evac/web/model.hpp"

namespace qorgan::evac::web {

core::Json to_json(const NetworkInfo& n);
core::Json to_json(const PlanInfo& p);
// With a failed plan's error also in `lang` when that is kk or ru: "error" stays English (what
// clients have always read), "error_translation": {"lang", "message"} is added beside it.
core::Json to_json(const PlanInfo& p, std::string_view lang);

}  // namespace qorgan::evac::web
