#pragma once
// JSON of the activation capability's records, written beside its routes.
#include "activation/activations.hpp"
#include "activation/callup.hpp"
#include "activation/muster_points.hpp"
#include "activation/plans.hpp"
#include "core/json.hpp"

namespace qorgan::activation {

core::Json to_json(const Plan& p);
core::Json to_json(const Activation& a);
// With the notice's QR token when `token` is given, which headquarters prints on the notice;
// without it in a check-in's answer (the person at the point holds it already).
core::Json to_json(const Notice& n, const std::string* token);
// A check-in's answer: the notice without its token (as to_json(n, nullptr)) with
// `already_checked_in` and `elsewhere`, written straight as JSON text, the same bytes as that
// object's dump (a check-in is a hot path; activation_json_test compares the two).
std::string check_in_json(const CheckInResult& r);
core::Json to_json(const Reminder& r);
// A person's own notice: initials, never the full name; with its code and token when `token` is
// given (the person's own account), without them for the answer link (its caller has the code).
core::Json to_json(const OwnNotice& o, const std::string* token);
// What the muster page downloads: no national IDs, no codes (their digests), no tokens.
core::Json to_json(const MusterPoint& p);
core::Json to_json(const QueuedResult& r);

}  // namespace qorgan::activation
