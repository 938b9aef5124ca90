#pragma once
// The outbox over HTTP: /api/v1/notify/messages (admins and auditors read; admins retry and
// cancel) and /api/v1/notify/counts.
#include <functional>

#include "auth/guard.hpp"
#include "http/router.hpp"
#include "notify/outbox.hpp"

namespace qorgan::notify {

// `on_retry` is called after a message was queued again (the sender is woken).
void mount_routes(http::Router& router, const auth::Guard& guard, Outbox& outbox,
                  const std::function<void()>& on_retry = {});

}  // namespace qorgan::notify
