#include "core/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace qorgan::core {

Status make_private(const std::string& path, IfMissing missing) {
  int flags = O_WRONLY | O_CLOEXEC | O_NOFOLLOW | (missing == IfMissing::create ? O_CREAT : 0);
  int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0) {
    if (errno == ENOENT && missing == IfMissing::skip) return {};
    return fail(Error::internal("cannot open " + path + ": " + std::strerror(errno)));
  }
  // O_CREAT's mode is masked by the umask and ignored for an existing file; fchmod is not.
  int rc = ::fchmod(fd, 0600);
  int err = errno;
  ::close(fd);
  if (rc != 0)
    return fail(Error::internal("cannot make " + path + " private: " + std::strerror(err)));
  return {};
}

}  // namespace qorgan::core
