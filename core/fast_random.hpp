#pragma once
// Random bytes from the system CSPRNG without a system call each time: each thread draws 4 KiB
// at once and hands out pieces (randombytes_buf is one getrandom call a time, a few per cent of
// an import that seals a million IINs, or of a request). A forked child's thread starts with an
// empty buffer, so it never hands out its parent's next bytes again (a sealing nonce repeated
// under one key breaks the cipher).
#include <cstddef>

namespace qorgan::core {

// Fills `out` with `n` random bytes, n at most 4096.
void fast_random(unsigned char* out, std::size_t n);

}  // namespace qorgan::core
