#pragma once
// A write whose caller does not wait for it: the thread that asks is free again at once, and the
// outcome comes to a callback. On SQLite the writes queued this way run on the engine's writer
// thread, one after another in one transaction (each in a savepoint of its own, so that a failure
// rolls back only its own changes) that is committed once for all of them; a thread asking for a
// write is then held neither while the one writer connection is busy nor while its group's commit
// waits for the disk. On PostgreSQL, whose writers run side by side, the write runs and commits
// on the calling thread (Database::write) and the callback is called before write_later returns.
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "storage/database.hpp"

namespace qorgan::storage {

// How a write queued with write_later ended: the callback's result, or what it or the commit
// threw (a driver failure, core::Busy).
template <typename R>
struct Written {
  std::optional<R> result;
  std::exception_ptr error;

  // The result; rethrows the error.
  R take() {
    if (error) std::rethrow_exception(error);
    return std::move(*result);
  }
};

// The type-erased form of a queued write.
struct QueuedWrite {
  // The write; true keeps its changes, false rolls them back. May throw (rolled back then).
  std::function<bool(Tx&)> run;
  // Called once: null when the kept changes are durable, or at once when `run` returned false;
  // otherwise what `run` or the commit threw.
  std::function<void(std::exception_ptr)> end;
};
void queue_write(Database& db, QueuedWrite write);

// `f(Tx&)` returns core::Result<T> or core::Status, as for Database::write; `done(Written<R>)` is
// called exactly once: with a success once it is durable, with a failure (nothing of it kept) as
// soon as it is known, from the thread that ran the write or committed its group. `done` must not
// throw and should be quick: on SQLite every queued write waits while it runs. Writes queued from
// one thread run in the order queued.
template <typename F, typename Done>
void write_later(Database& db, F f, Done done) {
  using R = std::invoke_result_t<F&, Tx&>;
  struct State {
    F f;
    Done done;
    std::optional<R> result;
  };
  auto s = std::make_shared<State>(State{std::move(f), std::move(done), std::nullopt});
  queue_write(db, {[s](Tx& tx) {
                     try {
                       s->result.emplace(s->f(tx));
                     } catch (const ConstraintError& e) {  // as Database::write answers it
                       s->result.emplace(core::fail(core::Error::conflict(e.what())));
                     }
                     return bool(*s->result);
                   },
                   [s](std::exception_ptr error) {
                     Written<R> w{error ? std::nullopt : std::move(s->result), error};
                     s->done(std::move(w));
                   }});
}

}  // namespace qorgan::storage
