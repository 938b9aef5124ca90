#pragma once
// Opening many fields sealed for one column (a list page's national IDs) with the column's
// subkey derived once, instead of looked up again for every field (core::open).
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.hpp"

namespace qorgan::core {

class SealOpener {
 public:
  SealOpener(const MasterKey& key, std::string_view context);
  ~SealOpener();  // wipes the subkey
  SealOpener(const SealOpener&) = delete;
  SealOpener& operator=(const SealOpener&) = delete;
  // As core::open(key, context, sealed_hex).
  std::optional<std::string> open(std::string_view sealed_hex) const;

 private:
  std::array<unsigned char, 32> subkey_{};
  std::string context_;
};

}  // namespace qorgan::core
