#pragma once
// The owner's side of a requisition, with no account: the code printed on the taking act plus
// the owner's IIN/BIN open the item's file; with them the owner files the payment application
// or a dispute. Wrong tries are throttled per client address (activation/code_throttle.hpp), and
// a throttled address is refused also with right credentials until its window passes.
#include <string>

#include "activation/code_throttle.hpp"
#include "core/json.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

struct Caller {
  std::string address, request_id;
};

class OwnerDesk {
 public:
  explicit OwnerDesk(Requisitions& requisitions) : requisitions_(requisitions) {}

  // body: {code, owner_id, …}; `code` and `owner_id` are read here, the rest is the action's.
  core::Result<ItemFile> view(const Caller& caller, const core::Json& body);
  core::Result<Application> apply(const Caller& caller, const core::Json& body);
  core::Result<Dispute> dispute(const Caller& caller, const core::Json& body);
  // body: {code, owner_id, photo (its key, from the file), size: "original" | "thumb"}: the
  // bytes of a photo of the owner's own item's acts. A key that is not theirs is a wrong try.
  core::Result<std::pair<Photo, std::string>> photo(const Caller& caller, const core::Json& body);

 private:
  // The item's file, or the throttled/not-found refusal; `rest` gets the body without the
  // credentials.
  core::Result<ItemFile> open(const Caller& caller, const core::Json& body, core::Json& rest);
  // The code and the IIN/BIN of the body, or the refusal naming what is missing; then the
  // throttle's refusal of an address that has tried too many wrong ones.
  core::Status admit(const Caller& caller, const core::Json& body, std::string& code,
                     std::string& owner_id);
  Requisitions& requisitions_;
  activation::CodeThrottle throttle_;
};

}  // namespace qorgan::requisition
