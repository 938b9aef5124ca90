// For unit tests only: every test binary that writes audit entries links this, so that the chain
// has a key (a fresh one per run) as it has in the server, where app/ sets the real one.
#include <gtest/gtest.h>

#include "auth/audit.hpp"

namespace {

class AuditKeyForTests : public ::testing::Environment {
 public:
  void SetUp() override {
    qorgan::core::crypto_init();
    qorgan::auth::use_audit_key(qorgan::core::MasterKey::generate());
  }
};

const auto* const registered = ::testing::AddGlobalTestEnvironment(new AuditKeyForTests);

}  // namespace
