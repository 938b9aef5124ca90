#include "requisition/owner_desk.hpp"

namespace qorgan::requisition {

namespace {

auth::Principal owner_principal(std::int64_t item_id) {
  auth::Principal p;
  p.role = auth::Role::volunteer;  // no staff role: only the owner's own item is reachable
  p.login = "owner:" + std::to_string(item_id);
  return p;
}

}  // namespace

core::Status OwnerDesk::admit(const Caller& caller, const core::Json& body, std::string& code,
                              std::string& owner_id) {
  std::vector<core::FieldError> errors;
  auto text = [&](const char* name) -> std::string {
    if (!body.contains(name) || !body[name].is_string() ||
        body[name].get<std::string>().size() > 60) {
      errors.push_back({name, std::string("Give the ") +
                                  (name == std::string("code") ? "code printed on the taking act"
                                                               : "owner's IIN or BIN") +
                                  "."});
      return {};
    }
    return body[name].get<std::string>();
  };
  code = text("code");
  owner_id = text("owner_id");
  if (!errors.empty())
    return core::fail(core::Error::invalid("The owner's credentials are missing.", errors));
  if (auto wait = throttle_.wait(caller.address))
    return core::fail(
        core::Error::too_many("Too many wrong codes from this address; try again later.", *wait));
  return {};
}

core::Result<ItemFile> OwnerDesk::open(const Caller& caller, const core::Json& body,
                                       core::Json& rest) {
  std::string code, owner_id;
  if (auto ok = admit(caller, body, code, owner_id); !ok) return core::fail(ok.error());
  auto file = requisitions_.owner_file(code, owner_id);
  if (!file) {
    throttle_.record_wrong(caller.address);
    return file;
  }
  rest = body;
  rest.erase("code");
  rest.erase("owner_id");
  return file;
}

core::Result<std::pair<Photo, std::string>> OwnerDesk::photo(const Caller& caller,
                                                             const core::Json& body) {
  std::string code, owner_id;
  if (auto ok = admit(caller, body, code, owner_id); !ok) return core::fail(ok.error());
  std::vector<core::FieldError> errors;
  std::string key, size = "original";
  if (!body.contains("photo") || !body["photo"].is_string())
    errors.push_back({"photo", "Give the photo's key from the file."});
  else
    key = body["photo"].get<std::string>();
  if (body.contains("size")) {
    if (body["size"].is_string()) size = body["size"].get<std::string>();
    if (size != "original" && size != "thumb")
      errors.push_back({"size", "must be \"original\" or \"thumb\""});
  }
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "code" && it.key() != "owner_id" && it.key() != "photo" && it.key() != "size")
      errors.push_back({it.key(), "is not a known field"});
  if (!errors.empty()) return core::fail(core::Error::invalid("The request is not valid.", errors));
  auto f = requisitions_.owner_photo(code, owner_id, key, size == "thumb");
  if (!f) throttle_.record_wrong(caller.address);
  return f;
}

core::Result<ItemFile> OwnerDesk::view(const Caller& caller, const core::Json& body) {
  core::Json rest;
  auto file = open(caller, body, rest);
  if (!file) return file;
  if (!rest.empty()) {
    std::vector<core::FieldError> unknown;
    for (auto it = rest.begin(); it != rest.end(); ++it)
      unknown.push_back({it.key(), "is not a known field"});
    return core::fail(core::Error::invalid("The request is not valid.", unknown));
  }
  return file;
}

core::Result<Application> OwnerDesk::apply(const Caller& caller, const core::Json& body) {
  core::Json rest;
  auto file = open(caller, body, rest);
  if (!file) return core::fail(file.error());
  auto who = owner_principal(file->item.id);
  return requisitions_.apply(who, auth::Actor{std::nullopt, who.login, caller.request_id},
                             file->item.id, rest);
}

core::Result<Dispute> OwnerDesk::dispute(const Caller& caller, const core::Json& body) {
  core::Json rest;
  auto file = open(caller, body, rest);
  if (!file) return core::fail(file.error());
  auto who = owner_principal(file->item.id);
  return requisitions_.open_dispute(who, auth::Actor{std::nullopt, who.login, caller.request_id},
                                    file->item.id, rest);
}

}  // namespace qorgan::requisition
