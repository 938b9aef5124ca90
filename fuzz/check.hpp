#pragma once
// What the fuzz harnesses share: an invariant check that stops the program, which libFuzzer
// records as a crash with its input and the replay test reports as a failure.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                       \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "%s:%d: invariant does not hold: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)
