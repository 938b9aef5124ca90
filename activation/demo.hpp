#pragma once
// The activation part of `qorgan demo`: two activation plans for Almaty's districts (the two
// with the most units), and one finished exercise of the first with a realistic muster, so that
// readiness and the after-action report have something to show on first start. The exercise
// runs through the services (notices, answers, check-ins, all audited) and is then dated three
// days back, its arrivals spread over hours after the call-up, some declines and no-shows.
#include <cstdint>

#include "activation/activations.hpp"
#include "activation/plans.hpp"
#include "core/error.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::activation {

struct DemoReport {
  std::int64_t plans = 0, called = 0, arrived = 0, declined = 0, absent = 0;
  std::int64_t exercise_id = 0;
};

core::Result<DemoReport> load_demo(storage::Database& db, registry::Registry& registry,
                                   Plans& plans, Activations& activations, std::uint64_t seed);

}  // namespace qorgan::activation
