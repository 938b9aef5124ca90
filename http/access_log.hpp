#pragma once
// The access log: one JSON line per answered request on stdout, written and flushed before the
// answer is sent, so that a server killed right after an answer has still logged it.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace qorgan::http {

struct AccessEntry {
  core::Timestamp at = 0;  // when the line is written
  std::string_view request_id, remote, method, path, route;
  int status = 0;
  std::size_t bytes = 0;  // the answer's body
  double seconds = 0;     // from the request read to the answer ready
};

// Appends the entry's line, newline included: the object {"bytes", "method", "ms" (milliseconds,
// two decimals), "path", "remote", "rid", "route", "status", "ts" (RFC 3339)} as core::Json's
// compact dump printed it (members sorted by name, invalid UTF-8 replaced by U+FFFD).
void append_access_line(std::string& out, const AccessEntry& entry);

// Writes the entry's line to stdout with one flushed write.
void log_access(const AccessEntry& entry);

}  // namespace qorgan::http
