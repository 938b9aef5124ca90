#include "core/fast_random.hpp"

#include <pthread.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <mutex>

namespace qorgan::core {

namespace {
struct Pool {
  std::array<unsigned char, 4096> bytes{};
  std::size_t used = bytes.size();
};
thread_local Pool pool;
}  // namespace

void fast_random(unsigned char* out, std::size_t n) {
  static std::once_flag once;
  std::call_once(once,
                 [] { pthread_atfork(nullptr, nullptr, [] { pool.used = pool.bytes.size(); }); });
  auto& p = pool;
  if (p.bytes.size() - p.used < n) {
    randombytes_buf(p.bytes.data(), p.bytes.size());
    p.used = 0;
  }
  std::memcpy(out, p.bytes.data() + p.used, n);
  p.used += n;
}

}  // namespace qorgan::core
