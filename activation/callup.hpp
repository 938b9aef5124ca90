#pragma once
// A called-up person's own side of the call-up: answering without an account through the link
// in the notice (the short code is the credential, wrong codes rate-limited per address), and a
// volunteer account linked to the person reading and answering its own notices. The answer can
// change until check-in; every answer is audited in its transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "activation/activations.hpp"
#include "activation/code_throttle.hpp"
#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "registry/registry.hpp"
#include "storage/database.hpp"

namespace qorgan::activation {

// What the person sees of their notice: no full name (initials), no contacts.
struct OwnNotice {
  Notice notice;
  Activation activation;
  std::string initials;  // "С. А."
  std::string unit_name, point_name;
  std::optional<std::string> point_address;
};

// Who asks by code: the client's address (for the rate limit) and the request (for the audit).
struct CodeCaller {
  std::string address;
  std::string request_id;
};

class Callup {
 public:
  Callup(storage::Database& db, registry::Registry& registry, Activations& activations)
      : db_(db), registry_(registry), activations_(activations) {}

  // The notice with this code (as typed; the newest active one when codes repeat across
  // activations). Errors: invalid (not a code: field "code"), not_found (no such notice: counted
  // as a wrong code), too_many (the address tried too many wrong codes: retry_after).
  core::Result<OwnNotice> by_code(const CodeCaller& caller, const std::string& typed_code);
  // {answer: confirm | decline, reason: ill | abroad | exempt | other (to decline)}, by code.
  core::Result<OwnNotice> answer_by_code(const CodeCaller& caller, const std::string& typed_code,
                                         const core::Json& body);

  // A volunteer's own notices, newest first (at most 50).
  core::Result<std::vector<OwnNotice>> mine(const auth::Principal& who);
  // A volunteer answers one of their own notices; anyone else's is not_found.
  core::Result<OwnNotice> answer_mine(const auth::Principal& who, const auth::Actor& actor,
                                      std::int64_t notice_id, const core::Json& body);

  std::string token(const Notice& n) const { return activations_.token(n); }
  const std::string& time_zone() const { return activations_.time_zone(); }

 private:
  core::Result<OwnNotice> record(const auth::Actor& actor, const Notice& n, const core::Json& body,
                                 const char* via);
  OwnNotice describe(Notice n, Activation a);
  storage::Database& db_;
  registry::Registry& registry_;
  Activations& activations_;
  CodeThrottle throttle_;
};

// "С. А." for "Сейтқали Айбек": the first letter of each word of the name.
std::string initials_of(const std::string& name);

}  // namespace qorgan::activation
