#pragma once
// RFC 3339 times written into the caller's buffer, for paths that write many of them (a list
// page writes two a person) and cannot afford a string each. core/time.hpp's format_rfc3339 is
// this into a string.
#include <cstddef>
#include <cstdint>

namespace qorgan::core {

// "2026-11-25T13:25:09Z"
inline constexpr std::size_t kRfc3339Chars = 20;

// Writes `t` (microseconds since the Unix epoch) in UTC with whole seconds at `out`, exactly
// kRfc3339Chars characters and no terminating NUL. Contract: a year from 0 to 9999.
void write_rfc3339(char* out, std::int64_t t);

}  // namespace qorgan::core
