#include "notify/bulk.hpp"

#include <algorithm>

#include "core/time.hpp"
#include "notify/outbox_store.hpp"

namespace qorgan::notify {

using core::Error;
using core::fail;

namespace {

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

}  // namespace

core::Result<std::int64_t> add_body(storage::Tx& tx, const Body& b) {
  std::vector<core::FieldError> errors;
  if (b.source.empty() || b.source.size() > 100 || !printable_ascii(b.source))
    errors.push_back({"source", "must be 1–100 printable ASCII characters"});
  if (b.context.size() > 200 || !printable_ascii(b.context))
    errors.push_back({"context", "must be at most 200 printable ASCII characters"});
  // The words are checked as a message's: an e-mail to a valid stand-in address.
  NewMessage probe{.channel = b.subject.empty() ? "sms" : "email",
                   .recipient = b.subject.empty() ? "+77000000000" : "body@example.kz",
                   .subject = b.subject,
                   .text = b.text};
  if (auto s = validate(probe); !s)
    for (const auto& f : s.error().fields)
      if (f.field == "subject" || f.field == "text") errors.push_back(f);
  if (!errors.empty())
    return fail(Error::invalid("The message body is not valid.", std::move(errors)));
  return outbox_store::insert_body(tx, b, core::now_us());
}

core::Status enqueue_bulk(storage::Tx& tx, const BulkMessages& m) {
  std::vector<core::FieldError> errors;
  if (m.body_id <= 0) errors.push_back({"body_id", "must name a body"});
  if (std::ranges::find(channels(), m.channel) == channels().end())
    errors.push_back({"channel", "must be email, sms or print"});
  if (std::ranges::find(kinds(), m.kind) == kinds().end())
    errors.push_back({"kind", "must be real, exercise or test"});
  if (m.reference.size() > 200 || !printable_ascii(m.reference))
    errors.push_back({"reference", "must be at most 200 printable ASCII characters"});
  for (std::size_t i = 0; i < m.keys.size(); ++i)
    if (m.keys[i].empty() || m.keys[i].size() > 200 || !printable_ascii(m.keys[i]))
      errors.push_back(
          {"keys[" + std::to_string(i) + "]", "must be 1–200 printable ASCII characters"});
  if (!errors.empty())
    return fail(Error::invalid("The bulk messages are not valid.", std::move(errors)));
  outbox_store::insert_bulk(tx, m, core::now_us());
  return {};
}

void Resolvers::add(std::string source, Resolve r) {
  by_source_[std::move(source)] = std::move(r);
}

core::Result<Message> Resolvers::resolve(storage::Tx& tx, const Message& stored,
                                         Purpose why) const {
  if (!stored.shared) return stored;
  auto it = by_source_.find(stored.shared->source);
  if (it == by_source_.end())
    return fail(
        Error::internal("no resolver for messages of source '" + stored.shared->source + "'"));
  return it->second(tx, stored, why);
}

}  // namespace qorgan::notify
