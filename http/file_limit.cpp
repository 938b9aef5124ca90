#include "http/file_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace qorgan::http {

FileLimit raise_file_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return {};
  if (rl.rlim_cur < rl.rlim_max) {
    rlimit raised = rl;
    raised.rlim_cur = rl.rlim_max;
    // An unlimited hard limit cannot be the soft one on Linux (fs.nr_open caps it): fall back to
    // a number that is plenty for the default connection limit.
    if (setrlimit(RLIMIT_NOFILE, &raised) != 0 && rl.rlim_max == RLIM_INFINITY) {
      raised.rlim_cur = 1 << 20;
      setrlimit(RLIMIT_NOFILE, &raised);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  auto as_long = [](rlim_t v) { return v == RLIM_INFINITY ? 1L << 30 : long(v); };
  return {as_long(rl.rlim_cur), as_long(rl.rlim_max)};
}

int default_max_connections(long soft_file_limit) {
  long room = soft_file_limit - kReservedFiles;
  if (room < soft_file_limit / 2) room = soft_file_limit / 2;
  return int(std::clamp<long>(room, 1, kDefaultMaxConnections));
}

}  // namespace qorgan::http
