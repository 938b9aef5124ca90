#pragma once
// The evacuation engine's error type. Expected failures (bad input files, infeasible requests)
// are returned as values, never thrown; the engine stays independent of core::Error so that it
// builds and benchmarks on its own. A caller maps `message` into its own error type.

#include <expected>
#include <string>
#include <utility>

namespace qorgan::evac {

struct Error {
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) {
  return std::unexpected<Error>(Error{std::move(message)});
}

}  // namespace qorgan::evac
