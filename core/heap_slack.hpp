#pragma once
// How the process's heap is tuned: set once at the start of every binary that serves or plans,
// so that benchmarks measure memory and time as the server has them.

#include <malloc.h>

namespace qorgan::core {

// A report of 10,000 items builds and drops about 20 MB per request. With glibc's default a
// thread's heap is grown 128 KB at a time and trimmed back after each request, so every report
// paid for the system calls and for faulting the same pages in again (a third of a requisition
// report's CPU on PostgreSQL); 16 MB of slack at the top of a heap keeps them. Setting it also
// ends glibc's moving mmap threshold: freed large blocks no longer raise it, so the next ones up
// to that size are no longer carved from a thread's heap, where they stayed after being freed
// (an exact plan's time-expanded networks, one per horizon probed: evac/README.md).
inline void keep_heap_slack() {
  mallopt(M_TOP_PAD, 16 << 20);
}

}  // namespace qorgan::core
