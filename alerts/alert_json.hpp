#pragma once
// JSON of the alerts capability's records, written beside its routes.
#include "alerts/alerts.hpp"
#include "alerts/templates.hpp"
#include "core/json.hpp"

namespace qorgan::alerts {

// With "warnings": the languages the alert is not written in (each a warning, not an error).
core::Json to_json(const Alert& a);
core::Json to_json(const Preview& p);
core::Json to_json(const Template& t);
// What the portal's banner and its service worker read: public fields only.
core::Json public_json(const Alert& a);

}  // namespace qorgan::alerts
