#pragma once
// The open-file limit, which bounds how many connections the server can hold: each is a file
// descriptor, beside the database files, the listening socket and the log.
namespace qorgan::http {

struct FileLimit {
  long soft = 0;  // what the process may open now
  long hard = 0;  // what the soft limit may be raised to without privileges
};

// Raises the soft RLIMIT_NOFILE to the hard limit and returns what is in force afterwards.
FileLimit raise_file_limit();

// Descriptors kept back from connections for database files and sockets, logs, exports, the
// listening socket and the moment between accepting a connection and closing the one it evicts.
constexpr long kReservedFiles = 256;
// Never more than this by default, however high the file limit: each connection costs a few KB
// of kernel and server memory.
constexpr int kDefaultMaxConnections = 16384;

// The default connection limit for a soft file limit: 16,384, or fewer when the file limit
// leaves less after the reserve (half the limit when it is tiny).
int default_max_connections(long soft_file_limit);

}  // namespace qorgan::http
