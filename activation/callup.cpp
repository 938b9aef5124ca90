#include "activation/callup.hpp"

#include "activation/activation_store.hpp"
#include "activation/notice_code.hpp"
#include "core/time.hpp"

namespace qorgan::activation {

using core::Error;
using core::fail;
using core::Json;

namespace {

Error no_such_code() {
  return Error::not_found("No call-up notice has this code. Check the code on your notice.");
}

std::size_t utf8_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead >> 5 == 0x6 ? 2 : lead >> 4 == 0xE ? 3 : lead >> 3 == 0x1E ? 4 : 1;
}

}  // namespace

std::string initials_of(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    while (i < name.size() && name[i] == ' ') ++i;
    if (i >= name.size()) break;
    auto len = std::min(utf8_length(static_cast<unsigned char>(name[i])), name.size() - i);
    if (!out.empty()) out += ' ';
    out += name.substr(i, len) + ".";
    while (i < name.size() && name[i] != ' ') ++i;
  }
  return out;
}

OwnNotice Callup::describe(Notice n, Activation a) {
  // The person reads what the registry says of their unit and point, whatever their own rights.
  auto system = auth::system_principal("callup");
  OwnNotice o;
  o.initials = initials_of(n.person_name);
  if (auto u = registry_.units.get(system, n.unit_id)) o.unit_name = u->name;
  if (auto f = registry_.facilities.get(system, n.assembly_facility_id)) {
    o.point_name = f->name;
    o.point_address = f->address;
  }
  if (a.phase == Phase::active && a.deadline_at && core::now_us() >= *a.deadline_at)
    n.muster = at_deadline(n.muster);
  o.notice = std::move(n);
  o.activation = std::move(a);
  return o;
}

core::Result<OwnNotice> Callup::by_code(const CodeCaller& caller, const std::string& typed_code) {
  if (auto wait = throttle_.wait(caller.address))
    return fail(Error::too_many("Too many wrong codes from your address. Try again in " +
                                    std::to_string(*wait) + " seconds.",
                                *wait));
  auto code = canonical_short_code(typed_code);
  if (!code)
    return fail(Error::invalid("The code is not valid.",
                               {{"code", "A code is 8 letters and digits, like ABCD-EFGH."}}));
  auto found = db_.read([&](storage::Tx& tx) -> std::optional<std::pair<Notice, Activation>> {
    std::optional<std::pair<Notice, Activation>> best;
    for (auto& n : activation_store::notices_by_code(tx, *code)) {
      auto a = activation_store::get(tx, n.activation_id);
      if (!a) continue;
      if (a->phase == Phase::active) return std::pair{std::move(n), std::move(*a)};
      if (!best) best = std::pair{std::move(n), std::move(*a)};
    }
    return best;
  });
  if (!found) {
    throttle_.record_wrong(caller.address);
    return fail(no_such_code());
  }
  return describe(std::move(found->first), std::move(found->second));
}

core::Result<OwnNotice> Callup::answer_by_code(const CodeCaller& caller,
                                               const std::string& typed_code, const Json& body) {
  auto own = by_code(caller, typed_code);
  if (!own) return fail(own.error());
  // The code is the credential: the audit names the link, never the code.
  auth::Actor actor{std::nullopt, "callup-link", caller.request_id};
  return record(actor, own->notice, body, "link");
}

core::Result<std::vector<OwnNotice>> Callup::mine(const auth::Principal& who) {
  if (!who.is(auth::Role::volunteer) || !who.person_id)
    return fail(Error::forbidden("Only a volunteer account linked to a person has notices."));
  auto rows = db_.read([&](storage::Tx& tx) {
    std::vector<std::pair<Notice, Activation>> out;
    for (auto& n : activation_store::notices_of_person(tx, *who.person_id, 50))
      if (auto a = activation_store::get(tx, n.activation_id))
        out.emplace_back(std::move(n), std::move(*a));
    return out;
  });
  std::vector<OwnNotice> out;
  for (auto& [n, a] : rows) out.push_back(describe(std::move(n), std::move(a)));
  return out;
}

core::Result<OwnNotice> Callup::answer_mine(const auth::Principal& who, const auth::Actor& actor,
                                            std::int64_t notice_id, const Json& body) {
  if (!who.is(auth::Role::volunteer) || !who.person_id)
    return fail(Error::forbidden("Only a volunteer account linked to a person has notices."));
  auto n = db_.read([&](storage::Tx& tx) { return activation_store::notice_by_id(tx, notice_id); });
  if (!n || n->person_id != *who.person_id)
    return fail(Error::not_found("You have no notice with id " + std::to_string(notice_id) + "."));
  return record(actor, *n, body, "account");
}

core::Result<OwnNotice> Callup::record(const auth::Actor& actor, const Notice& found,
                                       const Json& body, const char* via) {
  auto answer = read_answer(body);
  if (!answer) return fail(answer.error());
  auto stored = db_.write([&](storage::Tx& tx) {
    return record_answer(tx, actor, found.activation_id, found.id, *answer, via, no_such_code());
  });
  if (!stored) return fail(stored.error());
  return describe(std::move(stored->first), std::move(stored->second));
}

}  // namespace qorgan::activation
