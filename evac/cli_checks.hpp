#pragma once
// Range checks for the numeric flags of `evac` commands. They look at the text before CLI11
// converts it, so that a mistyped value (0, -30, nan, 1e300, a 300-digit number) is refused
// with the flag and the allowed range, never clamped, wrapped, silently replaced by a default
// or echoed in full.

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "evac/limits.hpp"

namespace qorgan::evac {

// A number of seconds above 0 and at most kMaxStepSeconds (--step).
inline CLI::Validator step_seconds_range() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE ||
            !step_seconds_ok(v))
          return fmt::format("must be a number of seconds above 0 and at most {}, got '{}'",
                             kMaxStepSeconds, shown(text));
        return {};
      },
      fmt::format("SECONDS in (0, {}]", kMaxStepSeconds));
}

// A whole number from lo to hi.
inline CLI::Validator whole_number_range(std::int64_t lo, std::int64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || v < lo ||
            v > hi)
          return fmt::format("must be a whole number from {} to {}, got '{}'", lo, hi, shown(text));
        return {};
      },
      fmt::format("INT in [{}, {}]", lo, hi));
}

}  // namespace qorgan::evac
