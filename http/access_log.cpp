#include "http/access_log.hpp"

#include <cmath>
#include <cstdio>

#include "core/json_writer.hpp"
#include "core/rfc3339.hpp"

namespace qorgan::http {

void append_access_line(std::string& out, const AccessEntry& e) {
  char ts[core::kRfc3339Chars];
  core::write_rfc3339(ts, e.at);
  core::JsonWriter w(out);
  w.begin_object();
  w.key("bytes").value(std::int64_t(e.bytes));
  w.key("method").value(e.method);
  // Rounded as the line always was, to the double std::round(ms · 100) / 100, then printed as
  // that double: rounded() gives it back unchanged.
  w.key("ms").rounded(std::round(e.seconds * 100000.0) / 100.0, 2);
  w.key("path").value(e.path);
  w.key("remote").value(e.remote);
  w.key("rid").value(e.request_id);
  w.key("route").value(e.route);
  w.key("status").value(e.status);
  w.key("ts").value(std::string_view(ts, sizeof ts));
  w.end_object();
  out += '\n';
}

void log_access(const AccessEntry& entry) {
  // Each thread composes its lines in its own buffer, which keeps its room from line to line.
  thread_local std::string line;
  line.clear();
  append_access_line(line, entry);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

}  // namespace qorgan::http
