#include "portal/scheduler.hpp"

#include "core/time.hpp"

namespace qorgan::portal {

Scheduler::Scheduler(Articles& articles, std::chrono::milliseconds interval)
    : worker_("portal scheduler", interval, [&articles] { articles.publish_due(core::now_us()); }) {
}

}  // namespace qorgan::portal
