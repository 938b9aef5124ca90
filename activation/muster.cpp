#include "activation/muster.hpp"

#include <array>
#include <utility>

namespace qorgan::activation {

using core::Error;
using core::fail;

namespace {

template <typename E, size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& names,
                        std::string_view s) {
  for (const auto& [e, name] : names)
    if (name == s) return e;
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E e) {
  for (const auto& [v, name] : names)
    if (v == e) return name;
  return "";
}

constexpr std::array<std::pair<Phase, std::string_view>, 4> kPhases{
    {{Phase::proposed, "proposed"},
     {Phase::active, "active"},
     {Phase::closed, "closed"},
     {Phase::cancelled, "cancelled"}}};
constexpr std::array<std::pair<Kind, std::string_view>, 2> kKinds{
    {{Kind::real, "real"}, {Kind::exercise, "exercise"}}};
constexpr std::array<std::pair<Muster, std::string_view>, 6> kMusters{
    {{Muster::called, "called"},
     {Muster::reached, "reached"},
     {Muster::confirmed, "confirmed"},
     {Muster::declined, "declined"},
     {Muster::arrived, "arrived"},
     {Muster::overdue, "overdue"}}};
constexpr std::array<std::pair<DeclineReason, std::string_view>, 4> kReasons{
    {{DeclineReason::ill, "ill"},
     {DeclineReason::abroad, "abroad"},
     {DeclineReason::exempt, "exempt"},
     {DeclineReason::other, "other"}}};

core::Status must_be_active(Phase phase) {
  if (phase == Phase::proposed) return fail(Error::conflict("The activation is not approved yet."));
  if (phase == Phase::closed) return fail(Error::conflict("The activation is closed."));
  if (phase == Phase::cancelled) return fail(Error::conflict("The activation was cancelled."));
  return {};
}

}  // namespace

std::string_view to_string(Phase p) {
  return name_of(kPhases, p);
}
std::string_view to_string(Kind k) {
  return name_of(kKinds, k);
}
std::string_view to_string(Muster m) {
  return name_of(kMusters, m);
}
std::string_view to_string(DeclineReason r) {
  return name_of(kReasons, r);
}
std::optional<Phase> phase_from(std::string_view s) {
  return lookup(kPhases, s);
}
std::optional<Kind> kind_from(std::string_view s) {
  return lookup(kKinds, s);
}
std::optional<Muster> muster_from(std::string_view s) {
  return lookup(kMusters, s);
}
std::optional<DeclineReason> decline_reason_from(std::string_view s) {
  return lookup(kReasons, s);
}

core::Status may_approve(Phase phase, Kind kind, const Approval& a) {
  if (phase == Phase::cancelled) return fail(Error::conflict("The activation was cancelled."));
  if (phase != Phase::proposed) return fail(Error::conflict("The activation is approved already."));
  if (!a.approver_may_approve)
    return fail(Error::forbidden(
        "Only an administrator, or headquarters staff of the plan's region or a region above it, "
        "may approve."));
  if (kind == Kind::real && a.approver_login == a.proposer_login)
    return fail(Error::forbidden(
        "A real activation needs a second person: the one who proposed it cannot approve it."));
  return {};
}

core::Status may_cancel(Phase phase) {
  if (phase == Phase::proposed || phase == Phase::active) return {};
  return fail(Error::conflict(phase == Phase::closed ? "The activation is closed."
                                                     : "The activation was cancelled."));
}

core::Status may_close(Phase phase) {
  if (phase == Phase::active) return {};
  return must_be_active(phase);
}

core::Status may_record(Phase phase) {
  return must_be_active(phase);
}

PersonMuster on_delivered(PersonMuster m) {
  if (m.status == Muster::called) m.status = Muster::reached;
  return m;
}

core::Result<PersonMuster> on_answer(Phase phase, PersonMuster m, bool confirm,
                                     std::optional<DeclineReason> reason) {
  if (auto s = must_be_active(phase); !s) return fail(s.error());
  if (m.status == Muster::arrived)
    return fail(Error::conflict("The person has checked in already; the answer cannot change."));
  if (!confirm && !reason)
    return fail(Error::invalid("The answer is not valid.",
                               {{"reason", "Say why: ill, abroad, exempt or other."}}));
  m.status = confirm ? Muster::confirmed : Muster::declined;
  m.reason = confirm ? std::nullopt : reason;
  return m;
}

core::Result<CheckIn> on_check_in(Phase phase, PersonMuster m, core::Timestamp at) {
  if (auto s = must_be_active(phase); !s) return fail(s.error());
  if (m.status == Muster::arrived) return CheckIn{m, true};
  m.status = Muster::arrived;
  m.reason.reset();
  m.arrived_at = at;
  return CheckIn{m, false};
}

PersonMuster at_deadline(PersonMuster m) {
  if (m.status == Muster::called || m.status == Muster::reached || m.status == Muster::confirmed)
    m.status = Muster::overdue;
  return m;
}

}  // namespace qorgan::activation
