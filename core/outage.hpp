#pragma once
// A dependency went away (the database server restarted, a connection broke) where no Result can
// carry it: inside a read callback, a store, the connection pool. The storage layer throws it; the
// request boundary answers it with error(), a 503 with Retry-After, never a 500, and the command
// line prints it. what() holds the driver's words for the log; error() speaks to people (the API's
// guard in the caller's language).
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/error.hpp"

namespace qorgan::core {

class Outage : public std::runtime_error {
 public:
  explicit Outage(const std::string& detail) : std::runtime_error(detail) {}
  static constexpr std::int64_t retry_after_seconds = 2;
  virtual Error error() const {
    return {ErrorCode::unavailable,
            "The database is not reachable at the moment; try again in " +
                std::to_string(retry_after_seconds) + " seconds.",
            {},
            retry_after_seconds};
  }
};

// The database answers, but what a statement needs is held by other work for longer than the
// statement may wait: a bulk import holds the people table's lock until it commits, another
// process writes to the SQLite file. Not an outage: the client is told to come back later.
class Busy : public Outage {
 public:
  using Outage::Outage;
  static constexpr std::int64_t retry_after_seconds = 10;
  Error error() const override {
    return {ErrorCode::unavailable,
            "The database is busy with other work (an import, for example) that holds what this "
            "request needs; try again in " +
                std::to_string(retry_after_seconds) + " seconds.",
            {},
            retry_after_seconds};
  }
};

}  // namespace qorgan::core
