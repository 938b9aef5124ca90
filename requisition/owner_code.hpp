#pragma once
// The code printed on a taking act: the owner's only credential for the owner's view, so it is
// random (60 bits), readable aloud (no 0/O, 1/I) and grouped "ABCD-EFGH-JKLM".
#include <string>
#include <string_view>

namespace qorgan::requisition {

// The contexts of the sealed and indexed owner's IIN/BIN and owner's code (core/crypto.hpp).
inline constexpr std::string_view kOwnerIdContext = "requisition.owner_id";
inline constexpr std::string_view kOwnerCodeContext = "requisition.owner_code";

std::string new_owner_code();
// Upper-cases and drops spaces and dashes, as people retype a code from paper; then groups it.
std::string normalise_owner_code(std::string_view typed);

}  // namespace qorgan::requisition
