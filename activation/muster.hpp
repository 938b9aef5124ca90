#pragma once
// The rules of an activation and of each called-up person's muster, without storage: which step
// may follow which, who may approve, and what the deadline does. Services apply them inside the
// transaction that stores the result.
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace qorgan::activation {

// An activation is proposed, then approved (a `real` one by a second person), which calls
// everyone up; it ends closed (the muster is over) or cancelled.
enum class Phase { proposed, active, closed, cancelled };
enum class Kind { real, exercise };

std::string_view to_string(Phase p);
std::string_view to_string(Kind k);
std::optional<Phase> phase_from(std::string_view s);
std::optional<Kind> kind_from(std::string_view s);

struct Approval {
  std::string proposer_login, approver_login;
  bool approver_may_approve = false;  // admin, or hq_staff of the plan's region or a parent region
};

// Whether an activation in `phase` of `kind` may be approved as described: a proposed one only;
// an exercise by anyone allowed, a real one only by someone other than its proposer.
core::Status may_approve(Phase phase, Kind kind, const Approval& a);
// Proposed and active activations may be cancelled; active ones closed.
core::Status may_cancel(Phase phase);
core::Status may_close(Phase phase);
// Answers and check-ins are taken only while the activation is active.
core::Status may_record(Phase phase);

// A called-up person's state. `reached`: a notice was delivered; `overdue`: the deadline passed
// without an arrival or a decline.
enum class Muster { called, reached, confirmed, declined, arrived, overdue };
enum class DeclineReason { ill, abroad, exempt, other };

std::string_view to_string(Muster m);
std::string_view to_string(DeclineReason r);
std::optional<Muster> muster_from(std::string_view s);
std::optional<DeclineReason> decline_reason_from(std::string_view s);

struct PersonMuster {
  Muster status = Muster::called;
  std::optional<DeclineReason> reason;
  std::optional<core::Timestamp> arrived_at;
};

// A delivery moves a person from called to reached; it changes nothing later on.
PersonMuster on_delivered(PersonMuster m);
// An answer (confirm, or decline with a reason) may change until check-in, also once overdue.
// Refused while the activation is not active and after arrival.
core::Result<PersonMuster> on_answer(Phase phase, PersonMuster m, bool confirm,
                                     std::optional<DeclineReason> reason);

struct CheckIn {
  PersonMuster muster;
  bool already = false;  // the person had checked in before: the earlier check-in stands
};
// A check-in is accepted from every state but arrival (a declined person who comes is recorded
// as arrived) and is idempotent; refused while the activation is not active.
core::Result<CheckIn> on_check_in(Phase phase, PersonMuster m, core::Timestamp at);
// At the deadline, whoever neither arrived nor declined becomes overdue.
PersonMuster at_deadline(PersonMuster m);

}  // namespace qorgan::activation
